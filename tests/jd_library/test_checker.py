"""The JD checker on texts written for each kind of finding, on a clean JD and on awkward input.

No database: the checker is pure Python.
"""

import json

import pytest
import textstat

from jd_library.checker import Kind, Severity, check_jd, check_text, warm_up
from jd_library.checker.text import to_lines

CLEAN_JD = {
    "title": "Data Analyst",
    "salary": "£42,000 to £47,500 a year, including London weighting",
    "purpose": """
<p>The London Borough of Eastmere serves 280,000 residents. Our services make hundreds of choices every
week, from which roads to repair to which families need help first. We want those choices to rest on good
evidence.</p>
<p>As our Data Analyst, you will turn the data we hold into clear facts, charts and stories that staff and
councillors can use. You will join a friendly team of six in the Insight and Performance service. Together we
help teams across the council understand their work and improve it for residents.</p>
<p>We offer hybrid working: most of the team spend two days a week at the Town Hall and the rest at home.
We are happy to talk about part-time hours or a job share. You get 27 days of annual leave plus bank holidays,
a local government pension and paid time for learning.</p>
""",
    "responsibilities": """
<ul>
<li>Gather, clean and join data from our housing, social care and waste systems.</li>
<li>Build reports and dashboards that people can understand at a glance.</li>
<li>Answer questions from services, for example why missed bin collections rose in one ward.</li>
<li>Explain what the numbers show, and what they do not show, in plain words.</li>
<li>Check the quality of our data and work with the people who run each system to fix problems.</li>
<li>Keep personal data safe and follow data protection law.</li>
<li>Write short guides so that others can use your reports without help.</li>
<li>Share what you learn with other data teams across London.</li>
</ul>
""",
    "person_specification": """
<p>You enjoy solving problems with data and explaining the results to people who are not experts. We do not
expect you to know everything on day one. We will support you to learn, and we will pay for training.</p>
<h3>Essential</h3>
<ul>
<li>You can write queries in Structured Query Language (SQL) to get and join data.</li>
<li>You can use spreadsheets well, including pivot tables and lookups.</li>
<li>You can build clear charts in a business intelligence (BI) tool such as Power BI or Tableau.</li>
<li>You can explain findings to a mixed audience, in writing and in person.</li>
<li>You care about accuracy and check your own work.</li>
</ul>
<h3>Desirable</h3>
<ul>
<li>Some use of Python or R.</li>
<li>A degree in a subject that uses numbers, or equivalent experience.</li>
<li>An interest in local government and the people it serves.</li>
</ul>
""",
    "skills": """
<ul>
<li>Data visualisation: working level. You make charts that are honest and easy to read.</li>
<li>Data quality: working level. You spot gaps and errors and know how to fix them.</li>
<li>Communicating with data: practitioner level. You tell a clear story with numbers.</li>
<li>Data protection: awareness level. You know when to ask for advice.</li>
</ul>
<p>We welcome people from every background. We guarantee an interview to disabled people who meet the
essential skills, and we will make any changes you need for the interview.</p>
""",
}

# Findings a clean JD must not have (a readability warning or a 26 to 35 word sentence may remain).
NEVER_ON_A_CLEAN_JD = {
    Kind.JARGON,
    Kind.ACRONYMS,
    Kind.NEEDLESS_REQUIREMENTS,
    Kind.MISSING_SALARY,
    Kind.MISSING_FLEXIBLE_WORKING,
    Kind.EMPTY,
}


def one(report, kind, severity=None):
    found = [f for f in report.of_kind(kind) if severity is None or f.severity == severity]
    assert len(found) == 1, [f.title for f in report.findings]
    return found[0]


def texts(finding):
    return [match.text for match in finding.matches]


def padded(text, words=320):
    """`text` plus enough plain, short, neutral sentences that only the finding under test shows."""
    filler = "You will work on this with the team. The salary is £40,000. We offer hybrid working. " * 40
    return text + " " + " ".join(filler.split()[:words])


# The clean JD


