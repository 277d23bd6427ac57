"""The results table and the targets it is checked against (issue 3)."""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from benchmarks import common

if TYPE_CHECKING:
    from benchmarks.jobs.run import Scenario

LIST_SHARE_TARGET = 0.15
SEARCH_P95_TARGET_MS = 50.0
DEEP_P50_FACTOR = 2.0


def results_markdown(args, info: dict, scenarios: list[Scenario], deep_number: int) -> str:
    minimal, listing, search, deep = (scenario.result for scenario in scenarios)
    share = listing.per_second / minimal.per_second
    checks = [
        (
            f"list page throughput >= {LIST_SHARE_TARGET:.0%} of the minimal view's",
            f"{share:.1%}",
            share >= LIST_SHARE_TARGET,
        ),
        (
            f"search p95 < {SEARCH_P95_TARGET_MS:.0f} ms",
            f"{search.p95:.1f} ms",
            search.p95 < SEARCH_P95_TARGET_MS,
        ),
        (
            f"page {deep_number} p50 <= {DEEP_P50_FACTOR:g} x first page p50",
            f"{deep.p50:.1f} ms vs {listing.p50:.1f} ms ({deep.p50 / listing.p50:.2f} x)",
            deep.p50 <= DEEP_P50_FACTOR * listing.p50,
        ),
    ]
    lines = [
        f"# Jobs board benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"Code: {info['code']}.",
        f"Machine: {common.machine(info['postgres'])}.",
        f"Server: gunicorn, {args.workers} sync workers, {args.settings} "
        "(production settings: DEBUG off, plain http on 127.0.0.1), cache: "
        + ("Redis" if os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") else "local memory")
        + ".",
        f"Load: {args.client}, {args.connections} connections; each scenario warmed up for "
        f"{args.warmup:g} s, then measured for {args.seconds:g} s in {args.rounds} rounds of "
        f"{args.seconds / args.rounds:g} s, "
        "the scenarios taking turns (one at a time). "
        + (
            "Latency percentiles are the median of the rounds' percentiles (wrk reports each run's only)."
            if args.client == "wrk"
            else "Latency percentiles are over every request."
        ),
        f"Other programs on the machine used {info['other_cores']:.2f} of its {os.cpu_count()} cores on "
        "average during the measurements (busy CPU time less the server's, its backends' and the load "
        "generator's).",
        f"Data: {info['jobs']:,} jobs, {info['visible']:,} of them published and open (the list's rows). "
        f"Search `{args.search_word}` matches {info['matches']:,} of those "
        f"({info['matches'] / info['visible']:.1%}).",
        "",
        *([args.note, ""] if args.note else []),
        "| scenario | requests | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors "
        "| gunicorn CPU ms/request | Postgres CPU ms/request | load generator CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario in scenarios:
        r = scenario.result
        lines.append(
            f"| {scenario.name} (`{_short(scenario.path)}`) | {r.requests:,} | {r.per_second:.1f} | "
            f"{r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.errors} | {scenario.server_ms:.2f} | "
            f"{scenario.database_ms:.2f} | {scenario.client_cpu:.0%} of a core |"
        )
    lines += [
        "",
        f"List page throughput as a share of the minimal view's: **{share:.1%}**.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {target} | {measured} | {'yes' if met else 'NO'} |" for target, measured, met in checks),
        "",
    ]
    return "\n".join(lines)


def _short(path: str) -> str:
    return path if len(path) <= 40 else path[:37] + "..."
