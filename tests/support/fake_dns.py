"""A fake DNS session for unit tests: answers from a dict, fails on unexpected questions.

Following dkimpy's habit, a question nobody anticipated is an error in the test, not a
silent NXDOMAIN, unless ``strict=False``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from inspector.model.codes import DnsStatus
from inspector.model.dns import DnsQuery
from inspector.net.lookup import DnsAnswer


class UnexpectedQuery(AssertionError):
    pass


class FakeDns:
    """``records`` maps (name, rdtype) to a list of record texts, or to a DnsStatus."""

    def __init__(
        self,
        records: Mapping[tuple[str, str], Sequence[str] | DnsStatus],
        *,
        strict: bool = True,
        offline: bool = False,
    ) -> None:
        self._records = {(n.lower().rstrip("."), t.upper()): v for (n, t), v in records.items()}
        self._strict = strict
        self._offline = offline
        self._log: list[DnsQuery] = []
        self.asked: list[tuple[str, str]] = []

    @property
    def offline(self) -> bool:
        return self._offline

    def query(self, name: str, rdtype: str) -> DnsAnswer:
        key = (name.lower().rstrip("."), rdtype.upper())
        self.asked.append(key)
        if self._offline:
            answer = DnsAnswer(name, rdtype, DnsStatus.OFFLINE)
        elif key in self._records:
            value = self._records[key]
            if isinstance(value, DnsStatus):
                answer = DnsAnswer(name, rdtype, value)
            else:
                answer = DnsAnswer(name, rdtype, DnsStatus.ANSWER, tuple(value))
        elif self._strict:
            raise UnexpectedQuery(f"unexpected DNS question {key}")
        else:
            answer = DnsAnswer(name, rdtype, DnsStatus.NXDOMAIN)
        self._log.append(
            DnsQuery(name, rdtype, answer.status, answer.records, "fake", datetime.now(UTC), 0.0)
        )
        return answer

    def query_many(self, questions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], DnsAnswer]:
        return {q: self.query(*q) for q in questions}

    def evidence(self) -> tuple[DnsQuery, ...]:
        return tuple(self._log)
