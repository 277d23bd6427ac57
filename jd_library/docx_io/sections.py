"""The four JD sections, their canonical headings and the headings councils use for them."""

import re

SECTION_KEYS = ("purpose", "responsibilities", "person_specification", "skills")

SECTION_HEADINGS = {
    "purpose": "Job purpose",
    "responsibilities": "Key responsibilities",
    "person_specification": "Person specification",
    "skills": "Skills",
}

SECTION_SYNONYMS = {
    "purpose": (
        "job purpose",
        "purpose of the role",
        "purpose of role",
        "purpose of the job",
        "purpose of the post",
        "main purpose of the job",
        "main purpose of the role",
        "about the role",
        "overall purpose",
        "overall purpose of the role",
        "role purpose",
        "job summary",
        "role summary",
        "purpose",
    ),
    "responsibilities": (
        "key responsibilities",
        "main responsibilities",
        "main duties",
        "key duties",
        "duties and responsibilities",
        "main duties and responsibilities",
        "key duties and responsibilities",
        "what you'll do",
        "what you will do",
        "responsibilities",
        "key accountabilities",
        "accountabilities",
        "duties",
    ),
    "person_specification": (
        "person specification",
        "person spec",
        "about you",
        "what we're looking for",
        "what we are looking for",
        "experience",
        "essential criteria",
        "essential and desirable criteria",
        "selection criteria",
        "knowledge and experience",
        "qualifications",
        "qualifications and experience",
    ),
    "skills": (
        "skills",
        "skills and competencies",
        "technical skills",
        "competencies",
        "skills and abilities",
        "key skills",
        "skills and knowledge",
    ),
}

_SYNONYM_TO_KEY = {synonym: key for key, synonyms in SECTION_SYNONYMS.items() for synonym in synonyms}
# Longest first, so "skills and competencies" wins over "skills" when matching a heading's start.
_SYNONYMS_LONGEST_FIRST = sorted(_SYNONYM_TO_KEY, key=len, reverse=True)
_NUMBERING = re.compile(r"^(?:section\s+)?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.):]\s*|^\d+\s+")
# What may follow a synonym in a longer heading: "Skills and experience", "Main duties of the post",
# "Person specification (essential)", "Job purpose - why", but not "Skills Development Officer",
# "Experience Designer" or "Purpose-built housing".
_CONTINUATION = re.compile(r"\s*[(:,;/]|\s+[-\u2013\u2014]|\s+(?:and|of|for|in|to|within|including)\b")
MAX_HEADING_CHARACTERS = 80


def heading_key(text: str, *, prefix: bool = True) -> str | None:
    """The section a heading names, or None. With `prefix`, "Key responsibilities of the post" counts too;
    without, only an exact match does (for plain paragraphs, which may be ordinary sentences)."""
    normalised = _normalise(text)
    if not normalised or len(normalised) > MAX_HEADING_CHARACTERS:
        return None
    if normalised in _SYNONYM_TO_KEY:
        return _SYNONYM_TO_KEY[normalised]
    if prefix:
        for synonym in _SYNONYMS_LONGEST_FIRST:
            if normalised.startswith(synonym) and _CONTINUATION.match(normalised, len(synonym)):
                return _SYNONYM_TO_KEY[synonym]
    return None


def canonical_heading(heading_or_key: str) -> str:
    return SECTION_HEADINGS.get(heading_or_key, heading_or_key)


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    text = re.sub(r"\s+", " ", text).strip()
    text = _NUMBERING.sub("", text)
    return text.rstrip(" :.-\u2013\u2014").strip()
