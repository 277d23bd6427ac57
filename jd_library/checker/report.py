"""The checker's results: findings with their matches, the statistics and the overall score."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"


class Kind(StrEnum):
    EMPTY = "empty"
    READABILITY = "readability"
    LONG_SENTENCES = "long_sentences"
    JARGON = "jargon"
    ACRONYMS = "acronyms"
    GENDER_CODING = "gender_coding"
    NEEDLESS_REQUIREMENTS = "needless_requirements"
    MISSING_SALARY = "missing_salary"
    MISSING_FLEXIBLE_WORKING = "missing_flexible_working"
    LENGTH = "length"
    MISSING_PURPOSE = "missing_purpose"


SEVERITY_ORDER = {Severity.PROBLEM: 0, Severity.WARNING: 1, Severity.INFO: 2}
KIND_ORDER = {kind: position for position, kind in enumerate(Kind)}

SECTION_LABELS = {
    "title": "Title",
    "purpose": "Purpose",
    "responsibilities": "Responsibilities",
    "person_specification": "Person specification",
    "skills": "Skills",
    "salary": "Salary",
    "text": "Text",
}


def section_label(key: str) -> str:
    return SECTION_LABELS.get(key) or key.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Match:
    """One thing found: a phrase, word, acronym or sentence, and where it occurs."""

    text: str
    section: str
    section_label: str
    count: int = 1
    sections: tuple[str, ...] = ()
    detail: str = ""
    alternative: str = ""
    source: str = ""


@dataclass
class Tally:
    """Occurrences of one thing (a phrase, a word) across sections, while a check counts them."""

    text: str
    first_section: str
    count: int = 0
    sections: list[str] = field(default_factory=list)

    def add(self, section: str) -> None:
        self.count += 1
        if section not in self.sections:
            self.sections.append(section)

    def match(self, *, detail: str = "", alternative: str = "", source: str = "", text: str = "") -> Match:
        return Match(
            text=text or self.text,
            section=self.first_section,
            section_label=section_label(self.first_section),
            count=self.count,
            sections=tuple(self.sections),
            detail=detail,
            alternative=alternative,
            source=source,
        )


@dataclass
class Finding:
    kind: Kind
    severity: Severity
    title: str
    explanation: str
    suggestion: str
    matches: list[Match] = field(default_factory=list)
    # How many things were found in all; `matches` may list only the first few (long sentences).
    count: int = 0
    # The figure the finding is about: reading ease, word count, masculine minus feminine coded words.
    value: float | None = None
    # A stable name for the rule within its kind, e.g. "needless_requirements.degree".
    code: str = ""
    # Points this finding took off the score.
    deduction: int = 0


@dataclass(frozen=True)
class Stats:
    words: int = 0
    sentences: int = 0
    average_sentence_length: float = 0.0
    flesch_reading_ease: float | None = None
    reading_time_seconds: int = 0

    @property
    def reading_time_minutes(self) -> int:
        if not self.reading_time_seconds:
            return 0
        return max(1, round(self.reading_time_seconds / 60))


@dataclass
class Report:
    findings: list[Finding]
    score: int
    verdict: str
    stats: Stats

    def of_kind(self, kind: Kind | str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {str(finding.kind) for finding in self.findings}

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts, lists, strings and numbers only: ready for json.dumps and for templates."""
        stats = dataclasses.asdict(self.stats)
        stats["reading_time_minutes"] = self.stats.reading_time_minutes
        return {
            "score": self.score,
            "verdict": self.verdict,
            "stats": stats,
            "findings": [_finding_dict(finding) for finding in self.findings],
        }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    data = dataclasses.asdict(finding)
    data["kind"] = str(finding.kind)
    data["severity"] = str(finding.severity)
    for match in data["matches"]:
        match["sections"] = list(match["sections"])
    return data
