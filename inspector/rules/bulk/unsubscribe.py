"""Unsubscribe headers: List-Unsubscribe, one-click (RFC 8058) and its DKIM coverage,
which Gmail and Yahoo require of bulk senders since 2024."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.intel.mail_signals import bulk_signals, is_discussion_list
from inspector.model.codes import AuthStatus, Category, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.rules.bulk.signals import (
    GMAIL_FAQ,
    GMAIL_GUIDE,
    LIST_NOTE,
    RFC2369,
    RFC8058,
    YAHOO_GUIDE,
    dkim_evaluated,
    signed_by_passing_dkim,
    unsubscribe,
)
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

NO_LIST_UNSUBSCRIBE = spec(
    "bulk.no_list_unsubscribe",
    Severity.MEDIUM,
    Category.BULK,
    "Bulk mail without a List-Unsubscribe header",
    "Add List-Unsubscribe with an https URL (and a mailto if you like) plus "
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click, both signed by DKIM; every major "
    "platform can do this for you.",
    (RFC2369, RFC8058, GMAIL_GUIDE, YAHOO_GUIDE),
)
MAILTO_ONLY = spec(
    "bulk.mailto_only",
    Severity.MEDIUM,
    Category.BULK,
    "The only way to unsubscribe is by sending an e-mail",
    "Add an https unsubscribe URL to List-Unsubscribe together with List-Unsubscribe-Post: "
    "List-Unsubscribe=One-Click; Gmail and Yahoo require one-click for bulk mail.",
    (RFC8058, RFC2369, GMAIL_FAQ),
)
NO_ONE_CLICK = spec(
    "bulk.no_one_click",
    Severity.MEDIUM,
    Category.BULK,
    "List-Unsubscribe is not one-click (RFC 8058)",
    "Add the header List-Unsubscribe-Post: List-Unsubscribe=One-Click and make the https "
    "URL unsubscribe on a POST with no further page; sign both headers with DKIM.",
    (RFC8058, GMAIL_GUIDE, YAHOO_GUIDE),
)
UNSUBSCRIBE_HTTP = spec(
    "bulk.unsubscribe_http",
    Severity.LOW,
    Category.BULK,
    "The unsubscribe link uses plain http",
    "Serve the unsubscribe URL over https; RFC 8058 one-click requires an https URI.",
    (RFC8058 + " section 3.1",),
)
ONE_CLICK_UNSIGNED = spec(
    "bulk.one_click_unsigned",
    Severity.MEDIUM,
    Category.BULK,
    "The one-click unsubscribe headers are not covered by a valid DKIM signature",
    "Include List-Unsubscribe and List-Unsubscribe-Post in the DKIM h= list of a signature "
    "that verifies; receivers ignore one-click otherwise.",
    (RFC8058 + " section 4", "RFC 6376 section 5.4", GMAIL_FAQ),
)


# --------------------------------------------------------------------------- rules


@rule
def no_list_unsubscribe(ctx: AnalysisContext) -> Iterator[Finding]:
    signals = bulk_signals(ctx.message, ctx.sender)
    if not signals or ctx.message.get("List-Unsubscribe") or ctx.bounce is not None:
        return
    if ctx.evidence.kind.kind is MessageKind.TRANSACTIONAL:
        return  # receipts and notices need no unsubscribe
    only_platform = all(s.startswith("sent through") for s in signals)
    listed = is_discussion_list(ctx.evidence)
    yield NO_LIST_UNSUBSCRIBE(
        "This looks like bulk mail (" + "; ".join(signals) + "), but it has no "
        "List-Unsubscribe header, so mail apps cannot show an unsubscribe button. Readers "
        "who cannot leave easily press 'Report spam' instead, and Gmail and Yahoo require "
        "the header from bulk senders. (Transactional mail such as receipts does not need "
        "it.)" + (LIST_NOTE if listed else ""),
        [*signals, "List-Unsubscribe: (absent)"],
        severity=Severity.INFO if listed else (Severity.LOW if only_platform else None),
    )


@rule
def mailto_only(ctx: AnalysisContext) -> Iterator[Finding]:
    unsub = unsubscribe(ctx)
    if not unsub.mailto or unsub.https or unsub.http:
        return
    listed = is_discussion_list(ctx.evidence)
    yield MAILTO_ONLY(
        "The List-Unsubscribe header only offers an e-mail address. Mail apps can use it, but "
        "it is slow and unreliable, and it is not the one-click (https) method Gmail and "
        "Yahoo require from bulk senders." + (LIST_NOTE if listed else ""),
        unsub.evidence(),
        severity=Severity.INFO if listed else None,
    )


@rule
def no_one_click(ctx: AnalysisContext) -> Iterator[Finding]:
    unsub = unsubscribe(ctx)
    if not unsub.https or unsub.one_click_declared:
        return
    if unsub.post:
        why = f'the List-Unsubscribe-Post value "{unsub.post[:80]}" is not the exact text'
    else:
        why = "the List-Unsubscribe-Post header is missing"
    listed = is_discussion_list(ctx.evidence)
    yield NO_ONE_CLICK(
        f"There is an https unsubscribe link, but {why} "
        "'List-Unsubscribe=One-Click'. Without it, mail apps must open the page in a browser "
        "instead of unsubscribing with one click, and the 2024 Gmail/Yahoo rules are not met."
        + (LIST_NOTE if listed else ""),
        unsub.evidence() or ["List-Unsubscribe-Post: (absent)"],
        severity=Severity.INFO if listed else None,
    )


@rule
def unsubscribe_http(ctx: AnalysisContext) -> Iterator[Finding]:
    unsub = unsubscribe(ctx)
    if not unsub.http:
        return
    yield UNSUBSCRIBE_HTTP(
        f"The unsubscribe link {unsub.http[0][:120]} is not encrypted. One-click unsubscribe "
        "only works with https links, and some clients refuse plain http.",
        unsub.evidence(),
    )


@rule
def one_click_unsigned(ctx: AnalysisContext) -> Iterator[Finding]:
    unsub = unsubscribe(ctx)
    if not unsub.one_click_declared or not dkim_evaluated(ctx):
        return
    if signed_by_passing_dkim(ctx):
        return
    passing = [r for r in ctx.auth.dkim if r.result is AuthStatus.PASS]
    if passing:
        detail = "the valid DKIM signature(s) do not include both headers in h="
    else:
        detail = "no DKIM signature on the message verifies"
    evidence = unsub.evidence() + [
        f"DKIM d={r.domain} {r.result.value} h={':'.join(r.signed_headers)}"[:300]
        for r in ctx.auth.dkim[:5]
    ]
    yield ONE_CLICK_UNSIGNED(
        f"One-click unsubscribe is declared, but {detail}. RFC 8058 asks receivers to honour "
        "one-click only when a valid signature covers List-Unsubscribe and "
        "List-Unsubscribe-Post, so anyone forwarding the message cannot add their own link.",
        evidence,
    )
