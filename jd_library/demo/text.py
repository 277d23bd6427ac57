"""The words of the demo JDs, written for this demo in plain English and put together per role and level.

Each role family has its own openings, duties and person specification; each role adds what it does, its
own duties and its skills from the government's Digital, Data and Technology (DDaT) Capability
Framework, at the skill level the job's level expects.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from django.utils.html import escape

if TYPE_CHECKING:
    from capability.models import Role

    from . import Plan

# Per role: (what the role does, duties of the role, DDaT skills).
ROLES = {
    "analytics-engineer": (
        "builds the tested data models that our dashboards and reports rely on",
        ["build and test data models in our data warehouse that analysts can trust",
         "turn analysis that people repeat by hand into reusable, documented code",
         "agree with data engineers how and when data arrives from each system"],
        ["Data modelling, cleansing and enrichment", "Programming and build (data engineering)",
         "Data quality assurance", "Testing"],
    ),
    "data-analyst": (
        "turns data into clear answers for the people who run services",
        ["build dashboards that service managers use in their weekly meetings",
         "answer questions from services with analysis that is honest about its limits",
         "join and clean data from our case management systems"],
        ["Data analysis and synthesis", "Data visualisation", "Communicating analysis and insight",
         "Data modelling, cleansing and enrichment", "Data ethics and privacy"],
    ),
    "data-engineer": (
        "builds and runs the pipelines that bring data from our systems into one place",
        ["build reliable, monitored data pipelines from our main systems",
         "design data storage that is secure, documented and affordable",
         "write automatic checks that catch bad data before anyone uses it"],
        ["Programming and build (data engineering)", "Data integration design", "Metadata management",
         "Data development process", "Testing"],
    ),
    "data-governance-manager": (
        "makes sure the council knows what data it holds, who looks after it and how it may be used",
        ["keep our register of information assets complete and current",
         "help services write data sharing agreements and privacy notices",
         "agree data quality standards with the people who own each data set"],
        ["Data governance", "Data management", "Data protection and privacy", "Data quality assurance"],
    ),
    "data-scientist": (
        "uses statistics and machine learning to help services plan and act earlier",
        ["build and test models that help services plan, such as forecasts of demand",
         "check models for bias and explain how they work in plain English",
         "put models into use with data engineers and watch how well they perform"],
        ["Applied maths, statistics and scientific practices", "Programming and build (data science)",
         "Data science innovation", "Data ethics and privacy"],
    ),
    "performance-analyst": (
        "helps services measure what matters and improve",
        ["agree measures with services and report them every month",
         "explain changes in performance and what may be behind them",
         "prepare performance reports for senior managers and councillors"],
        ["Performance analysis", "Data visualisation", "Communicating analysis and insight",
         "Data analysis and synthesis"],
    ),
    "devops-engineer": (
        "automates how we build, release and run our online services",
        ["build and look after our deployment pipelines",
         "manage our cloud hosting as code, with changes reviewed like any other code",
         "set up monitoring and alerts so that we hear about problems before residents do"],
        ["Availability and capacity management", "Modern standards approach",
         "Programming and build (software engineering)", "Information security"],
    ),
    "frontend-developer": (
        "builds the parts of our online services that residents see and use",
        ["build accessible pages with the GOV.UK Design System",
         "test pages with screen readers, screen magnifiers and a keyboard alone",
         "make pages fast on older phones and slow connections"],
        ["Programming and build (software engineering)", "Accessibility and inclusion", "Prototyping",
         "Testing"],
    ),
    "software-developer": (
        "builds and improves the online services that residents and staff use",
        ["write clear, tested code and review the code of others",
         "connect our online services to the council's case management systems",
         "fix problems in live services and help the team learn from them"],
        ["Programming and build (software engineering)", "Testing", "Modern standards approach",
         "Systems design", "Information security"],
    ),
    "software-development-manager": (
        "leads our developers and sets how we build software",
        ["manage a team of developers and help each of them grow",
         "set our coding standards and the way we review code",
         "plan technical work with product managers and delivery managers"],
        ["Development process optimisation", "Systems design", "Modern standards approach",
         "Programming and build (software engineering)"],
    ),
    "accessibility-specialist": (
        "makes sure everyone can use our services, including disabled people",
        ["check our websites and online forms against WCAG 2.2 level AA",
         "train designers, developers and people who write web content",
         "write our accessibility statements and keep them up to date"],
        ["Accessibility and inclusion", "Inclusive design", "User research", "Testing"],
    ),
    "content-designer": (
        "writes and organises information so that residents can find it, understand it and act on it",
        ["write and test content for our website, letters and online forms",
         "turn policy and legal text into plain English, working with the experts",
         "look after our style guide and help others use it"],
        ["User-centred content design", "Content concepting and prototyping", "Accessibility and inclusion",
         "Agile working"],
    ),
    "interaction-designer": (
        "designs how people move through our online services",
        ["design and prototype journeys with the GOV.UK Design System",
         "test prototypes with residents and staff, and improve them",
         "share design patterns with other teams and other councils"],
        ["Interaction design", "Prototyping", "Accessibility and inclusion", "User research"],
    ),
    "service-designer": (
        "designs whole services, online and offline, from a resident's first need to the end",
        ["map how services work today across phone, web and face-to-face contact",
         "design better services with the staff who run them and the residents who use them",
         "help leaders see what needs to change and why"],
        ["Service design", "Facilitation", "Prototyping", "User research", "Strategic thinking"],
    ),
    "technical-writer": (
        "writes the guides that help staff and developers use our systems",
        ["write and look after guides for staff who use our systems",
         "write documentation for developers in other councils who use our services",
         "test guides with the people who use them"],
        ["Technical writing", "Information architecture", "User focus", "Agile working"],
    ),
    "user-researcher": (
        "finds out what residents and staff need from our services",
        ["plan and run interviews, usability tests and surveys",
         "include people with access needs and people who do not use the internet",
         "share findings in ways that teams can act on"],
        ["User research methods", "Analysis and synthesis", "Inclusive research", "Research ethics"],
    ),
    "business-analyst": (
        "helps teams understand how work is done today and what needs to change",
        ["map processes with the staff who carry them out",
         "write clear requirements and user stories",
         "set out the costs and benefits of each option"],
        ["Business analysis", "Business process improvement", "Requirements definition and management",
         "Business modelling"],
    ),
    "delivery-manager": (
        "keeps a team delivering in small, useful steps",
        ["plan the team's work and remove what gets in its way",
         "run stand-ups, planning sessions and retrospectives",
         "manage risks and dependencies, and report to the project board"],
        ["Agile and Lean practices", "Team dynamics and collaboration", "Making a process work",
         "Life cycle perspective"],
    ),
    "portfolio-manager": (
        "keeps track of every digital project in the council, so that money goes where it does most good",
        ["run the council's digital portfolio and its monthly review",
         "help directors choose between projects that compete for money and people",
         "report progress, cost and benefits honestly"],
        ["Portfolio management", "Financial management", "Governance and assurance", "Risk management"],
    ),
    "product-manager": (
        "decides what a team builds next, based on what residents need",
        ["set a vision and a roadmap for the service with residents and staff",
         "choose what to do first, and what not to do",
         "measure whether the service works and act on what you learn"],
        ["Product ownership", "Agile working", "Financial ownership", "User focus", "Strategic thinking"],
    ),
    "service-owner": (
        "is accountable for a service from end to end: its users, its budget and its results",
        ["own the service's budget, performance and plans",
         "bring together the teams across the council who run parts of the service",
         "make sure the service meets the Service Standard"],
        ["Live service management", "Financial ownership", "Community collaboration", "Agile working"],
    ),
    "data-architect": (
        "designs how data is organised, stored and shared across the council",
        ["design data models and standards that services share",
         "plan how data moves between systems, and who may see it",
         "give advice on data platforms and tools"],
        ["Data modelling", "Data standards", "Metadata management",
         "Turning business problems into data design"],
    ),
    "enterprise-architect": (
        "keeps a clear picture of the council's systems and plans how they should change",
        ["keep our map of applications, data and the links between them current",
         "set the principles that new technology must follow",
         "plan the retirement of old systems with the services that use them"],
        ["Strategy", "Governance", "Making architectural decisions",
         "Communicating between the technical and the non-technical"],
    ),
    "security-architect": (
        "makes sure our systems are secure by design",
        ["review new systems and changes for security risks",
         "set security standards based on the National Cyber Security Centre's guidance",
         "work with suppliers to fix weaknesses quickly"],
        ["Information security", "Threat understanding", "Risk management", "Secure by design"],
    ),
    "solution-architect": (
        "designs how a new system or service will work and fit with the rest",
        ["design solutions that meet a project's needs and follow our standards",
         "compare the options to build, buy or reuse, with their costs",
         "guide developers and suppliers while they build"],
        ["Making architectural decisions", "Turning business problems into technical design",
         "Systems integration", "Communicating between the technical and the non-technical"],
    ),
    "technical-architect": (
        "designs the technical detail of our systems: hosting, links between systems and networks",
        ["design hosting and the links between systems for new projects",
         "make sure systems can grow, recover from failure and be supported",
         "set technical standards with our IT operations team"],
        ["Systems design", "Systems integration", "Making architectural decisions",
         "Modern standards approach"],
    ),
    "change-and-release-manager": (
        "makes sure changes to our systems go live safely",
        ["run the weekly meeting that approves changes to live systems",
         "plan releases with suppliers and service teams",
         "check that each change has been tested and can be undone"],
        ["Change management", "Release and deployment", "Service transition", "Risk management"],
    ),
    "end-user-computing-engineer": (
        "looks after the laptops, phones and software that staff use every day",
        ["build and update the standard set-up of our laptops and phones",
         "package and install software for teams across the council",
         "solve problems that the service desk passes on"],
        ["End user device management", "IT infrastructure", "Service support", "Asset management"],
    ),
    "it-service-manager": (
        "makes sure IT services meet the needs of the council and its staff",
        ["agree service levels with services and report on them",
         "manage suppliers against their contracts",
         "improve how we handle requests, incidents and problems"],
        ["Service level management", "Supplier management", "Continual service improvement",
         "Incident management"],
    ),
    "incident-manager": (
        "leads the response when a system fails, and makes sure we learn from it",
        ["lead the response to major incidents, with a share of an out-of-hours rota",
         "write clear updates for staff and residents while a service is down",
         "run reviews after incidents and follow up the actions"],
        ["Incident management", "Problem management", "Service support", "Ownership and initiative"],
    ),
    "infrastructure-engineer": (
        "builds and runs the networks, servers and cloud services the council runs on",
        ["manage our cloud and on-site servers",
         "look after our networks, firewalls and backups",
         "automate routine work with scripts"],
        ["IT infrastructure", "Systems integration", "Availability and capacity management",
         "Information security"],
    ),
    "service-desk-analyst": (
        "is the first person staff talk to when technology does not work",
        ["answer requests from staff by phone, chat and in person",
         "solve common problems first time, and pass on the rest with clear notes",
         "set up new starters with their laptops and accounts"],
        ["Customer service management", "Service support", "Incident management", "Asset management"],
    ),
    "qat-analyst": (
        "tests our services to make sure they work for everyone",
        ["plan and run tests of new features and releases",
         "test services with assistive technology such as screen readers",
         "record defects clearly and check the fixes"],
        ["Functional testing", "Non-functional testing", "Test analysis", "Accessibility and inclusion"],
    ),
    "test-engineer": (
        "automates tests so that we can release changes often and safely",
        ["write automated tests that run with every change",
         "test performance and security before releases",
         "help developers test their own code"],
        ["Test automation", "Programming and build (software engineering)", "Non-functional testing",
         "Quality assurance"],
    ),
    "test-manager": (
        "sets how the council tests the services it builds and buys",
        ["set our approach to testing and the standards that go with it",
         "plan testing for large projects and for suppliers' releases",
         "report quality and risk to project boards"],
        ["Test management", "Quality assurance", "Risk management", "Supplier management"],
    ),
    "chief-data-officer": (
        "leads how the council uses data to plan and run services",
        ["set the council's data strategy and lead its delivery",
         "lead the data, insight and performance teams",
         "make sure we use data safely, lawfully and ethically"],
        ["Data strategy", "Data governance", "Data ethics and privacy", "Strategic thinking"],
    ),
    "chief-digital-officer": (
        "leads the council's digital services and how it changes to serve residents online",
        ["set the council's digital strategy with councillors and directors",
         "lead the digital, design and customer contact teams",
         "make sure online services are good enough that residents choose them"],
        ["Digital strategy", "Service ownership", "Financial ownership", "Strategic thinking"],
    ),
    "chief-information-officer": (
        "leads the council's technology, from networks and devices to systems and suppliers",
        ["set the council's technology strategy and budget",
         "lead the IT operations, architecture and cyber security teams",
         "manage the council's largest technology contracts"],
        ["Technology strategy", "Supplier management", "Financial ownership", "Information security"],
    ),
    "chief-technology-officer": (
        "sets the council's technology direction and architecture",
        ["set the direction for our technology, architecture and cloud hosting",
         "lead the architects and senior engineers",
         "decide which technology the council builds, buys or shares with others"],
        ["Technology strategy", "Making architectural decisions", "Innovation", "Strategic thinking"],
    ),
}  # fmt: skip

# Per role family: openings of the purpose, shared duties, and what the person needs.
FAMILIES = {
    "data": (
        ["Our data and insight team helps services understand what is happening for residents and plan "
         "ahead.",
         "Good decisions need good data. Our data team gives services the facts they need, when they need "
         "them."],
        ["share what the numbers show in plain English, including what they cannot tell us",
         "improve the quality and documentation of the data we hold",
         "follow our data protection rules and help others to follow them",
         "work with other London boroughs on shared data projects through the London Office of Technology "
         "and Innovation"],
        ["experience of working with data in SQL, Python, R or a similar language",
         "care for accuracy, and the habit of checking your own work",
         "experience of a tool for building dashboards, such as Power BI or Tableau"],
    ),
    "software-development": (
        ["Our developers build and run the online services that residents use every day.",
         "We build our own online services where that serves residents best, and share our code openly."],
        ["work in the open and share code with other councils",
         "keep our services secure, monitored and running",
         "replace old systems with simpler ones, one piece at a time",
         "make sure what we build meets the GOV.UK Service Standard"],
        ["experience of building web applications in a modern programming language",
         "experience of version control and automated testing",
         "an understanding of how to build accessible web pages"],
    ),
    "user-centred-design": (
        ["Our design team makes sure council services work for the people who use them.",
         "We design services around what residents need, not around how the council is organised."],
        ["help colleagues across the council take part in research and design",
         "make sure our services meet accessibility standards",
         "keep our design patterns and guidance up to date",
         "show your work often and change it based on what you learn"],
        ["examples of your work that show how you made a service better for its users",
         "experience of working with people who have access needs",
         "the confidence to explain design decisions to senior managers"],
    ),
    "product-and-delivery": (
        ["Our product and delivery teams decide what to build and deliver it in small, useful steps.",
         "We run projects in a way that shows results early and changes course when the evidence says so."],
        ["understand what residents and staff need and set priorities with them",
         "manage risks, dependencies and budgets, and report progress honestly",
         "work with suppliers to get value for money",
         "help teams across the council work in an agile way"],
        ["experience of delivering digital or technology projects",
         "experience of agile ways of working, such as Scrum or Kanban",
         "a clear way of explaining progress and risks to people who are not specialists"],
    ),
    "architecture": (
        ["Our architects make sure that our systems, data and technology fit together and last.",
         "We want technology that is simple to change, safe and good value, and architecture is how we get "
         "it."],
        ["review designs for security, cost and ease of change",
         "give advice on buying and building technology",
         "help teams choose open standards and cloud services",
         "write down decisions and the reasons for them, so that others can follow"],
        ["experience of designing systems in an organisation with many services",
         "knowledge of cloud hosting and how systems share data",
         "the ability to explain technical choices to people who are not specialists"],
    ),
    "it-operations": (
        ["Our IT team keeps staff connected and the council's systems working.",
         "More than 3,000 staff rely on our IT service to support residents, from social workers to street "
         "cleaners."],
        ["manage incidents and changes so that services stay available",
         "keep our devices and systems up to date and secure",
         "write clear guides so that staff can help themselves",
         "record your work in our service management system"],
        ["experience of supporting users of Microsoft 365 and Windows",
         "a calm, patient manner when people are under pressure",
         "knowledge of ITIL or a similar way of managing IT services"],
    ),
    "quality-assurance-testing-qat": (
        ["Our testers make sure the services we build and buy work, are secure and are accessible.",
         "Testing early and often lets us release changes with confidence."],
        ["improve how we test across teams",
         "check that changes are safe to release",
         "report on quality in plain English",
         "test services that suppliers build for us before we accept them"],
        ["experience of planning and running tests",
         "an eye for detail and a clear way of recording what you find",
         "an understanding of accessibility testing"],
    ),
    "chief-digital-and-data": (
        ["Our digital, data and technology service serves every part of the council.",
         "We are changing how the council works, so that residents can do more online and staff have the "
         "tools they need."],
        ["grow the skills of your teams and plan for the skills the council will need",
         "manage a significant budget and our main suppliers",
         "work with councillors and directors on the council's priorities",
         "work with other London councils through the London Office of Technology and Innovation"],
        ["experience of leading digital, data or technology services in a large organisation",
         "a record of managing large budgets and contracts",
         "experience of working with elected members or a board"],
    ),
}  # fmt: skip

LEVELS = {
    "apprentice": ("You will learn on the job with a mentor, and study towards a recognised apprenticeship "
                   "one day a week.", "awareness", "working"),
    "junior": ("You will work with support from experienced colleagues and build your skills.", "working",
               "working"),
    "mid": ("You will do your team's everyday work on your own and help others to learn.", "working",
            "practitioner"),
    "senior": ("You will lead the work of your discipline in a team and coach others.", "practitioner",
               "practitioner"),
    "lead": ("You will lead your discipline across several teams and set how we work.", "practitioner",
             "expert"),
    "head-of": ("You will head a function for the council, and its managers will report to you.", "expert",
                "practitioner"),
    "director": ("You will join the council's senior leadership team.", "expert", "expert"),
}  # fmt: skip
LEVEL_DUTIES = {
    "apprentice": ["study towards a Level {n} apprenticeship, with paid time for learning",
                   "shadow experienced colleagues and take on more as you learn"],
    "junior": ["learn our systems and ways of working, with a named colleague to help you"],
    "mid": ["help newer colleagues learn the work"],
    "senior": ["coach and review the work of others in your discipline"],
    "lead": ["manage a team of {n} people and help each of them develop",
             "set standards for your discipline across the council"],
    "head-of": ["lead a service of about {n} people and its managers",
                "manage a budget of about £{m} million",
                "represent the council with partners across London"],
    "director": ["be a member of the council's corporate leadership team",
                 "lead a directorate of about {n} people with a budget of about £{m} million",
                 "advise councillors and the cabinet member on digital, data and technology"],
}  # fmt: skip
SKILL_LEVELS = {
    "awareness": "you know what this involves and why it matters",
    "working": "you can do this in your own work, asking for guidance when you need it",
    "practitioner": "you can do this on your own and help others to do it well",
    "expert": "you can lead this across the council and set how it is done",
}
LEVEL_WORDS = {"apprentice": "apprentice", "junior": "junior", "mid": "mid-level", "senior": "senior",
               "lead": "lead", "head-of": "head of service", "director": "director"}  # fmt: skip
GENERAL_NEEDS = [
    "a clear way of explaining your work to people who are not specialists",
    "care for residents and the difference good public services make",
    "the ability to plan your own work and meet deadlines",
    "a commitment to equality, diversity and inclusion",
    "a willingness to learn and to share what you know",
]
WOULD_HELP = [
    "experience of working in local government or another public service",
    "knowledge of the GOV.UK Service Standard",
    "experience of working with other councils or partner organisations",
    "experience of working with suppliers",
]
TEAMS = [
    "Digital Services team", "IT service", "Digital, Data and Technology service", "Strategy and Change team",
    "Customer and Digital directorate", "Resources directorate",
]  # fmt: skip
WORKING = [
    "We offer hybrid and flexible working: most of the team work from the office two days a week.",
    "We support flexible working, including part-time hours, compressed hours and job shares.",
    "This role is hybrid, with flexible hours around core times, and we are happy to talk about flexible "
    "working.",
]
BENEFITS = [
    "You will get 27 days' annual leave, rising with service, and the Local Government Pension Scheme.",
    "We offer the Local Government Pension Scheme, generous leave and paid time for learning.",
    "You will have paid time for learning, an interest-free season ticket loan and the Local Government "
    "Pension Scheme.",
]
REJECTION_REASONS = [
    "Please add the salary range for the grade and say whether it includes London weighting.",
    "The skills section lists software tools rather than skills. Please describe the skills and the level "
    "expected, using the DDaT framework as the exemplars do.",
    "The person specification asks for a degree. Please remove it unless the role needs one, and say what "
    "experience would do instead.",
    "Please take out the names and phone numbers of staff before we publish the job description.",
]
EXEMPLAR_NOTES = [
    "A short, clear purpose that says what the {role} does for residents, and skills set against DDaT "
    "levels. A good model for {family} roles.",
    "Written in plain English without jargon. The person specification asks only for what the job needs, "
    "with no degree requirement, which widens the pool of applicants.",
    "Puts the salary, grade and flexible working up front, and keeps each responsibility to one short, "
    "clear line that says what the job holder does.",
    "The responsibilities say what a {level} {role} is accountable for, and each skill comes with the DDaT "
    "level expected and what that level means in practice.",
]


def _lower(phrase: str) -> str:
    """Lower-case ordinary words, keeping acronyms and names such as DevOps as they are."""
    return " ".join(word.lower() if word[1:].islower() else word for word in phrase.split())


def _organisation(name: str) -> str:
    """ "the London Borough of Hackney", but "Westminster City Council"."""
    return f"the {name}" if name.startswith(("London Borough", "Royal Borough", "City of London")) else name


def _items(values) -> str:
    return "<ul>" + "".join(f"<li>{escape(value)}</li>" for value in values) + "</ul>"


def sections(rng: random.Random, p: Plan, role: Role) -> dict[str, str]:
    """The four sections of a demo JD as HTML, made from the tables above with `rng`'s choices."""
    does, role_duties, skills = ROLES[p.role_slug]
    openings, family_duties, family_needs = FAMILIES[role.family.slug]
    level_text, skill_level, top_level = LEVELS[p.level_slug]
    team = f"our {p.area} team" if p.area else f"our {rng.choice(TEAMS)}"
    job = p.title.split(" (")[0]
    if p.level_slug not in ("head-of", "director"):
        job = _lower(job)
    where = f"You will join {team} at {_organisation(p.organisation.name)}."
    purpose = (
        f"<p>{escape(rng.choice(openings))} The {escape(job)} {escape(does)}.</p>"
        f"<p>{escape(where)} {level_text} {escape(rng.choice(WORKING))} {escape(rng.choice(BENEFITS))}</p>"
    )
    numbers = {"n": rng.choice([3, 4]), "m": rng.choice([2, 3, 4, 6])}
    if p.level_slug in ("lead", "head-of", "director"):
        numbers = {"n": {"lead": rng.randint(4, 8), "head-of": rng.choice([20, 30, 45]),
                         "director": rng.choice([120, 180, 250])}[p.level_slug],
                   "m": {"lead": 1, "head-of": rng.choice([3, 5, 8]), "director": rng.choice([15, 22, 30])}[
                       p.level_slug]}  # fmt: skip
    level_duties = [duty.format(**numbers) for duty in LEVEL_DUTIES[p.level_slug]]
    if any(duty.startswith("manage a team") for duty in role_duties):
        level_duties = [duty for duty in level_duties if not duty.startswith("manage a team")]
    wanted = rng.randint(5, 8)
    extra = rng.sample(
        family_duties, min(len(family_duties), max(0, wanted - len(role_duties) - len(level_duties)))
    )
    duties = role_duties + extra + level_duties
    responsibilities = "<p>You will:</p>" + _items(duties)
    needs = rng.sample(family_needs, 2) + rng.sample(GENERAL_NEEDS, rng.randint(2, 3))
    if p.level_slug == "apprentice":
        needs = ["an interest in technology and how it helps people",
                 *rng.sample(GENERAL_NEEDS, 3)]  # fmt: skip
        helps = ["English and maths at GCSE grade 4 (C) or above: if you do not have them, you can gain them "
                 "during the apprenticeship"]  # fmt: skip
    else:
        helps = rng.sample(WOULD_HELP, 2)
    person = "<p>You will need:</p>" + _items(needs) + "<p>It would help if you have:</p>" + _items(helps)
    levels = [skill_level if i % 2 else top_level for i in range(len(skills))]
    skill_items = "".join(
        f"<li><strong>{escape(skill)}</strong> ({level}): {SKILL_LEVELS[level]}</li>"
        for skill, level in zip(skills, levels, strict=True)
    )
    skills_html = (
        "<p>These skills come from the Digital, Data and Technology (DDaT) Capability Framework, with the "
        "level we expect for this role.</p>" + f"<ul>{skill_items}</ul>"
    )
    return {
        "purpose": purpose,
        "responsibilities": responsibilities,
        "person_specification": person,
        "skills": skills_html,
    }


def exemplar_note(rng: random.Random, p: Plan, role: Role) -> str:
    note = rng.choice(EXEMPLAR_NOTES)
    return note.format(
        role=_lower(role.name), family=_lower(role.family.name), level=LEVEL_WORDS[p.level_slug]
    )


def rejection_reason(rng: random.Random) -> str:
    return rng.choice(REJECTION_REASONS)
