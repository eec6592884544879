"""What a rule may look at: everything gathered for one message, already computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspector.model import (
    AuthSummary,
    Bounce,
    DnsQuery,
    Hop,
    ParsedMessage,
    Route,
    SenderIntel,
    Verdict,
)


@dataclass(frozen=True)
class AnalysisContext:
    message: ParsedMessage
    hops: tuple[Hop, ...]
    route: Route
    auth: AuthSummary
    sender: SenderIntel
    verdicts: tuple[Verdict, ...]
    bounce: Bounce | None
    dns: tuple[DnsQuery, ...]
    now: datetime
    offline: bool = False
