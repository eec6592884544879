"""A worker's side of the one DNS cache and the one RDAP cache of a batch
(``inspector.mailbox.dns_relay``, ``inspector.mailbox.rdap_relay``): what its resolver and its
RDAP client ask instead of the network, by asking the parent over the pipe and waiting.

The wait is bounded: for DNS no longer than the lifetime asked with, for RDAP than the time
one RDAP question may take, plus ``ANSWER_GRACE`` for the trip through the pipes; a parent
that never answers costs a message a timeout, not a hang.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from itertools import count
from typing import Generic, TypeVar

from inspector.model.codes import DnsStatus, RdapKind, RdapStatus
from inspector.net.dns_cache import Outcome
from inspector.net.lookup import RdapAnswer

ANSWER_GRACE = 1.0
#: An RDAP question is one bounded GET (redirects within its deadline), or a port-43 lookup
#: when the bootstrap names no server: the parent may spend two timeouts on it.
RDAP_TIMEOUTS_PER_QUESTION = 2

T = TypeVar("T")


class _Waiting(Generic[T]):
    """Questions sent to the parent and not yet answered, by id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[int, Future[T]] = {}
        self._ids = count()

    def ask(self, send: Callable[[int], bool], timeout: float, *, gone: T, late: T) -> T:
        """Send with a fresh id and wait for the answer: ``gone`` when it cannot be sent,
        ``late`` when no answer comes within ``timeout``."""
        future: Future[T] = Future()
        with self._lock:
            ident = next(self._ids)
            self._waiting[ident] = future
        try:
            if not send(ident):
                return gone
            return future.result(timeout=timeout)
        except FutureTimeout:
            return late
        finally:
            with self._lock:
                self._waiting.pop(ident, None)

    def answered(self, ident: int, value: T) -> None:
        with self._lock:
            future = self._waiting.pop(ident, None)
        if future is not None and not future.done():
            future.set_result(value)


class RelayClient:
    """The worker's side for DNS: the ``upstream`` its resolver asks instead of the network."""

    def __init__(self, ask: Callable[[int, str, str, float], bool]) -> None:
        self._ask = ask
        self._waiting: _Waiting[Outcome] = _Waiting()

    def __call__(self, name: str, rdtype: str, lifetime: float) -> Outcome:
        return self._waiting.ask(
            lambda ident: self._ask(ident, name, rdtype, lifetime),
            lifetime + ANSWER_GRACE,
            gone=Outcome(DnsStatus.ERROR, (), "", "the analysis parent has gone"),
            late=Outcome(DnsStatus.TIMEOUT, (), "", f"no answer within {lifetime:.1f} s"),
        )

    def answered(self, ident: int, outcome: Outcome) -> None:
        self._waiting.answered(ident, outcome)


class RdapRelayClient:
    """The worker's side for RDAP: the ``upstream`` its RDAP client asks."""

    def __init__(self, ask: Callable[[int, RdapKind, str], bool], rdap_timeout: float) -> None:
        self._ask = ask
        self._timeout = rdap_timeout * RDAP_TIMEOUTS_PER_QUESTION
        self._waiting: _Waiting[RdapAnswer] = _Waiting()

    def __call__(self, kind: RdapKind, query: str) -> RdapAnswer:
        return self._waiting.ask(
            lambda ident: self._ask(ident, kind, query),
            self._timeout + ANSWER_GRACE,
            gone=RdapAnswer(query, kind, RdapStatus.ERROR, error="the analysis parent has gone"),
            late=RdapAnswer(
                query, kind, RdapStatus.TIMEOUT, error=f"no answer within {self._timeout:g} s"
            ),
        )

    def answered(self, ident: int, answer: RdapAnswer) -> None:
        self._waiting.answered(ident, answer)
