"""Bounded HTTP load on a loopback server: a fixed number of connections for a fixed time, capped in requests.

Two clients give the same Result: wrk (C, when installed: `apt-get install wrk`), which costs the 2-core
machine the least CPU, and a plain asyncio client for machines without it. Both send GET requests to
127.0.0.1 only and count a response as an error unless its status is 200.
"""

from __future__ import annotations

import asyncio
import json
import math
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# wrk prints its figures through this script, as one JSON line (latencies in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_200": %d, "socket_errors": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "max": %d}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass
class Result:
    """What one scenario measured. Latencies are in milliseconds."""

    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float
    client: str
    latencies: list[float] = field(default_factory=list, repr=False)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def _check_loopback(url: str) -> None:
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"load is only sent to 127.0.0.1, not {url}")


def run_wrk(url: str, *, connections: int, seconds: float) -> Result:
    """wrk with one thread (the server needs the other core more), `connections` open, for `seconds`."""
    _check_loopback(url)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        completed = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
             "-s", script.name, url],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )  # fmt: skip
    finally:
        Path(script.name).unlink()
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    return Result(
        requests=report["requests"],
        errors=report["non_200"] + report["socket_errors"],
        seconds=report["duration_us"] / 1e6,
        p50=report["p50"] / 1000,
        p95=report["p95"] / 1000,
        p99=report["p99"] / 1000,
        client="wrk",
    )


async def _fetch(host: str, port: int, request: bytes) -> int:
    """One request on a new connection (gunicorn's sync workers close after each response)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        length = None
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            await reader.read()
        else:
            await reader.readexactly(length)
        return status
    finally:
        writer.close()


async def _load(url: str, connections: int, seconds: float, max_requests: int) -> Result:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: loti-bench\r\n"
        "Accept: text/html\r\nConnection: close\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def connection():
        nonlocal errors
        while time.perf_counter() < deadline and len(latencies) + errors < max_requests:
            sent = time.perf_counter()
            try:
                status = await _fetch(parts.hostname, parts.port or 80, request)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                status = 0
            if status == 200:
                latencies.append((time.perf_counter() - sent) * 1000)
            else:
                errors += 1

    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(
        requests=len(latencies) + errors,
        errors=errors,
        seconds=elapsed,
        p50=_percentile(latencies, 0.50),
        p95=_percentile(latencies, 0.95),
        p99=_percentile(latencies, 0.99),
        client="python",
        latencies=latencies,
    )


def run_python(url: str, *, connections: int, seconds: float, max_requests: int) -> Result:
    """The asyncio client: `connections` loops, each one request at a time, until time or count runs out."""
    _check_loopback(url)
    return asyncio.run(_load(url, connections, seconds, max_requests))


def combine(results: list[Result]) -> Result:
    """One result from several runs of a scenario: requests and time add up. Percentiles are over every
    request where the runs kept their latencies (the Python client), else the median of the runs' own."""
    latencies = sorted(value for result in results for value in result.latencies)

    def percentile(share: float, name: str) -> float:
        if latencies:
            return _percentile(latencies, share)
        return statistics.median(getattr(result, name) for result in results)

    return Result(
        requests=sum(result.requests for result in results),
        errors=sum(result.errors for result in results),
        seconds=sum(result.seconds for result in results),
        p50=percentile(0.50, "p50"),
        p95=percentile(0.95, "p95"),
        p99=percentile(0.99, "p99"),
        client=results[0].client,
        latencies=latencies,
    )


def run(url: str, *, client: str, connections: int, seconds: float, max_requests: int) -> Result:
    if client == "wrk":
        return run_wrk(url, connections=connections, seconds=seconds)
    return run_python(url, connections=connections, seconds=seconds, max_requests=max_requests)


def default_client() -> str:
    return "wrk" if shutil.which("wrk") else "python"
