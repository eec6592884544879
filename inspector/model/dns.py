"""DNS evidence: each question asked and its answer, shown in reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspector.model.codes import DnsStatus


class ResolverMode(StrEnum):
    """Where a resolver's answers come from: nowhere, a recording, or DNS servers."""

    OFFLINE = "offline"
    REPLAY = "replay"
    NETWORK = "network"


@dataclass(frozen=True)
class DnsQuery:
    """One question and its answer, kept as evidence."""

    name: str
    rdtype: str
    status: DnsStatus
    answers: tuple[str, ...] = ()
    server: str = ""
    asked_at: datetime | None = None
    elapsed_ms: float = 0.0
    detail: str = ""  # why a non-answer happened, e.g. "name too long", "budget spent"
