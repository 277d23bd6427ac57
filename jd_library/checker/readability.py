"""Reading ease, long sentences and length.

Flesch reading ease is computed here from our own sentence split (list items and lines count as sentences;
"e.g." does not end one) with textstat's English constants and textstat's syllable counts. textstat's own
flesch_reading_ease counts a bulleted list without full stops as one long sentence and caches only 128
texts, so it would both misjudge JDs and recount every word of every new text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import textstat
from textstat.backend.utils import get_lang_cfg

from .report import Finding, Kind, Match, Severity, Stats, section_label
from .text import WORD, Section, Sentence

_FRE_BASE = get_lang_cfg("en", "fre_base")
_FRE_SENTENCE_LENGTH = get_lang_cfg("en", "fre_sentence_length")
_FRE_SYLLABLES_PER_WORD = get_lang_cfg("en", "fre_syll_per_word")

READING_EASE_AIM = 60
READING_EASE_WARNING = 50
READING_EASE_PROBLEM = 30
# Below this many words the reading ease figure means little, so no finding is made.
READING_EASE_MIN_WORDS = 30

LONG_SENTENCE_WARNING = 25
LONG_SENTENCE_PROBLEM = 35
LONG_SENTENCES_LISTED = 5

# Average silent reading rate of adults for non-fiction in English: Brysbaert (2019), "How many words do we
# read per minute? A review and meta-analysis of reading rate", Journal of Memory and Language 109.
READING_WORDS_PER_MINUTE = 238

TOO_SHORT_WORDS = 300
TOO_LONG_WORDS = 1500

_HAS_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    """Syllables in one word, counted by textstat (CMU dictionary, else Pyphen); hyphenated parts added up."""
    if _HAS_DIGIT.search(word):
        return 1
    parts = [part for part in re.split(r"[-.,]", word.replace("\u2019", "'")) if part]
    return sum(max(1, textstat.syllable_count(part)) for part in parts) or 1


def measure(sections: list[Section], sentences: list[Sentence]) -> Stats:
    words = sum(len(WORD.findall(section.text)) for section in sections)
    reading_time = round(words / READING_WORDS_PER_MINUTE * 60)
    if not sentences:
        return Stats(words=words, reading_time_seconds=reading_time)
    sentence_words = [word.lower() for sentence in sentences for word in WORD.findall(sentence.text)]
    average = len(sentence_words) / len(sentences)
    syllables_per_word = sum(syllables(word) for word in sentence_words) / len(sentence_words)
    reading_ease = _FRE_BASE - _FRE_SENTENCE_LENGTH * average - _FRE_SYLLABLES_PER_WORD * syllables_per_word
    return Stats(
        words=words,
        sentences=len(sentences),
        average_sentence_length=round(average, 1),
        flesch_reading_ease=round(reading_ease, 1),
        reading_time_seconds=reading_time,
    )


def check_reading_ease(stats: Stats) -> list[Finding]:
    ease = stats.flesch_reading_ease
    if ease is None or stats.words < READING_EASE_MIN_WORDS or ease >= READING_EASE_AIM:
        return []
    if ease < READING_EASE_PROBLEM:
        severity, title = Severity.PROBLEM, f"Very hard to read: reading ease {ease:.0f}"
    elif ease < READING_EASE_WARNING:
        severity, title = Severity.WARNING, f"Hard to read: reading ease {ease:.0f}"
    else:
        severity, title = Severity.INFO, f"Fairly hard to read: reading ease {ease:.0f}"
    return [
        Finding(
            kind=Kind.READABILITY,
            severity=severity,
            title=title,
            explanation=(
                f"The Flesch reading ease score runs from 0 (very hard) to 100 (very easy); plain English "
                f"scores {READING_EASE_AIM} or more. This JD scores {ease:.0f}, with sentences of "
                f"{stats.average_sentence_length:.0f} words on average. Hard text puts off good candidates, "
                f"including people who read English as a second language and people with dyslexia."
            ),
            suggestion=(
                "Use shorter sentences (15 to 20 words on average) and everyday words: 'use' not 'utilise', "
                "'help' not 'facilitate'. Put lists of duties into bullet points."
            ),
            value=ease,
            count=1,
            code=f"readability.{severity}",
        )
    ]


def check_long_sentences(sentences: list[Sentence]) -> list[Finding]:
    very_long = [sentence for sentence in sentences if sentence.words > LONG_SENTENCE_PROBLEM]
    long = [
        sentence for sentence in sentences if LONG_SENTENCE_WARNING < sentence.words <= LONG_SENTENCE_PROBLEM
    ]
    findings = []
    for found, severity, limit in (
        (very_long, Severity.PROBLEM, LONG_SENTENCE_PROBLEM),
        (long, Severity.WARNING, LONG_SENTENCE_WARNING),
    ):
        if not found:
            continue
        several = len(found) > 1
        findings.append(
            Finding(
                kind=Kind.LONG_SENTENCES,
                severity=severity,
                title=(
                    f"{len(found)} sentence{'s' if several else ''} over {limit} words"
                    if severity is Severity.PROBLEM
                    else f"{len(found)} long sentence{'s' if several else ''} ({LONG_SENTENCE_WARNING + 1} "
                    f"to {LONG_SENTENCE_PROBLEM} words)"
                ),
                explanation=(
                    "Long sentences are hard to follow, most of all on a phone screen. Readers lose the "
                    "thread after about 25 words, and candidates skim JDs."
                ),
                suggestion=(
                    "Split each one into two or three sentences, or turn a list of duties into bullet "
                    "points. Aim for 15 to 20 words a sentence on average."
                ),
                matches=_sentence_matches(found)[:LONG_SENTENCES_LISTED],
                count=len(found),
                code=f"long_sentences.{severity}",
            )
        )
    return findings


def _sentence_matches(sentences: list[Sentence]) -> list[Match]:
    """One match per distinct sentence, in order; a sentence repeated in the JD is listed once, counted."""
    grouped: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        grouped.setdefault(sentence.text, []).append(sentence)
    matches = []
    for text, same in grouped.items():
        where = tuple(dict.fromkeys(sentence.section for sentence in same))
        matches.append(
            Match(
                text=text,
                section=where[0],
                section_label=section_label(where[0]),
                count=len(same),
                sections=where,
                detail=f"{same[0].words} words",
            )
        )
    return matches


def check_length(stats: Stats) -> list[Finding]:
    if stats.words < TOO_SHORT_WORDS:
        title = f"Too short: {stats.words} words"
        explanation = (
            f"At under {TOO_SHORT_WORDS} words, the JD is unlikely to tell candidates what the job involves, "
            "what they need to apply and what they get in return, so fewer suitable people apply."
        )
        suggestion = (
            "Add what the job is for, the main responsibilities, the skills needed and what you offer "
            f"(salary, flexible working, benefits). Aim for {TOO_SHORT_WORDS} to {TOO_LONG_WORDS:,} words."
        )
    elif stats.words > TOO_LONG_WORDS:
        title = f"Too long: {stats.words:,} words"
        explanation = (
            f"At over {TOO_LONG_WORDS:,} words, candidates skim it and miss what matters; long lists of "
            "duties also put off people who do not tick every box."
        )
        suggestion = (
            "Keep the 6 to 8 most important responsibilities and the essential skills, and cut repetition. "
            f"Aim for {TOO_SHORT_WORDS} to {TOO_LONG_WORDS:,} words."
        )
    else:
        return []
    return [
        Finding(
            kind=Kind.LENGTH,
            severity=Severity.WARNING,
            title=title,
            explanation=explanation,
            suggestion=suggestion,
            value=stats.words,
            count=1,
            code="length.short" if stats.words < TOO_SHORT_WORDS else "length.long",
        )
    ]
