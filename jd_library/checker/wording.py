"""Word-level checks: jargon, unexplained acronyms and gender-coded words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import data
from .report import Finding, Kind, Severity, Tally, section_label
from .text import Section

ACRONYMS_LISTED = 20
# A definition counts when it is within this many characters of the acronym's first use.
DEFINITION_NEAR = 300

_TOKEN = r"([A-Z][A-Z0-9&]{1,5})(?:'s|\u2019s|s)?"  # GDPR, SQL, PO3, R&D; "KPIs" gives KPI
_ACRONYM = re.compile(rf"(?<![\w&]){_TOKEN}(?![\w&])")
_DEFINED_AFTER_NAME = re.compile(rf"\(\s*{_TOKEN}\s*\)")  # Structured Query Language (SQL)
_DEFINED_BEFORE_NAME = re.compile(rf"(?<![\w&]){_TOKEN}\s*\(\s*([^()\n]{{3,120}})\)")  # SQL (Structured ...)
_ROMAN_NUMERAL = re.compile(r"[IVX]+")
_UPPER_LETTERS = re.compile(r"[A-Z]")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_CODED_WORD = re.compile(r"[^\W\d_]+(?:[-\u2019'][^\W\d_]+)*")
_LONGEST_ACRONYM = 6

STRONG_GENDER_CODING = 3
GENDER_SOURCE = "Gaucher, Friesen and Kay (2011)"


def check_jargon(sections: list[Section]) -> list[Finding]:
    tallies: dict[data.JargonEntry, Tally] = {}
    for section in sections:
        for entry, found in data.jargon().finditer(section.text):
            tally = tallies.setdefault(entry, Tally(text=found.group(), first_section=section.key))
            tally.add(section.key)
    if not tallies:
        return []
    matches = [
        tally.match(detail=f"try: {entry.alternative}", alternative=entry.alternative, source=entry.source)
        for entry, tally in tallies.items()
    ]
    phrases = len(matches)
    return [
        Finding(
            kind=Kind.JARGON,
            severity=Severity.WARNING,
            title=f"Jargon: {phrases} phrase{'s' if phrases > 1 else ''} to put plainly",
            explanation=(
                "Jargon and buzzwords make a JD vaguer and harder to read. Candidates cannot tell what the "
                "job involves, and people new to the sector or reading in a second language are put off. "
                "GOV.UK and the Plain English Campaign both ask for everyday words."
            ),
            suggestion="Say what you mean in everyday words. Each phrase below has a plainer alternative.",
            matches=matches,
            count=sum(match.count for match in matches),
            code="jargon",
        )
    ]


@dataclass
class _AcronymUse:
    tally: Tally
    first_position: int | None = None  # first use outside the title, in document order
    title_only: bool = True
    definitions: list[tuple[int, str]] = field(default_factory=list)  # (position, section)


def check_acronyms(sections: list[Section]) -> list[Finding]:
    known = data.known_acronyms()
    uses: dict[str, _AcronymUse] = {}
    offset = 0
    for section in sections:
        position = offset
        for line in section.lines:
            skip_line = _is_shouting(line.text, heading=line.is_heading)
            if not skip_line:
                for found in _ACRONYM.finditer(line.text):
                    acronym = found.group(1)
                    if not _is_acronym(acronym) or acronym in known:
                        continue
                    use = uses.setdefault(acronym, _AcronymUse(Tally(acronym, section.key)))
                    use.tally.add(section.key)
                    if section.key != "title":
                        if use.title_only:
                            use.tally.first_section = section.key
                        use.title_only = False
                        if use.first_position is None:
                            use.first_position = position + found.start()
            position += len(line.text) + 1
        for definition in _definitions(section.text):
            acronym, start = definition
            if acronym in uses:
                uses[acronym].definitions.append((offset + start, section.key))
        offset += len(section.text) + 1

    undefined = []
    for use in uses.values():
        if use.first_position is None:  # only in the title
            if not use.definitions:
                undefined.append(use.tally.match(detail="used in the title and not explained"))
            continue
        near = [
            position
            for position, _ in use.definitions
            if 0 <= position - use.first_position <= DEFINITION_NEAR
        ]
        if near:
            continue
        later = [section for position, section in use.definitions if position > use.first_position]
        detail = (
            f"explained only later, in {section_label(later[0])}: explain it at first use"
            if later
            else "not explained"
        )
        undefined.append(use.tally.match(detail=detail))
    if not undefined:
        return []
    several = len(undefined) > 1
    return [
        Finding(
            kind=Kind.ACRONYMS,
            severity=Severity.WARNING,
            title=f"{len(undefined)} unexplained acronym{'s' if several else ''}",
            explanation=(
                "Acronyms that everyone in your team knows are often a mystery to candidates, most of all to "
                "people new to local government or to the profession, and they make a JD feel like it was "
                "written for insiders."
            ),
            suggestion=(
                "Spell each one out the first time you use it, with the acronym in brackets, for example "
                "'General Data Protection Regulation (GDPR)', or use plain words instead."
            ),
            matches=undefined[:ACRONYMS_LISTED],
            count=len(undefined),
            code="acronyms",
        )
    ]


def _is_acronym(token: str) -> bool:
    return len(_UPPER_LETTERS.findall(token)) >= 2 and not _ROMAN_NUMERAL.fullmatch(token)


def _is_shouting(line: str, *, heading: bool) -> bool:
    """A heading in capitals, or a sentence in capitals: its words are not acronyms."""
    words = _LETTER_WORD.findall(line)
    if not words or not all(word.isupper() for word in words):
        return False
    return heading or any(len(word) > _LONGEST_ACRONYM for word in words)


def _definitions(text: str) -> list[tuple[str, int]]:
    found = []
    for match in _DEFINED_AFTER_NAME.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1].isalpha():
            found.append((match.group(1), match.start(1)))
    for match in _DEFINED_BEFORE_NAME.finditer(text):
        if len(match.group(2).split()) >= 2:
            found.append((match.group(1), match.start(1)))
    return found


def check_gender_coding(sections: list[Section]) -> list[Finding]:
    coded = data.gender_coded_words()
    lookups: dict[str, data.CodedWord | None] = {}
    tallies: dict[str, Tally] = {}
    entries: dict[str, data.CodedWord] = {}
    masculine = feminine = 0
    for section in sections:
        for token in _CODED_WORD.findall(section.text):
            word = token.lower().replace("\u2019", "'")
            if word not in lookups:
                lookups[word] = _gender_lookup(coded, word)
            entry = lookups[word]
            if entry is None:
                continue
            if entry.coding == "masculine":
                masculine += 1
            else:
                feminine += 1
            tally = tallies.setdefault(word, Tally(text=word, first_section=section.key))
            tally.add(section.key)
            entries[word] = entry
    if not tallies:
        return []
    difference = masculine - feminine
    if difference > STRONG_GENDER_CODING:
        verdict, severity = "strongly masculine-coded", Severity.WARNING
    elif difference > 0:
        verdict, severity = "slightly masculine-coded", Severity.INFO
    elif difference == 0:
        verdict, severity = "neutral", Severity.INFO
    elif difference < -STRONG_GENDER_CODING:
        verdict, severity = "strongly feminine-coded", Severity.INFO
    else:
        verdict, severity = "feminine-coded", Severity.INFO

    def ordered(coding: str) -> list[str]:
        words = [word for word, entry in entries.items() if entry.coding == coding]
        return sorted(words, key=lambda word: -tallies[word].count)

    matches = [
        tallies[word].match(
            detail="masculine-coded", alternative=entries[word].alternative, source=GENDER_SOURCE
        )
        for word in ordered("masculine")
    ] + [tallies[word].match(detail="feminine-coded", source=GENDER_SOURCE) for word in ordered("feminine")]
    if difference > 0:
        top = [f"{word} ({entries[word].alternative})" for word in ordered("masculine")[:3]]
        suggestion = (
            "Replace some masculine-coded words, or balance them with words such as 'support', 'understand' "
            "and 'together'. You need not remove them all. For example: " + "; ".join(top) + "."
        )
    else:
        suggestion = (
            "No change needed: the wording is balanced or leans feminine, which does not put men off."
        )
    return [
        Finding(
            kind=Kind.GENDER_CODING,
            severity=severity,
            title=f"Gender coding: {verdict} ({masculine} masculine, {feminine} feminine-coded words)",
            explanation=(
                "Gaucher, Friesen and Kay (2011) found that job adverts with more masculine-coded words "
                "(such as 'competitive', 'lead', 'determined') are less appealing to women, who expect they "
                "would belong less, while feminine-coded words did not put men off. The count compares the "
                "words from their lists found in this JD."
            ),
            suggestion=suggestion,
            matches=matches,
            count=masculine + feminine,
            value=difference,
            code=f"gender_coding.{verdict.replace(' ', '_').replace('-', '_')}",
        )
    ]


def _gender_lookup(coded: data.GenderCodedWords, word: str) -> data.CodedWord | None:
    entry = coded.lookup(word.replace("-", ""))
    if entry is None and "-" in word:
        for part in word.split("-"):
            if part and (entry := coded.lookup(part)) is not None:
                break
    return entry
