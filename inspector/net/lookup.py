"""Interfaces every network-using check is written against, so tests can inject fakes.

The real implementations are ``inspector.net.resolver.Resolver`` (dnspython) and
``inspector.net.rdap.RdapClient``. A check receives a *session*: a per-message view that
shares the batch-wide cache but keeps its own evidence log and time budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from inspector.model.codes import DnsStatus, RdapKind, RdapStatus
from inspector.model.dns import DnsQuery


@dataclass(frozen=True)
class DnsAnswer:
    """Records are text: A/AAAA addresses, ``"10 mx.example."`` for MX, PTR/CNAME/NS names
    with the trailing dot, TXT with its character-strings joined and unquoted (as SPF and
    DKIM want them)."""

    name: str
    rdtype: str
    status: DnsStatus
    records: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is DnsStatus.ANSWER

    @property
    def temporary(self) -> bool:
        """True when the answer says nothing about the data (retrying might help)."""
        return self.status.temporary or self.status is DnsStatus.OFFLINE


OFFLINE_REASON = "not checked (offline)"


def not_checked_reason(answer: DnsAnswer) -> str:
    """Why a check that needed this answer was not made: offline, or a DNS recording (replay)
    that has no answer for it. Such checks are ``skipped``, never ``temperror``."""
    if answer.status is DnsStatus.NOT_IN_REPLAY:
        return f"not checked: the recorded DNS answers have none for {answer.name} {answer.rdtype}"
    return OFFLINE_REASON


class DnsLookup(Protocol):
    """A per-message DNS session."""

    @property
    def offline(self) -> bool: ...

    def query(self, name: str, rdtype: str) -> DnsAnswer: ...

    def query_many(self, questions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], DnsAnswer]:
        """Ask several questions concurrently; keys are (name, rdtype) as given."""
        ...

    def evidence(self) -> tuple[DnsQuery, ...]:
        """Every question this session asked, in order, with answers and timings."""
        ...


@dataclass(frozen=True)
class RdapAnswer:
    """``status``: ok, not_found, offline, timeout, error, no_server, capped."""

    query: str
    kind: RdapKind
    status: RdapStatus
    data: dict[str, Any] | None = None
    url: str | None = None
    error: str = ""


class RdapLookup(Protocol):
    def domain(self, name: str) -> RdapAnswer: ...

    def ip(self, address: str) -> RdapAnswer: ...
