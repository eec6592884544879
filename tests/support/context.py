"""Hand-built ParsedMessage and AnalysisContext values for unit tests.

Rule, hop, intel and verdict tests need a message with a few chosen fields and a context
around it; building them here, with every other field empty, keeps those tests about the
one thing they check and means a new model field is added in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from inspector.intel.evidence import gather_evidence
from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce
from inspector.model.dns import DnsQuery
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.message import Address, Header, HeaderDefect, MimePart, ParsedMessage
from inspector.model.route import Hop, Route
from inspector.model.verdicts import Verdict
from inspector.parse.body_facts import html_facts
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import Rule

#: The clock of every context built here unless a test passes its own.
NOW = datetime(2026, 3, 4, tzinfo=UTC)


def _header_tuple(headers: Sequence[Header | tuple[str, str]]) -> tuple[Header, ...]:
    """Headers as given; ``(name, value)`` pairs become Header values indexed by position."""
    return tuple(
        h if isinstance(h, Header) else Header(h[0], h[1], b"", i) for i, h in enumerate(headers)
    )


def parsed_message(
    headers: Sequence[Header | tuple[str, str]] = (),
    *,
    raw: bytes = b"",
    headers_only: bool = False,
    subject: str | None = None,
    from_: tuple[Address, ...] = (),
    to: tuple[Address, ...] = (),
    cc: tuple[Address, ...] = (),
    reply_to: tuple[Address, ...] = (),
    return_path: str | None = None,
    sender: Address | None = None,
    date: datetime | None = None,
    date_raw: str | None = None,
    message_id: str | None = None,
    mime: MimePart | None = None,
    text_body: str = "",
    html_body: str = "",
    body_size: int = 0,
    defects: tuple[HeaderDefect, ...] = (),
) -> ParsedMessage:
    """A ParsedMessage with only the given fields set. The summary fields (subject, from_...)
    are NOT derived from ``headers``: a test states both, as the parser would have."""
    return ParsedMessage(
        raw=raw,
        headers=_header_tuple(headers),
        headers_only=headers_only,
        subject=subject,
        from_=from_,
        to=to,
        cc=cc,
        reply_to=reply_to,
        return_path=return_path,
        sender=sender,
        date=date,
        date_raw=date_raw,
        message_id=message_id,
        mime=mime,
        text_body=text_body,
        html_body=html_body,
        body_size=body_size,
        defects=defects,
    )


def make_context(
    message: ParsedMessage | None = None,
    *,
    hops: tuple[Hop, ...] = (),
    route: Route | None = None,
    auth: AuthSummary | None = None,
    sender: SenderIntel | None = None,
    verdicts: tuple[Verdict, ...] = (),
    bounce: Bounce | None = None,
    dns: tuple[DnsQuery, ...] = (),
    now: datetime = NOW,
    offline: bool = False,
) -> AnalysisContext:
    """An AnalysisContext around ``message`` (an empty one by default), every analysis
    result empty unless given; the shared facts computed as the pipeline computes them."""
    pm = message if message is not None else parsed_message()
    route = route if route is not None else Route()
    auth = auth if auth is not None else AuthSummary()
    sender = sender if sender is not None else SenderIntel()
    return AnalysisContext(
        message=pm,
        hops=hops,
        route=route,
        auth=auth,
        sender=sender,
        verdicts=verdicts,
        bounce=bounce,
        dns=dns,
        now=now,
        offline=offline,
        evidence=gather_evidence(pm, hops, route, auth.dkim, sender.platform, bounce),
        html=html_facts(pm),
    )


def findings_by_id(rules: Iterable[Rule], ctx: AnalysisContext) -> dict[str, Finding]:
    """Run rules; every finding must be complete (explanation, evidence, remedy, references)
    and no id may fire twice."""
    found: dict[str, Finding] = {}
    for fn in rules:
        for finding in fn(ctx):
            assert finding.id not in found, f"{finding.id} emitted twice"
            assert finding.explanation and finding.remedy and finding.references
            assert finding.evidence, finding.id
            found[finding.id] = finding
    return found


__all__ = ["NOW", "findings_by_id", "make_context", "parsed_message"]
