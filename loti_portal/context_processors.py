from django.conf import settings
from django.urls import NoReverseMatch, reverse

# The parts of the portal, in header order. A part appears (in the header and on the home page) once it
# exists, that is once its URL name resolves.
PARTS = [
    ("Jobs", "jobs:list", "Digital, data and technology jobs from every London borough, with weekly alerts."),
    ("JD library", "jd_library:list", "Good job descriptions to start from, and a checker for your own."),
    ("Salaries", "salaries:index", "What each role and level is paid across London's boroughs."),
    ("Apprentices", "apprentices:index", "Digital apprenticeships in boroughs and Apprenticeship Levy help."),
    ("Events", "events:list", "Careers days, communities of practice and courses."),
    ("Capability model", "capability:index", "The digital, data and innovation capability model."),
    ("Recruiter", "recruiter:index", "Ask LOTI's recruiter for advice and book shared specialists."),
]


def available_parts() -> list[dict]:
    parts = []
    for label, name, description in PARTS:
        try:
            parts.append({"label": label, "url": reverse(name), "description": description})
        except NoReverseMatch:
            continue
    return parts


def site(request):
    path = request.path
    navigation = [{**part, "active": path.startswith(part["url"])} for part in available_parts()]
    return {"service_name": settings.SERVICE_NAME, "navigation": navigation}