def test_clean_jd_has_no_findings_that_matter_and_scores_90_or_more():
    report = check_jd(CLEAN_JD)

    assert not report.kinds & {str(kind) for kind in NEVER_ON_A_CLEAN_JD}, [f.title for f in report.findings]
    assert not report.of_kind(Kind.LONG_SENTENCES) or all(
        f.severity != Severity.PROBLEM for f in report.of_kind(Kind.LONG_SENTENCES)
    )
    assert all(f.severity != Severity.PROBLEM for f in report.of_kind(Kind.READABILITY))
    assert report.score >= 90
    assert report.verdict.startswith("Good")
    assert 350 <= report.stats.words <= 500
    assert report.stats.flesch_reading_ease >= 50


def test_clean_jd_as_one_text_also_passes():
    text = "\n".join(
        CLEAN_JD[key] for key in ("title", "purpose", "responsibilities", "person_specification")
    )
    report = check_text(text + CLEAN_JD["skills"] + "<p>Salary: " + CLEAN_JD["salary"] + "</p>")

    assert not report.kinds & {str(kind) for kind in NEVER_ON_A_CLEAN_JD}
    assert report.score >= 90


# 1. Readability


def test_hard_text_is_a_readability_problem_with_the_figure():
    hard = (
        "Organisational effectiveness necessitates comprehensive interdepartmental coordination. "
        "Accountability encompasses operational, financial and reputational considerations. "
        "Responsibilities additionally incorporate identification of transformational opportunities. "
    ) * 4
    report = check_text(padded(hard, words=0))

    finding = one(report, Kind.READABILITY)
    assert finding.severity == Severity.PROBLEM
    assert finding.value < 30
    assert f"{finding.value:.0f}" in finding.title
    assert report.stats.flesch_reading_ease == finding.value


def test_fairly_hard_text_is_a_warning():
    text = (
        "The postholder will provide analytical support to managers. "
        "You will produce regular reports and present your findings. "
    ) * 6
    finding = one(check_text(text), Kind.READABILITY)

    assert finding.severity == Severity.WARNING
    assert 30 <= finding.value < 50


def test_reading_ease_matches_textstat_on_simple_prose():
    prose = (
        "The cat sat on the mat. It was a warm day and the sun was out. "
        "We went to the park to play with the dog. Then we came home for tea. "
    ) * 5
    ours = check_text(prose).stats.flesch_reading_ease

    assert ours == pytest.approx(textstat.flesch_reading_ease(prose), abs=1.0)


# 2. Long sentences


LONG_30 = (
    "You will work with colleagues in housing, planning, waste and social care to understand what they need "
    "from their data and to agree how each report should look and work."
)
LONG_40 = (
    "You will be expected to take part in regular meetings with managers from across the council in which "
    "you will present the results of your work, answer their questions about the figures and agree with them "
    "what should happen next."
)


def test_long_sentences_are_listed_with_their_word_counts():
    report = check_text(padded(f"{LONG_30} Short one. {LONG_40}"))

    warning = one(report, Kind.LONG_SENTENCES, Severity.WARNING)
    problem = one(report, Kind.LONG_SENTENCES, Severity.PROBLEM)
    assert texts(warning) == [LONG_30]
    assert warning.matches[0].detail == "30 words"
    assert texts(problem) == [LONG_40]
    assert problem.matches[0].detail == "40 words"
    assert problem.matches[0].section == "text"


def test_only_the_first_few_long_sentences_are_listed_but_all_are_counted():
    report = check_text(" ".join(LONG_40.replace("council", f"council number {n}") for n in range(8)))

    problem = one(report, Kind.LONG_SENTENCES, Severity.PROBLEM)
    assert problem.count == 8
    assert len(problem.matches) == 5
    assert problem.matches[0].detail == "42 words"


def test_a_repeated_long_sentence_is_listed_once_with_its_count():
    report = check_jd({"purpose": LONG_40, "skills": f"{LONG_40} {LONG_40}"})

    problem = one(report, Kind.LONG_SENTENCES, Severity.PROBLEM)
    assert problem.count == 3
    assert [(match.text, match.count, match.sections) for match in problem.matches] == [
        (LONG_40, 3, ("purpose", "skills"))
    ]


