"""A worker's side of the one DNS cache of a batch (``inspector.mailbox.dns_relay``): its
resolver's ``upstream``, which asks the parent over the pipe and waits for the answer.

The wait is bounded: no longer than the lifetime asked with, plus ``ANSWER_GRACE`` for the
trip through the pipes; a parent that never answers costs a message a timeout, not a hang.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from itertools import count

from inspector.model.codes import DnsStatus
from inspector.net.dns_cache import Outcome

ANSWER_GRACE = 1.0


class RelayClient:
    """The worker's side: the ``upstream`` its resolver asks instead of the network."""

    def __init__(self, ask: Callable[[int, str, str, float], bool]) -> None:
        self._ask = ask
        self._lock = threading.Lock()
        self._waiting: dict[int, Future[Outcome]] = {}
        self._ids = count()

    def __call__(self, name: str, rdtype: str, lifetime: float) -> Outcome:
        future: Future[Outcome] = Future()
        with self._lock:
            ident = next(self._ids)
            self._waiting[ident] = future
        try:
            if not self._ask(ident, name, rdtype, lifetime):
                return Outcome(DnsStatus.ERROR, (), "", "the analysis parent has gone")
            return future.result(timeout=lifetime + ANSWER_GRACE)
        except FutureTimeout:
            return Outcome(DnsStatus.TIMEOUT, (), "", f"no answer within {lifetime:.1f} s")
        finally:
            with self._lock:
                self._waiting.pop(ident, None)

    def answered(self, ident: int, outcome: Outcome) -> None:
        with self._lock:
            future = self._waiting.pop(ident, None)
        if future is not None and not future.done():
            future.set_result(outcome)
