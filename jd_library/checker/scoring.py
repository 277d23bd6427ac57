"""The overall score: 100 less a deduction per finding, weighted by severity and capped per kind."""

from __future__ import annotations

from .report import Finding, Kind, Severity

# Points off for a finding about the JD as a whole (reading ease, salary, length...).
_PER_FINDING = {Severity.PROBLEM: 15, Severity.WARNING: 8, Severity.INFO: 2}
# Points off for each thing listed, for kinds that list several (each long sentence, jargon phrase, acronym).
_PER_ITEM = {Severity.PROBLEM: 5, Severity.WARNING: 2, Severity.INFO: 1}
_COUNTED_PER_ITEM = {Kind.LONG_SENTENCES, Kind.JARGON, Kind.ACRONYMS}
# The most any one kind can take off, so one habit (say, many acronyms) does not sink an otherwise good JD.
_KIND_CAP = {
    Kind.EMPTY: 100,
    Kind.READABILITY: 15,
    Kind.LONG_SENTENCES: 15,
    Kind.JARGON: 12,
    Kind.ACRONYMS: 10,
    Kind.GENDER_CODING: 8,
    Kind.NEEDLESS_REQUIREMENTS: 30,
    Kind.MISSING_SALARY: 15,
    Kind.MISSING_FLEXIBLE_WORKING: 8,
    Kind.LENGTH: 8,
    Kind.MISSING_PURPOSE: 2,
}

# The most one finding can take off where that is less than its kind's cap: sentences of 26 to 35 words are
# worth splitting, but many of them should not cost as much as one of over 35.
_FINDING_CAP = {(Kind.LONG_SENTENCES, Severity.WARNING): 8}

VERDICTS = (
    (90, "Good: clear and inclusive, with little to change."),
    (75, "Fair: a few things to fix before you publish it."),
    (50, "Needs work: fix the problems and warnings below before you publish it."),
    (0, "Poor: rewrite it using the suggestions below."),
)


def _deduction(finding: Finding) -> int:
    if finding.kind is Kind.EMPTY:
        return 100
    if finding.kind is Kind.GENDER_CODING and (finding.value or 0) <= 0:
        return 0  # neutral or feminine-coded wording does not put anyone off
    if finding.kind in _COUNTED_PER_ITEM:
        items = len(finding.matches) if finding.kind is Kind.JARGON else finding.count
        return _PER_ITEM[finding.severity] * max(1, items)
    return _PER_FINDING[finding.severity]


def score(findings: list[Finding]) -> int:
    """Set each finding's deduction (capped per kind, in the order given) and return the score, 0 to 100."""
    taken: dict[Kind, int] = {}
    for finding in findings:
        room = _KIND_CAP[finding.kind] - taken.get(finding.kind, 0)
        room = min(room, _FINDING_CAP.get((finding.kind, finding.severity), room))
        finding.deduction = max(0, min(room, _deduction(finding)))
        taken[finding.kind] = taken.get(finding.kind, 0) + finding.deduction
    return max(0, min(100, 100 - sum(taken.values())))


def verdict(points: int) -> str:
    return next(text for floor, text in VERDICTS if points >= floor)