def test_list_items_are_sentences_and_abbreviations_do_not_split():
    items = "".join(f"<li>Item number {n} with a few words but no full stop</li>" for n in range(6))
    abbreviations = "<p>Use tools, e.g. Excel, i.e. spreadsheets, etc. every day.</p>"
    report = check_jd({"responsibilities": f"<ul>{items}</ul>{abbreviations}"})

    assert report.stats.sentences == 7
    assert not report.of_kind(Kind.LONG_SENTENCES)


def test_a_bulleted_plain_text_list_is_split_into_sentences():
    lines = to_lines("Main duties:\n- Build reports\n• Clean data\n1. Answer questions\n")

    assert [line.text for line in lines] == [
        "Main duties:",
        "Build reports",
        "Clean data",
        "Answer questions",
    ]
    assert lines[0].is_heading
    assert not any(line.is_heading for line in lines[1:])


def test_a_hard_wrapped_paragraph_is_joined_again():
    lines = to_lines(
        "You will build reports for\nthe housing team and\nexplain them.\nWe offer hybrid working."
    )

    assert [line.text for line in lines] == [
        "You will build reports for the housing team and explain them.",
        "We offer hybrid working.",
    ]


# 3. Jargon


def test_jargon_is_found_with_alternative_source_and_section():
    report = check_jd(
        {
            "title": "Data Ninja",
            "purpose": "We need a dynamic self-starter to leverage our data going forward.",
            "responsibilities": (
                "Stakeholder management across the council. Find synergies and touch base weekly. "
                "Deliver best in class dashboards in a fast-paced environment. We work hard, play hard."
            ),
        }
    )

    finding = one(report, Kind.JARGON)
    by_text = {match.text: match for match in finding.matches}
    assert set(by_text) == {
        "Ninja",
        "dynamic",
        "self-starter",
        "leverage",
        "going forward",
        "Stakeholder management",
        "synergies",
        "touch base",
        "best in class",
        "fast-paced",
        "work hard, play hard",
    }
    assert by_text["Ninja"].section == "title"
    assert by_text["leverage"].section == "purpose"
    assert by_text["leverage"].alternative == "use, make the most of"
    assert by_text["leverage"].source == "GOV.UK style guide: words to avoid"
    assert by_text["synergies"].section_label == "Responsibilities"
    assert finding.severity == Severity.WARNING


def test_jargon_counts_repeats_and_word_forms_once_per_phrase():
    report = check_text("We utilise data. Staff utilised it. Teams are utilising it. We liaise with people.")

    finding = one(report, Kind.JARGON)
    utilise = next(match for match in finding.matches if match.text.startswith("utilis"))
    assert utilise.count == 3
    assert {match.alternative for match in finding.matches} == {"use", "work with, talk to"}
    assert finding.count == 4


def test_plain_english_campaign_words_are_found():
    report = check_text("Remuneration is paid per annum. Prior to starting, you will endeavour to read it.")

    finding = one(report, Kind.JARGON)
    assert set(texts(finding)) == {"Remuneration", "per annum", "Prior to", "endeavour"}
    assert {match.source for match in finding.matches} == {
        "Plain English Campaign: A to Z of alternative words"
    }


# 4. Acronyms


def test_unexplained_acronyms_are_listed_with_the_section_of_first_use():
    report = check_jd(
        {
            "title": "SCP Analyst",
            "purpose": "You will follow the General Data Protection Regulation (GDPR) and ITIL.",
            "responsibilities": (
                "Write SQL. Report KPIs to the NHS and UK teams. Use BI (business intelligence) tools."
            ),
            "skills": "SQL and GDPR. Some IT and CV skills.",
        }
    )

    finding = one(report, Kind.ACRONYMS)
    by_text = {match.text: match for match in finding.matches}
    assert set(by_text) == {"SCP", "ITIL", "SQL", "KPI"}
    assert by_text["ITIL"].section == "purpose"
    assert by_text["SQL"].section == "responsibilities"
    assert by_text["SQL"].count == 2
    assert by_text["SQL"].sections == ("responsibilities", "skills")
    assert by_text["SCP"].section == "title"
    assert by_text["SCP"].detail == "used in the title and not explained"


