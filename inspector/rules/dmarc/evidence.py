"""What the DMARC rules quote and cite: the evaluated result, the published record line,
the envelope domain and the standards and sender guidelines they refer to."""

from __future__ import annotations

from inspector.model.auth import DmarcResult
from inspector.model.codes import AuthStatus
from inspector.rules.context import AnalysisContext

RFC7489 = "RFC 7489"
GOOGLE_GUIDE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"
YAHOO_GUIDE = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"
DMARCBIS = "DMARCbis (RFC 9989)"
# Headers a list manager adds when it re-sends a post (RFC 2369, RFC 2919, older managers).
LIST_HEADERS = (
    "list-id",
    "list-post",
    "mailing-list",
    "x-mailing-list",
    "x-mailman-version",
    "x-beenthere",
)


def dmarc_result(ctx: AnalysisContext) -> DmarcResult | None:
    dmarc = ctx.auth.dmarc
    return None if dmarc.result is AuthStatus.SKIPPED else dmarc


def record_line(d: DmarcResult) -> str | None:
    if d.record and d.record_domain:
        return f'_dmarc.{d.record_domain} TXT "{d.record[:400]}"'
    return None


def dmarc_evidence(ctx: AnalysisContext, d: DmarcResult) -> list[str]:
    lines = [f"From: {(ctx.message.get('From') or '')[:200]}"]
    record = record_line(d)
    if record:
        lines.append(record)
    for r in ctx.auth.dkim:
        if r.domain:
            lines.append(f"DKIM d={r.domain}: {r.result.value}")
    spf = ctx.auth.spf
    if spf.result is not AuthStatus.SKIPPED and spf.domain:
        lines.append(f"SPF for {spf.domain}: {spf.result.value}")
    lines.append(f"DMARC: {d.result.value} ({d.reason[:300]})")
    return lines


def pct_note(d: DmarcResult) -> str:
    if d.pct < 100:
        return f" The record applies this to {d.pct}% of failing mail (pct={d.pct})."
    return ""


def envelope_domain(ctx: AnalysisContext) -> str | None:
    _, at, domain = (ctx.message.return_path or "").strip().strip("<>").rpartition("@")
    return domain.lower() if at and domain else None
