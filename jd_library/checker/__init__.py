"""The JD checker: plain-English, inclusion and completeness checks on a job description.

    report = check_jd({"title": ..., "purpose": ..., "responsibilities": ..., "person_specification": ...,
                       "skills": ..., "salary": ...})
    report = check_text(text)

Section values may be sanitised HTML or plain text; "salary" may also be a number or a (min, max) pair.
Pure Python, no database: the views and the upload flow call it and render `report.as_dict()` or the
dataclasses themselves. The word lists and rules live in data/ with their sources.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import readability, requirements, scoring, wording
from .report import (
    KIND_ORDER,
    SECTION_LABELS,
    SEVERITY_ORDER,
    Finding,
    Kind,
    Match,
    Report,
    Severity,
    Stats,
    section_label,
)
from .text import Section, sentences_of, to_section

__all__ = [
    "JD_SECTIONS",
    "SECTION_LABELS",
    "Finding",
    "Kind",
    "Match",
    "Report",
    "Severity",
    "Stats",
    "check_jd",
    "check_text",
    "section_label",
    "warm_up",
]

# The body sections of a JD, in reading order; "title" and "salary" may be given too.
JD_SECTIONS = ("purpose", "responsibilities", "person_specification", "skills")
# Checked for salary and flexible working only: its words are not part of the JD's prose.
_NOT_PROSE = {"salary"}


def check_jd(sections: Mapping[str, object]) -> Report:
    """Check a JD given as sections: "title", "purpose", "responsibilities", "person_specification",
    "skills" and "salary" (other keys are checked as further body text). Missing keys are fine."""
    return _check(dict(sections), expect_purpose=True)


def check_text(text: str) -> Report:
    """Check a JD given as one text (plain or HTML), with no sections."""
    return _check({"text": text}, expect_purpose=False)


def warm_up() -> None:
    """Load the word lists and the CMU pronouncing dictionary (about a second) before the first real check,
    e.g. from a worker's start-up hook, so that the first user does not wait for it."""
    check_text("Warm up the checker: this sentence has a few syllables.")


def _check(values: dict[str, object], *, expect_purpose: bool) -> Report:
    ordered = ["title", *(key for key in values if key not in {"title", "salary"}), "salary"]
    sections = [to_section(key, values[key]) for key in ordered if key in values]
    body = [section for section in sections if section.key != "title" and section.key not in _NOT_PROSE]
    wording_sections = [section for section in sections if section.key not in _NOT_PROSE]

    sentences = [sentence for section in body for sentence in sentences_of(section)]
    stats = readability.measure(body, sentences)
    if stats.words == 0:
        title_only = any(section.key == "title" and not section.is_empty for section in sections)
        findings = [requirements.empty_finding(title_only=title_only)]
        return _report(findings, stats)

    findings = [
        *readability.check_reading_ease(stats),
        *readability.check_long_sentences(sentences),
        *wording.check_jargon(wording_sections),
        *wording.check_acronyms(wording_sections),
        *wording.check_gender_coding(wording_sections),
        *requirements.check_needless_requirements(wording_sections),
        *requirements.check_salary(sections, values.get("salary")),
        *requirements.check_flexible_working(sections),
        *readability.check_length(stats),
    ]
    if expect_purpose:
        findings += requirements.check_purpose(_has_text(sections, "purpose"))
    return _report(findings, stats)


def _has_text(sections: list[Section], key: str) -> bool:
    return any(section.key == key and not section.is_empty for section in sections)


def _report(findings: list[Finding], stats: Stats) -> Report:
    findings.sort(key=lambda finding: (SEVERITY_ORDER[finding.severity], KIND_ORDER[finding.kind]))
    points = scoring.score(findings)
    return Report(findings=findings, score=points, verdict=scoring.verdict(points), stats=stats)
