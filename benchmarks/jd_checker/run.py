"""Time the JD checker on a 2,000-word JD.

    .venv/bin/python benchmarks/jd_checker/run.py [--runs 200] [--words 2000] [--no-write]

Prints min, median, p95 and max in milliseconds and writes results/<date>.md. The target is under 50 ms for
a 2,000-word JD. Each timed run checks a different JD (the same paragraphs in another order, with another
salary line), so no cache keyed on the whole text can help. Two passes:

- warm: the process has checked JDs before, so the per-word syllable cache holds most words (a running web
  process);
- cold words: the syllable cache is emptied before each run, so every word is counted afresh (the worst case
  for a JD full of new words).

The very first call in a process also loads the CMU pronouncing dictionary (about a second); it is timed
and reported separately.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import textstat  # noqa: E402

from jd_library.checker import check_jd  # noqa: E402
from jd_library.checker.readability import syllables  # noqa: E402
from jd_library.checker.text import WORD, to_section  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 50

PURPOSE = [
    "The London Borough of Northfleet serves more than 300,000 residents. Our digital and data service helps "
    "every part of the council use technology and information well, so that residents get help quickly and "
    "services spend money where it matters.",
    "You will join a team of twelve people who build reports, run surveys and answer questions from "
    "services. We work closely with housing, adult social care, children's services and street services.",
    "This is a good time to join us. We are moving our reporting to a new platform and want someone who can "
    "help colleagues get the most from it, explain what the numbers mean and keep our data safe.",
    "We want our work to be open and easy to understand. We publish what we can, we test our reports with "
    "the people who use them, and we explain our methods in plain words.",
]
RESPONSIBILITIES = [
    "Gather, clean and join data from our housing, council tax, social care and waste systems.",
    "Build dashboards and reports that managers can understand at a glance and use every week.",
    "Answer questions from services, for example why missed bin collections rose in one ward last month.",
    "Explain what the figures show, and what they do not show, to councillors and managers in plain words.",
    "Check the quality of our data and work with the teams who run each system to fix errors at the source.",
    "Keep personal data safe and follow the General Data Protection Regulation (GDPR) and our own policies.",
    "Write short guides and run drop-in sessions so that others can use your reports without help.",
    "Take part in the London-wide network of data teams and share what you learn with other boroughs.",
    "Help the team plan its work, agree priorities with services and report on progress each month.",
    "Support the performance team to produce the quarterly report to the cabinet and the scrutiny committee.",
    "Leverage new tools going forward to drive change in how the council uses data.",
    "Work with the ITIL-trained service desk to log and track problems with our reporting platform.",
]
PERSON = [
    "You enjoy solving problems with data and explaining the results to people who are not experts.",
    "You can write queries in Structured Query Language (SQL) to get, join and summarise data from several "
    "sources, and you check your results before you share them.",
    "You can build clear charts and dashboards in a business intelligence (BI) tool such as Power BI, "
    "Tableau or Looker Studio.",
    "You can explain findings to a mixed audience, in writing and in person, and you listen to what people "
    "need before you start.",
    "You are organised, you keep track of many requests at once and you tell people early when a deadline is "
    "at risk.",
    "You will have a degree in a subject that uses numbers, or equivalent experience.",
    "You will have at least three years' experience in a similar role, ideally in local government.",
    "We do not expect you to know everything on day one: we will support you to learn and pay for training.",
]
SKILLS = [
    "Data visualisation: working level. You make charts that are honest and easy to read.",
    "Data quality assurance, validation and linkage: working level. You spot gaps and errors and fix them.",
    "Communicating analysis and insight: practitioner level. You tell a clear story with numbers.",
    "Data modelling, cleansing and enrichment: working level. You shape raw data into tables people can use.",
    "Statistical methods and data analysis: working level. You choose a method that fits the question.",
    "Data protection and information governance: awareness level. You know when to ask for advice.",
    "Programming and build for data: awareness level. Some use of Python or R would help you grow.",
    "User focus: working level. You talk to the people who use your reports and change them when needed.",
]
OFFER = [
    "We offer hybrid working: most of the team spend two days a week at the Town Hall and the rest at home.",
    "We are happy to talk about part-time hours, compressed hours or a job share.",
    "You get 27 days of annual leave plus bank holidays, a local government pension and paid time for "
    "learning, and a season ticket loan.",
    "We welcome applications from everyone. We guarantee an interview to disabled people who meet the "
    "essential criteria, and we will make any changes you need for the interview.",
]


def make_jd(words: int, rng: random.Random) -> dict[str, str]:
    """A realistic JD in HTML sections: the paragraphs above, shuffled and repeated until it has `words`."""
    sections: dict[str, list[str]] = {
        "purpose": [],
        "responsibilities": [],
        "person_specification": [],
        "skills": [],
    }
    pools = {
        "purpose": PURPOSE + OFFER,
        "responsibilities": RESPONSIBILITIES,
        "person_specification": PERSON,
        "skills": SKILLS,
    }
    shuffled = {key: rng.sample(pool, len(pool)) for key, pool in pools.items()}
    count, turn = 0, 0
    while count < words:
        key = list(pools)[turn % len(pools)]
        paragraph = shuffled[key][(turn // len(pools)) % len(shuffled[key])]
        sections[key].append(paragraph)
        count += len(WORD.findall(paragraph))
        turn += 1
    low = rng.randrange(38_000, 45_000, 500)
    return {
        "title": "Data Analyst",
        "purpose": "".join(f"<p>{text}</p>" for text in sections["purpose"]),
        "responsibilities": "<ul>"
        + "".join(f"<li>{text}</li>" for text in sections["responsibilities"])
        + "</ul>",
        "person_specification": "".join(f"<p>{text}</p>" for text in sections["person_specification"]),
        "skills": "<ul>" + "".join(f"<li>{text}</li>" for text in sections["skills"]) + "</ul>",
        "salary": f"£{low:,} to £{low + 5_500:,} a year, including London weighting",
    }


def word_count(jd: dict[str, str]) -> int:
    return sum(len(WORD.findall(to_section(key, value).text)) for key, value in jd.items() if key != "salary")


def summarise(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "min": ordered[0],
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)],
        "max": ordered[-1],
    }


def timed(jd: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds for one check. CPU time leaves out waiting for a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    check_jd(jd)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--no-write", action="store_true", help="print only; do not write results/<date>.md")
    args = parser.parse_args()

    rng = random.Random(2011)  # fixed seed: the same JDs on every machine
    jds = [make_jd(args.words, rng) for _ in range(args.runs)]
    words = statistics.median(word_count(jd) for jd in jds)

    load_before = os.getloadavg()[0]
    first_call, _ = timed(jds[0])  # loads the CMU dictionary
    report = check_jd(jds[0])

    warm = [timed(jd) for jd in jds]
    cold = []
    for jd in jds:
        syllables.cache_clear()
        cold.append(timed(jd))
    load_after = os.getloadavg()[0]

    lines = [
        f"JD checker benchmark, {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC",
        f"JD: {words:,.0f} words (median of {args.runs} shuffled variants), score {report.score}, "
        f"{len(report.findings)} findings, {report.stats.sentences} sentences",
        f"Python {platform.python_version()}, textstat {'.'.join(map(str, textstat.__version__))}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs ({_cpu()}), load average {load_before:.1f} before, "
        f"{load_after:.1f} after",
        "",
        f"first call in a fresh process (loads the CMU dictionary): {first_call:,.0f} ms",
        "",
        f"{'pass':<12}{'clock':<6}{'runs':>6}{'min':>9}{'median':>9}{'p95':>9}{'max':>9}   (ms)",
    ]
    results = {}
    for name, times in (("warm", warm), ("cold words", cold)):
        for clock, column in (("wall", 0), ("cpu", 1)):
            figures = results[name, clock] = summarise([pair[column] for pair in times])
            lines.append(
                f"{name:<12}{clock:<6}{args.runs:>6}{figures['min']:>9.1f}{figures['median']:>9.1f}"
                f"{figures['p95']:>9.1f}{figures['max']:>9.1f}"
            )
    wall_p95 = max(results["warm", "wall"]["p95"], results["cold words", "wall"]["p95"])
    cpu_p95 = max(results["warm", "cpu"]["p95"], results["cold words", "cpu"]["p95"])
    lines += [
        "",
        f"target: under {TARGET_MS} ms for a 2,000-word JD; worst p95 wall {wall_p95:.1f} ms "
        f"({'met' if wall_p95 < TARGET_MS else 'MISSED'}), worst p95 CPU {cpu_p95:.1f} ms "
        f"({'met' if cpu_p95 < TARGET_MS else 'MISSED'})",
    ]
    text = "\n".join(lines)
    print(text)

    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{datetime.now(tz=UTC):%Y-%m-%d}.md"
        path.write_text(
            f"# JD checker benchmark\n\n```\n$ .venv/bin/python benchmarks/jd_checker/run.py\n{text}\n```\n"
        )
        print(f"\nwritten to {path.relative_to(ROOT)}")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
