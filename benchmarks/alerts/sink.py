"""A local SMTP sink in a process of its own: accepts every message, counts messages, bytes and recipients.

It runs aiosmtpd (as the integration tests do) and answers at once. The benchmark drives it through a pipe:
"stats" returns counts and the times of the first and last message; "take" returns how many messages each
recipient got and starts counting afresh; "stop" ends it. Running it in its own process keeps its work off
the benchmark's process, as a mail server's would be.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass


@dataclass
class SinkStats:
    messages: int
    bytes: int
    first: float | None  # time.time() of the first and last message since the last "take"
    last: float | None


class _Handler:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.recipients: Counter[str] = Counter()
        self.messages = 0
        self.bytes = 0
        self.first = self.last = None

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        with self.lock:
            self.messages += 1
            self.bytes += len(envelope.original_content or envelope.content)
            self.recipients.update(envelope.rcpt_tos)
            if self.first is None:
                self.first = now
            self.last = now
        return "250 Message accepted for delivery"

    def stats(self) -> SinkStats:
        with self.lock:
            return SinkStats(self.messages, self.bytes, self.first, self.last)

    def take(self) -> Counter[str]:
        with self.lock:
            recipients = self.recipients
            self.reset()
            return recipients


def _serve(port: int, pipe) -> None:
    from aiosmtpd.controller import Controller

    handler = _Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=None)
    controller.start()
    pipe.send("ready")
    try:
        while True:
            command = pipe.recv()
            if command == "stats":
                pipe.send(handler.stats())
            elif command == "take":
                pipe.send(handler.take())
            else:
                break
    finally:
        controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """The sink process, started on a free port on 127.0.0.1; use as a context manager."""

    def __init__(self):
        self.port = free_port()
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(self.port, child), daemon=True)

    def __enter__(self) -> Sink:
        self._process.start()
        if not self._pipe.poll(30) or self._pipe.recv() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self._process.is_alive():
            self._pipe.send("stop")
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()

    @property
    def pid(self) -> int:
        return self._process.pid

    def stats(self) -> SinkStats:
        self._pipe.send("stats")
        return self._pipe.recv()

    def take(self) -> Counter[str]:
        """How many messages each recipient got since the last take; counting starts afresh."""
        self._pipe.send("take")
        return self._pipe.recv()
