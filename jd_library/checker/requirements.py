"""What the JD asks of candidates and what it tells them: needless requirements, salary, flexible working."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from . import data
from .report import Finding, Kind, Match, Severity, Tally, section_label
from .text import Section

_POUNDS = re.compile(r"£\s?\d")
# In the salary field itself, figures without a pound sign count too: "42000-47500", "42,000", "42k".
_SALARY_FIGURE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{4,6}\b|\b\d{2,3}(?:\.\d)?\s?k\b", re.IGNORECASE)
_VAGUE_SALARY = re.compile(
    r"\b(?:competitive|negotiable|attractive|dependent\s+on\s+experience|depending\s+on\s+experience|doe|tbc|"
    r"market\s+rate)\b",
    re.IGNORECASE,
)
_VAGUE_PAY = re.compile(
    rf"\b(?:salary|pay|remuneration)\b[^.\n]{{0,30}}?{_VAGUE_SALARY.pattern}"
    rf"|{_VAGUE_SALARY.pattern}\s+(?:salary|pay|remuneration)\b",
    re.IGNORECASE,
)
_FLEXIBLE_WORKING = re.compile(
    r"\b(?:hybrid|part[\s-]time|job[\s-]shar\w*|remote(?:ly)?|working\s+patterns?|flexi[\s-]?time|"
    r"compressed\s+hours|annualised\s+hours|term[\s-]time|home[\s-]working|work(?:ing)?\s+from\s+home|"
    r"agile\s+working|flexible\s+(?:\w+\s+){0,3}?(?:working|hours|patterns?|arrangements?|location)|"
    r"flexibl[ey]\s+about\s+(?:when|where|how|hours))\b",
    re.IGNORECASE,
)
_SENTENCE_STOP = re.compile(r"[.\n;]")
_UNLESS_WINDOW = 80


def check_needless_requirements(sections: list[Section]) -> list[Finding]:
    findings = []
    for rule in data.needless_requirements():
        found: dict[str, Tally] = {}
        for section, line in _lines_with_keywords(sections, rule.keywords):
            for match in rule.pattern.finditer(line):
                if _excused(rule, line, match.end()):
                    continue
                text = " ".join(match.group().split())
                found.setdefault(text.lower(), Tally(text=text, first_section=section.key)).add(section.key)
        if not found:
            continue
        detail = f"equality risk: {rule.equality_risk}" if rule.equality_risk else ""
        matches = [tally.match(detail=detail) for tally in found.values()]
        findings.append(
            Finding(
                kind=Kind.NEEDLESS_REQUIREMENTS,
                severity=rule.severity,
                title=rule.title,
                explanation=rule.explanation,
                suggestion=rule.suggestion,
                matches=matches,
                count=sum(match.count for match in matches),
                code=f"needless_requirements.{rule.id}",
            )
        )
    return findings


def _lines_with_keywords(sections: list[Section], keywords: tuple[str, ...]) -> Iterator[tuple[Section, str]]:
    for section in sections:
        lowered = section.text.lower()
        if not any(keyword in lowered for keyword in keywords):
            continue
        for line in section.lines:
            lowered = line.text.lower()
            if any(keyword in lowered for keyword in keywords):
                yield section, line.text


def _excused(rule: data.RequirementRule, text: str, end: int) -> bool:
    if rule.unless_followed_by is None:
        return False
    window = text[end : end + _UNLESS_WINDOW]
    if stop := _SENTENCE_STOP.search(window):
        window = window[: stop.start()]
    return rule.unless_followed_by.search(window) is not None


def has_salary(sections: list[Section], salary: object) -> bool:
    if isinstance(salary, int | float | Decimal) and not isinstance(salary, bool):
        return salary > 0
    if isinstance(salary, list | tuple) and any(
        isinstance(item, int | float | Decimal) and item > 0 for item in salary
    ):
        return True
    for section in sections:
        if _POUNDS.search(section.text):
            return True
        if section.key == "salary" and _SALARY_FIGURE.search(section.text):
            return True
    return False


def check_salary(sections: list[Section], salary: object) -> list[Finding]:
    if has_salary(sections, salary):
        return []
    matches = []
    for section in sections:
        # In the salary field any vague word counts; elsewhere only one next to "salary" or "pay".
        pattern = _VAGUE_SALARY if section.key == "salary" else _VAGUE_PAY
        if vague := pattern.search(section.text):
            matches.append(
                Match(
                    text=vague.group(),
                    section=section.key,
                    section_label=section_label(section.key),
                    sections=(section.key,),
                    detail="not a salary",
                )
            )
            break
    return [
        Finding(
            kind=Kind.MISSING_SALARY,
            severity=Severity.PROBLEM,
            title="No salary given",
            explanation=(
                "Candidates look for the salary first, and many do not apply without one. Leaving it out, or "
                "writing 'competitive', also hides pay gaps and disadvantages people who are less confident "
                "negotiating. LOTI asks for the salary with every JD."
            ),
            suggestion=(
                "Give the salary range in pounds, for example '£42,000 to £47,500 a year', and say whether "
                "it includes London weighting."
            ),
            matches=matches,
            count=1,
            code="missing_salary",
        )
    ]


def check_flexible_working(sections: list[Section]) -> list[Finding]:
    if any(_FLEXIBLE_WORKING.search(section.text) for section in sections):
        return []
    return [
        Finding(
            kind=Kind.MISSING_FLEXIBLE_WORKING,
            severity=Severity.WARNING,
            title="No mention of flexible working",
            explanation=(
                "Many candidates, including parents, carers and disabled people, can only apply if the job "
                "can be done flexibly. Saying nothing makes them assume it cannot, so they do not apply."
            ),
            suggestion=(
                "Say which working patterns are possible: hybrid or remote working, part-time, job share, "
                "compressed hours. If the job needs set hours or on-site work, say so and why."
            ),
            count=1,
            code="missing_flexible_working",
        )
    ]


def check_purpose(present: bool) -> list[Finding]:
    if present:
        return []
    return [
        Finding(
            kind=Kind.MISSING_PURPOSE,
            severity=Severity.INFO,
            title="No job purpose",
            explanation=(
                "The purpose is what candidates read first: in two or three sentences it says why the job "
                "exists and what difference it makes. Without it, the JD starts with a list of duties."
            ),
            suggestion="Add a short purpose: who the job serves, what it achieves and who it works with.",
            count=1,
            code="missing_purpose",
        )
    ]


def empty_finding(*, title_only: bool) -> Finding:
    return Finding(
        kind=Kind.EMPTY,
        severity=Severity.PROBLEM,
        title="Only a title: nothing else to check" if title_only else "Nothing to check",
        explanation=(
            "The checker needs the text of the job description: its purpose, responsibilities, person "
            "specification and skills."
        ),
        suggestion="Paste or upload the job description's text, then check again.",
        count=1,
        code="empty.title_only" if title_only else "empty",
    )
