"""The word lists and rules in data/, read once and compiled into regular expressions."""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .report import Severity

DATA_DIR = Path(__file__).resolve().parent / "data"


def _data_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _form_pattern(form: str) -> str:
    """ "best in class" -> best[\\s,-]+in[\\s,-]+class; "leverag*" -> leverag\\w*."""
    words = [word for word in re.split(r"[\s\-]+", form.strip().lower()) if word]
    parts = []
    for word in words:
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return r"[\s,\-\u2013]+".join(parts)


@dataclass(frozen=True)
class JargonEntry:
    phrase: str
    alternative: str
    source: str
    forms: tuple[str, ...]


# Phrases are looked for only where a word starts with the same letters as one of their forms: a regular
# expression with every phrase in it, tried at every position, takes ten times as long on a long JD.
_KEY_LENGTH = 4
_WORD_START = re.compile(rf"(?<![^\W_])[^\W_]{{1,{_KEY_LENGTH}}}")  # a word's first letters


@dataclass(frozen=True)
class JargonList:
    entries: tuple[JargonEntry, ...]
    # First letters of a form -> (a pattern with one group per entry, the entries' indexes in group order).
    by_key: dict[str, tuple[re.Pattern[str], tuple[int, ...]]]

    def finditer(self, text: str) -> Iterator[tuple[JargonEntry, re.Match[str]]]:
        end = 0
        for word in _WORD_START.finditer(text):
            if word.start() < end or (found := self.by_key.get(word.group().lower())) is None:
                continue
            pattern, indexes = found
            if match := pattern.match(text, word.start()):
                end = match.end()
                yield self.entries[indexes[match.lastindex - 1]], match


@cache
def jargon() -> JargonList:
    rows = list(csv.DictReader(_data_lines("jargon.csv")))
    entries = []
    for row in rows:
        forms = tuple(form.strip() for form in (row["forms"] or row["phrase"]).split("|") if form.strip())
        entries.append(
            JargonEntry(
                phrase=row["phrase"].strip(),
                alternative=row["alternative"].strip(),
                source=row["source"].strip(),
                forms=tuple(sorted(forms, key=len, reverse=True)),
            )
        )
    # Longer phrases first, so "stakeholder management" wins over "stakeholders" at the same place.
    entries.sort(key=lambda entry: max(len(form) for form in entry.forms), reverse=True)
    forms_by_key: dict[str, dict[int, list[str]]] = {}
    for index, entry in enumerate(entries):
        for form in entry.forms:
            first = re.split(r"[\s\-]+", form.strip())[0]
            if first.endswith("*") and len(first) <= _KEY_LENGTH:
                raise ValueError(f"jargon.csv: the stem {first!r} in {entry.phrase!r} is too short")
            key = first.rstrip("*").lower()[:_KEY_LENGTH]
            forms_by_key.setdefault(key, {}).setdefault(index, []).append(form)
    by_key = {}
    for key, forms_by_entry in forms_by_key.items():
        groups = [
            "(" + "|".join(_form_pattern(form) for form in forms) + ")" for forms in forms_by_entry.values()
        ]
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)", re.IGNORECASE)
        by_key[key] = (pattern, tuple(forms_by_entry))
    return JargonList(entries=tuple(entries), by_key=by_key)


@cache
def known_acronyms() -> frozenset[str]:
    return frozenset(line.strip() for line in _data_lines("known_acronyms.txt"))


@dataclass(frozen=True)
class CodedWord:
    word: str
    coding: str  # "masculine" or "feminine"
    alternative: str
    is_stem: bool

    @property
    def key(self) -> str:
        return self.word.rstrip("*").replace("-", "")


@dataclass(frozen=True)
class GenderCodedWords:
    words: tuple[CodedWord, ...]
    exact: dict[str, CodedWord]
    stems: re.Pattern[str]
    # Group i of `stems` belongs to stem_words[i - 1].
    stem_words: tuple[CodedWord, ...]

    def lookup(self, word: str) -> CodedWord | None:
        """The coded word that `word` (lower case, hyphens removed) is an instance of, if any."""
        if (coded := self.exact.get(word)) is not None:
            return coded
        if match := self.stems.match(word):
            return self.stem_words[match.lastindex - 1]
        return None


@cache
def gender_coded_words() -> GenderCodedWords:
    words = tuple(
        CodedWord(
            word=row["word"].strip(),
            coding=row["coding"].strip(),
            alternative=(row["alternative"] or "").strip(),
            is_stem=row["word"].strip().endswith("*"),
        )
        for row in csv.DictReader(_data_lines("gender_coded_words.csv"))
    )
    exact = {word.key: word for word in words if not word.is_stem}
    # Longest stem first, so "interpersona*" is reported rather than a shorter stem it starts with.
    stem_words = tuple(
        sorted((word for word in words if word.is_stem), key=lambda w: len(w.key), reverse=True)
    )
    stems = re.compile("|".join(f"({re.escape(word.key)})" for word in stem_words))
    return GenderCodedWords(words=words, exact=exact, stems=stems, stem_words=stem_words)


@dataclass(frozen=True)
class RequirementRule:
    id: str
    title: str
    severity: Severity
    explanation: str
    suggestion: str
    equality_risk: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    unless_followed_by: re.Pattern[str] | None


@cache
def needless_requirements() -> tuple[RequirementRule, ...]:
    with (DATA_DIR / "needless_requirements.toml").open("rb") as file:
        rules = tomllib.load(file)["rule"]
    flags = re.IGNORECASE | re.VERBOSE
    return tuple(
        RequirementRule(
            id=rule["id"],
            title=rule["title"],
            severity=Severity(rule["severity"]),
            explanation=" ".join(rule["explanation"].split()),
            suggestion=" ".join(rule["suggestion"].split()),
            equality_risk=rule.get("equality_risk", ""),
            keywords=tuple(keyword.lower() for keyword in rule["keywords"]),
            pattern=re.compile(rule["pattern"], flags),
            unless_followed_by=(
                re.compile(rule["unless_followed_by"], flags) if rule.get("unless_followed_by") else None
            ),
        )
        for rule in rules
    )