def test_an_acronym_explained_only_much_later_is_still_reported():
    later = "You will use SQL every day. " + "We help residents with housing questions. " * 10
    report = check_jd({"purpose": later, "skills": "Structured Query Language (SQL)."})

    finding = one(report, Kind.ACRONYMS)
    assert texts(finding) == ["SQL"]
    assert finding.matches[0].detail.startswith("explained only later, in Skills")


def test_capitals_headings_and_roman_numerals_are_not_acronyms():
    report = check_jd(
        {
            "responsibilities": "<h2>KEY RESPONSIBILITIES</h2><p>ABOUT YOU</p><p>Part II of the plan.</p>",
            "skills": "Stage IV work.",
        }
    )

    assert not report.of_kind(Kind.ACRONYMS)


# 5. Gender-coded words


def test_masculine_coded_wording_is_reported_with_alternatives():
    report = check_text(
        padded(
            "We want an ambitious, competitive leader. You will lead an analytical team, be decisive and "
            "assertive, and show leadership in a challenging role."
        )
    )

    finding = one(report, Kind.GENDER_CODING)
    words = {match.text: match for match in finding.matches}
    assert {
        "ambitious",
        "competitive",
        "leader",
        "lead",
        "analytical",
        "decisive",
        "assertive",
        "leadership",
    } <= {word for word, match in words.items() if match.detail == "masculine-coded"}
    assert "strongly masculine-coded" in finding.title
    assert finding.severity == Severity.WARNING
    assert finding.value > 3
    assert words["competitive"].alternative
    assert "lead" in finding.suggestion or "competitive" in finding.suggestion
    assert finding.deduction > 0


def test_feminine_coded_wording_is_reported_but_costs_nothing():
    report = check_text(
        padded("You will support a warm, understanding and committed team that works together with trust.")
    )

    finding = one(report, Kind.GENDER_CODING)
    feminine = {match.text for match in finding.matches if match.detail == "feminine-coded"}
    assert {"support", "warm", "understanding", "committed", "together", "trust"} <= feminine
    assert "feminine-coded" in finding.title
    assert finding.severity == Severity.INFO
    assert finding.deduction == 0


def test_balanced_wording_is_neutral():
    report = check_text(padded("You will lead the team and support colleagues."))

    finding = one(report, Kind.GENDER_CODING)
    assert "neutral" in finding.title
    assert finding.value == 0


def test_slightly_masculine_wording_is_info():
    finding = one(check_text(padded("You will lead the team and be confident.")), Kind.GENDER_CODING)

    assert "slightly masculine-coded" in finding.title
    assert finding.severity == Severity.INFO


# 6. Needless requirements


@pytest.mark.parametrize(
    ("text", "code", "matched"),
    [
        ("A degree is essential.", "degree", "A degree is essential"),
        ("You must have a degree in statistics.", "degree", "must have a degree"),
        ("Educated to degree level.", "degree", "Educated to degree level"),
        ("A 2:1 in any subject.", "degree", "2:1"),
        ("You must be a native English speaker.", "native_speaker", "native English speaker"),
        ("Native English is needed.", "native_speaker", "Native English"),
        ("10+ years in analytics.", "years_of_experience", "10+ years"),
        ("A minimum of 5 years in a similar role.", "years_of_experience", "minimum of 5 years"),
        (
            "At least three years' relevant experience.",
            "years_of_experience",
            "three years' relevant experience",
        ),
        ("A full UK driving licence.", "driving_licence", "full UK driving licence"),
        ("You must be physically fit.", "physically_fit", "physically fit"),
        ("Ideal for a recent graduate.", "recent_graduate", "recent graduate"),
        ("You are a digital native.", "digital_native", "digital native"),
        ("We want someone young and energetic.", "young", "young and energetic"),
    ],
)
def test_needless_requirements_are_found(text, code, matched):
    report = check_text(text)

    finding = one(report, Kind.NEEDLESS_REQUIREMENTS)
    assert finding.code == f"needless_requirements.{code}"
    assert texts(finding) == [matched]
    assert finding.explanation
    assert finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "A degree or equivalent experience.",
        "Educated to degree level or equivalent experience.",
        "A degree in a relevant subject, or relevant experience.",
        "Two years' fixed-term contract.",
        "Able to travel across the borough.",
        "You will support young people leaving care.",
        "You will work with graduates from our apprenticeship scheme.",
    ],
)
def test_reasonable_wording_is_not_a_needless_requirement(text):
    assert not check_text(text).of_kind(Kind.NEEDLESS_REQUIREMENTS)


