"""The 2024 Gmail/Yahoo bulk-sender checklist as a whole, and delivery without TLS."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.intel.mail_signals import bulk_signals, freemail_impersonation_reasons
from inspector.model.codes import AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.bulk.signals import (
    GMAIL_FAQ,
    GMAIL_GUIDE,
    MICROSOFT_GUIDE,
    YAHOO_GUIDE,
    boundary_hop,
    bulk_mail,
    dkim_evaluated,
    hop_has_tls,
    signed_by_passing_dkim,
    unsubscribe,
)
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

SENDER_REQUIREMENTS = spec(
    "bulk.sender_requirements",
    Severity.MEDIUM,
    Category.BULK,
    "Gmail and Yahoo bulk-sender requirements (2024)",
    "Meet every item: SPF and DKIM pass, a DMARC record with an aligned pass, forward-"
    "confirmed reverse DNS on the sending IP, TLS, one-click unsubscribe, and a From domain "
    "of your own. Keep spam complaints under 0.3% (Google Postmaster Tools shows the rate).",
    (GMAIL_GUIDE, GMAIL_FAQ, YAHOO_GUIDE, MICROSOFT_GUIDE),
)
NO_TLS = spec(
    "bulk.no_tls",
    Severity.LOW,
    Category.BULK,
    "Bulk mail was delivered without TLS",
    "Enable STARTTLS on the sending servers (all major platforms do this by default); Gmail "
    "requires TLS for bulk senders and marks unencrypted mail with a red padlock.",
    ("RFC 3207 (STARTTLS)", GMAIL_GUIDE),
)


def _item(ok: bool | None, text: str) -> tuple[bool | None, str]:
    mark = "not checked" if ok is None else ("pass" if ok else "FAIL")
    return ok, f"[{mark}] {text}"


def _checklist(ctx: AnalysisContext) -> list[tuple[bool | None, str]]:
    auth = ctx.auth
    spf = auth.spf.result
    items = [
        _item(
            None if spf is AuthStatus.SKIPPED else spf is AuthStatus.PASS,
            f"SPF passes (result: {spf.value})",
        )
    ]
    dkim = [r.result for r in auth.dkim]
    dkim_ok: bool | None = AuthStatus.PASS in dkim
    skipped = bool(dkim) and all(r is AuthStatus.SKIPPED for r in dkim)
    if not dkim_ok and skipped:  # no signature at all is a failure, checked or not
        dkim_ok = None
    summary = ", ".join(f"{r.domain}={r.result.value}" for r in auth.dkim[:4]) or "no signature"
    items.append(_item(dkim_ok, f"DKIM passes ({summary})"))
    dmarc = auth.dmarc
    if dmarc.result is AuthStatus.SKIPPED:
        items.append(_item(None, "DMARC record published"))
        items.append(_item(None, "DMARC passes with alignment"))
    else:
        published = dmarc.record is not None or dmarc.result in (AuthStatus.PASS, AuthStatus.FAIL)
        items.append(
            _item(published, f"DMARC record published ({dmarc.record or 'none found'})"[:200])
        )
        items.append(
            _item(
                dmarc.result is AuthStatus.PASS,
                f"DMARC passes with alignment (result: {dmarc.result.value})",
            )
        )
    client = ctx.route.client_ip
    intel = next((h for h in ctx.sender.hops_intel if client and h.ip == client), None)
    if intel is None or intel.fcrdns is None:
        items.append(_item(None, f"sending IP {client or '?'} has matching forward/reverse DNS"))
    else:
        items.append(
            _item(
                intel.fcrdns,
                f"sending IP {intel.ip} has matching forward/reverse DNS (PTR {intel.ptr})",
            )
        )
    hop = boundary_hop(ctx)
    if hop is None:
        items.append(_item(None, "delivered over TLS"))
    else:
        tls = hop.tls_version or hop.tls or hop.protocol or "none recorded"
        items.append(_item(hop_has_tls(hop), f"delivered over TLS ({tls})"[:200]))
    unsub = unsubscribe(ctx)
    one_click = unsub.one_click_declared and (
        signed_by_passing_dkim(ctx) or not dkim_evaluated(ctx)
    )
    items.append(_item(one_click, "one-click unsubscribe (RFC 8058), signed by DKIM"))
    impersonating = bool(freemail_impersonation_reasons(ctx.message, ctx.auth, ctx.sender))
    items.append(_item(not impersonating, "From is not a gmail.com/yahoo.com-style address"))
    return items


@rule
def sender_requirements(ctx: AnalysisContext) -> Iterator[Finding]:
    signals = bulk_signals(ctx.message, ctx.sender)
    if (not signals and not ctx.message.get("List-Unsubscribe")) or not bulk_mail(ctx):
        return
    items = _checklist(ctx)
    failed = [text for ok, text in items if ok is False]
    met = sum(1 for ok, _ in items if ok)
    unknown = sum(1 for ok, _ in items if ok is None)
    title = f"Gmail and Yahoo bulk-sender requirements: {met} of {len(items)} met"
    if unknown:  # say so, so that an offline run does not read as a row of failures
        title += f", {unknown} not checked"
    if failed:
        explanation = (
            f"This looks like bulk mail, but it misses {len(failed)} of the {len(items)} "
            "requirements Gmail and Yahoo enforce on bulk senders since 2024 (see the "
            "checklist). Mail that misses them is increasingly rejected or sent to spam."
        )
    else:
        explanation = (
            "This looks like bulk mail; every requirement that could be checked is met. "
            "Complaint rates (keep below 0.3%) cannot be seen from one message."
        )
    if not failed:
        severity: Severity | None = Severity.INFO
    elif not any(not s.startswith("List-Id") for s in signals):
        severity = Severity.LOW  # only a List-Id says bulk: weak evidence of a marketing sender
    else:
        severity = None
    yield SENDER_REQUIREMENTS(
        explanation,
        [text for _, text in items],
        title=title,
        severity=severity,
    )


@rule
def no_tls(ctx: AnalysisContext) -> Iterator[Finding]:
    if not bulk_mail(ctx):
        return
    hop = boundary_hop(ctx)
    if hop is None or hop_has_tls(hop):
        return
    yield NO_TLS(
        "The server that handed this bulk message to the recipient's provider left no sign "
        "of an encrypted connection in its Received header (no TLS version, protocol "
        f"{hop.protocol or 'unknown'} rather than ESMTPS). Most servers record TLS when "
        "they use it; Gmail requires TLS from bulk senders.",
        [f"Received: {hop.raw}"[:400], f"protocol: {hop.protocol or '?'}"],
    )
