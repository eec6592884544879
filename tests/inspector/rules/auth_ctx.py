"""Build AnalysisContext values around hand-made auth results (SPF/DMARC rule tests)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from inspector.model import (
    Address,
    AuthSummary,
    Finding,
    Header,
    ParsedMessage,
    Route,
    SenderIntel,
)
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import Rule


def message(
    headers: Sequence[tuple[str, str]] = (), from_: Sequence[str] = ("news@example.com",)
) -> ParsedMessage:
    addresses = tuple(Address("", a) for a in from_)
    all_headers = (
        *((("From", ", ".join(from_)),) if from_ else ()),
        *headers,
    )
    return ParsedMessage(
        raw=b"",
        headers=tuple(Header(n, v, b"", i) for i, (n, v) in enumerate(all_headers)),
        headers_only=False,
        subject=next((v for n, v in headers if n.lower() == "subject"), None),
        from_=addresses,
        to=(),
        cc=(),
        reply_to=(),
        return_path=next((v for n, v in headers if n.lower() == "return-path"), None),
        sender=None,
        date=None,
        date_raw=None,
        message_id=None,
        mime=None,
        text_body="",
        html_body="",
        body_size=0,
        defects=(),
    )


def context(auth: AuthSummary, msg: ParsedMessage | None = None) -> AnalysisContext:
    return AnalysisContext(
        message=msg or message(),
        hops=(),
        route=Route(),
        auth=auth,
        sender=SenderIntel(),
        verdicts=(),
        bounce=None,
        dns=(),
        now=datetime(2026, 3, 4, tzinfo=UTC),
    )


def run(rules: Iterable[Rule], ctx: AnalysisContext) -> dict[str, Finding]:
    found: dict[str, Finding] = {}
    for fn in rules:
        for finding in fn(ctx):
            assert finding.id not in found, f"{finding.id} emitted twice"
            assert finding.explanation and finding.remedy and finding.references
            assert finding.evidence, finding.id
            found[finding.id] = finding
    return found