def test_age_risks_name_the_equality_act():
    report = check_text("A digital native and recent graduate with 10+ years in the field.")

    findings = report.of_kind(Kind.NEEDLESS_REQUIREMENTS)
    assert {f.code.split(".")[1] for f in findings} == {
        "digital_native",
        "recent_graduate",
        "years_of_experience",
    }
    for finding in findings:
        assert "Equality Act 2010" in finding.explanation
        assert "age" in finding.explanation
        assert finding.matches[0].detail == "equality risk: age"


# 7. Missing salary and flexible working


def test_missing_salary_is_a_problem():
    report = check_jd({"purpose": "We offer hybrid working. " * 20, "salary": ""})

    finding = one(report, Kind.MISSING_SALARY)
    assert finding.severity == Severity.PROBLEM
    assert "salary first" in finding.explanation


def test_competitive_salary_is_not_a_salary():
    report = check_jd({"purpose": "We offer hybrid working.", "salary": "Competitive"})

    assert texts(one(report, Kind.MISSING_SALARY)) == ["Competitive"]


@pytest.mark.parametrize(
    "salary",
    ["£42,000 to £47,500", "42000 - 47500", "Grade PO3: £42k", 42000, (42000, 47500), [42000.0, None]],
)
def test_salary_given_as_text_or_figures_is_found(salary):
    report = check_jd({"purpose": "We offer hybrid working.", "salary": salary})

    assert not report.of_kind(Kind.MISSING_SALARY)


def test_salary_in_the_text_is_found():
    assert not check_text("The salary is &pound;42,000 a year.").of_kind(Kind.MISSING_SALARY)


def test_missing_flexible_working_is_a_warning():
    report = check_jd({"purpose": "You will build reports.", "salary": "£40,000"})

    assert one(report, Kind.MISSING_FLEXIBLE_WORKING).severity == Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        "Hybrid working is available.",
        "We welcome part-time applicants.",
        "This post can be a job share.",
        "Tell us the working pattern you need.",
        "We are flexible about where and when you work.",
        "You can work remotely.",
    ],
)
def test_flexible_working_mentions_are_found(text):
    assert not check_text(text).of_kind(Kind.MISSING_FLEXIBLE_WORKING)


# 8. Length and purpose


def test_a_thin_jd_is_too_short():
    finding = one(check_text("You will build reports. The salary is £40,000. Hybrid working."), Kind.LENGTH)

    assert finding.severity == Severity.WARNING
    assert finding.value == 10
    assert "10 words" in finding.title


def test_a_very_long_jd_is_too_long():
    report = check_text("You will build clear reports for the team. " * 200)

    finding = one(report, Kind.LENGTH)
    assert finding.value == 1600
    assert "1,600 words" in finding.title


def test_missing_purpose_is_info():
    report = check_jd({"responsibilities": "You will build reports.", "purpose": "  <p> </p> "})

    assert one(report, Kind.MISSING_PURPOSE).severity == Severity.INFO
    assert not check_jd(CLEAN_JD).of_kind(Kind.MISSING_PURPOSE)
    assert not check_text("You will build reports.").of_kind(Kind.MISSING_PURPOSE)


# Input handling and edge cases


