"""What a rule may look at: everything gathered for one message, already computed, and the
readings of it that several rules share (worked out on first use, once per message)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, wraps
from typing import Any, TypeVar

from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce
from inspector.model.codes import VerdictParty
from inspector.model.dns import DnsQuery
from inspector.model.evidence import MessageEvidence
from inspector.model.intel import SenderIntel
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route
from inspector.model.verdicts import Verdict
from inspector.parse.body_facts import HtmlFacts
from inspector.verdicts.microsoft_decision import Decision, decisions

T = TypeVar("T")


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
    #: Readings made by ``per_message`` functions, by function: filled as the rules ask.
    _readings: dict[Callable[..., Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def receiver_verdicts(self) -> tuple[Verdict, ...]:
        """The recipient's own verdicts: a sender's outbound scan, a list host's filter or an
        earlier tenant's copy says nothing about what happened to this message."""
        return tuple(v for v in self.verdicts if v.party is VerdictParty.RECIPIENT)

    @cached_property
    def microsoft_decisions(self) -> tuple[Decision, ...]:
        """Exchange Online's combined decision at each hop, from the recipient's verdicts;
        four verdict rules read it."""
        return decisions(self.receiver_verdicts)


def per_message(reading: Callable[[AnalysisContext], T]) -> Callable[[AnalysisContext], T]:
    """Make ``reading`` (a pure function of the context that several rules ask) worked out
    once per message: later calls with the same context return the first answer. The answer
    is shared, so callers must not change it."""

    @wraps(reading)
    def shared(ctx: AnalysisContext) -> T:
        readings = ctx._readings
        if reading in readings:
            answer: T = readings[reading]
            return answer
        answer = readings[reading] = reading(ctx)
        return answer

    return shared
