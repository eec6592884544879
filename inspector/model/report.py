"""The finished analysis of one message: every result, the findings and the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce
from inspector.model.codes import Evidence, Risk
from inspector.model.dns import DnsQuery
from inspector.model.evidence import MessageEvidence
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.message import Header, MessageSummary, MimePart, SourceRef
from inspector.model.route import Hop, Route
from inspector.model.verdicts import Verdict

# 1.1: hop roles, route origin/intermediary, verdict party and decision
# 1.2: SpfNode.result only RFC 7208 results (null where not evaluated); the other words it used
#      to carry (a DNS status, "loop", "not followed (...)", "invalid name") are in SpfNode.detail
SCHEMA_VERSION = "2.0"


@dataclass(frozen=True)
class Contribution:
    """What one piece of sender-side evidence adds to the score, in points."""

    finding: str
    title: str
    points: float
    status: Evidence = Evidence.COUNTED


@dataclass(frozen=True)
class Summary:
    """The judgement: the outcome receivers recorded (what happened) kept apart from the
    causes (sender-side evidence, ranked) and the score those causes add up to."""

    risk: Risk
    verdict: str
    top_reasons: tuple[str, ...] = ()
    score: float | None = None
    contributions: tuple[Contribution, ...] = ()
    outcome: str = ""


@dataclass(frozen=True)
class Report:
    """Everything known about one message; immutable once built."""

    source: SourceRef
    message: MessageSummary
    headers: tuple[Header, ...] = ()
    mime: MimePart | None = None
    hops: tuple[Hop, ...] = ()
    route: Route = field(default_factory=Route)
    auth: AuthSummary = field(default_factory=AuthSummary)
    sender: SenderIntel = field(default_factory=SenderIntel)
    verdicts: tuple[Verdict, ...] = ()
    bounce: Bounce | None = None
    evidence: MessageEvidence = field(default_factory=MessageEvidence)
    #: most likely cause first (``inspector.diagnosis.rank_findings``), the order reports show
    findings: tuple[Finding, ...] = ()
    summary: Summary = Summary(Risk.LOW, "")
    dns: tuple[DnsQuery, ...] = ()
    errors: tuple[str, ...] = ()
    analyzed_at: datetime | None = None
    tool_version: str = ""
    offline: bool = False
    schema_version: str = SCHEMA_VERSION