def test_html_tags_are_stripped_and_entities_decoded():
    report = check_jd(
        {
            "purpose": (
                '<p class="x"><strong>You</strong> will <em>leverage</em> data.</p><!-- a comment -->'
                "<script>alert('leverage')</script><ul><li><p>Build reports</p></li><li>Clean data</li></ul>"
                "<p>Salary &pound;40,000 &amp; hybrid working.</p>"
            )
        }
    )

    jargon = one(report, Kind.JARGON)
    assert texts(jargon) == ["leverage"]
    assert jargon.matches[0].count == 1
    assert report.stats.sentences == 4
    assert not report.of_kind(Kind.MISSING_SALARY)
    assert not any("<" in match.text for finding in report.findings for match in finding.matches)


def test_hostile_markup_is_handled_in_linear_time():
    hostile = "<script>" * 20_000 + "<!--" * 20_000 + "<a " * 20_000
    report = check_text("Build reports for the team. <script>alert(1)</script>" + hostile)

    assert report.stats.words == 5


def test_warm_up_runs():
    warm_up()


@pytest.mark.parametrize("value", ["", "   ", "<p></p>", "<p>&nbsp;</p>"])
def test_empty_input_is_one_clear_finding(value):
    for report in (check_text(value), check_jd({"purpose": value})):
        assert [f.kind for f in report.findings] == [Kind.EMPTY]
        assert report.score == 0
        assert report.stats.words == 0
        assert report.stats.flesch_reading_ease is None


def test_no_sections_at_all():
    report = check_jd({})

    assert one(report, Kind.EMPTY).title == "Nothing to check"


def test_a_title_alone_is_reported_as_such():
    report = check_jd({"title": "Data Analyst", "purpose": None, "skills": ""})

    finding = one(report, Kind.EMPTY)
    assert finding.code == "empty.title_only"
    assert "title" in finding.title
    assert report.score == 0


def test_very_long_input_is_handled():
    paragraph = CLEAN_JD["responsibilities"] + CLEAN_JD["person_specification"]
    report = check_jd({"purpose": paragraph * 60, "salary": "£40,000"})

    assert report.stats.words > 10_000
    assert one(report, Kind.LENGTH).code == "length.long"
    assert 0 <= report.score <= 100


def test_score_never_goes_below_zero():
    awful = (
        "We need a young and energetic digital native, a recent graduate with 10+ years in the field, a "
        "native English speaker who is physically fit and holds a full driving licence, and a degree is "
        "essential. Leverage synergies going forward as a dynamic self-starter and guru with SCP, ITIL, KPI, "
        "XYZ and ABC. "
    ) * 3
    report = check_jd({"title": "Rockstar", "person_specification": awful})

    assert sum(f.deduction for f in report.findings) > 100
    assert report.score == 0
    assert report.verdict.startswith("Poor")


def test_findings_come_most_serious_first():
    report = check_jd({"person_specification": "You must be a digital native. We leverage synergy."})

    ranks = [("problem", "warning", "info").index(f.severity) for f in report.findings]
    assert ranks == sorted(ranks)


def test_report_as_dict_is_plain_json():
    report = check_jd(
        {**CLEAN_JD, "salary": "", "purpose": CLEAN_JD["purpose"] + "<p>Leverage SCP data.</p>"}
    )

    data = report.as_dict()
    again = json.loads(json.dumps(data))
    assert again == data
    assert set(data) == {"score", "verdict", "stats", "findings"}
    assert set(data["stats"]) == {
        "words",
        "sentences",
        "average_sentence_length",
        "flesch_reading_ease",
        "reading_time_seconds",
        "reading_time_minutes",
    }
    finding = next(f for f in data["findings"] if f["kind"] == "jargon")
    assert set(finding) == {
        "kind",
        "severity",
        "title",
        "explanation",
        "suggestion",
        "matches",
        "count",
        "value",
        "code",
        "deduction",
    }
    assert finding["matches"][0]["section_label"] == "Purpose"
    assert {f["kind"] for f in data["findings"]} >= {"jargon", "acronyms", "missing_salary"}
