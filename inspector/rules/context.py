"""What a rule may look at: everything gathered for one message, already computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce
from inspector.model.dns import DnsQuery
from inspector.model.evidence import MessageEvidence
from inspector.model.intel import SenderIntel
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route
from inspector.model.verdicts import Verdict
from inspector.parse.body_facts import HtmlFacts


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
    evidence: MessageEvidence = field(default_factory=MessageEvidence)
    #: The facts of the HTML body (None when it has none), scanned once before the rules.
    html: HtmlFacts | None = None
