"""Findings about bulk mail: unsubscribe headers and the 2024 Gmail/Yahoo sender rules.

Since February 2024 Gmail and Yahoo require bulk senders to authenticate with SPF and DKIM,
publish DMARC and align with it, send from IPs with valid forward and reverse DNS, use TLS,
offer RFC 8058 one-click unsubscribe, and not use a gmail.com/yahoo.com From through other
servers. Microsoft announced the same for Outlook.com in 2025. A message "looks bulk" when
it carries a mailing-list header, ``Precedence: bulk`` or was sent by a marketing platform.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from inspector.model.codes import AuthStatus, Category, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.model.route import Hop
from inspector.rules.context import AnalysisContext
from inspector.rules.identity import freemail_impersonation
from inspector.rules.registry import rule, spec

_GMAIL = "https://support.google.com/a/answer/81126 (Gmail sender guidelines)"
_GMAIL_FAQ = "https://support.google.com/a/answer/14229414 (Gmail bulk sender FAQ)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender requirements)"
_MS = (
    "https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/"
    "strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-"
    "senders/4399730 (Outlook.com high-volume sender requirements)"
)
_RFC8058 = "RFC 8058 (one-click unsubscribe)"
_RFC2369 = "RFC 2369 section 3.2 (List-Unsubscribe)"
_ESP_KINDS = frozenset({"esp", "newsletter", "esp-software"})
_AUTO_SUBMITTED = frozenset({"no", "auto-generated", "auto-replied", "auto-notified"})
_PRECEDENCE = frozenset({"bulk", "list", "junk"})
_ONE_CLICK = re.compile(r"^\s*List-Unsubscribe\s*=\s*One-Click\s*$", re.IGNORECASE)

NO_LIST_UNSUBSCRIBE = spec(
    "bulk.no_list_unsubscribe",
    Severity.MEDIUM,
    Category.BULK,
    "Bulk mail without a List-Unsubscribe header",
    "Add List-Unsubscribe with an https URL (and a mailto if you like) plus "
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click, both signed by DKIM; every major "
    "platform can do this for you.",
    (_RFC2369, _RFC8058, _GMAIL, _YAHOO),
)
MAILTO_ONLY = spec(
    "bulk.mailto_only",
    Severity.MEDIUM,
    Category.BULK,
    "The only way to unsubscribe is by sending an e-mail",
    "Add an https unsubscribe URL to List-Unsubscribe together with List-Unsubscribe-Post: "
    "List-Unsubscribe=One-Click; Gmail and Yahoo require one-click for bulk mail.",
    (_RFC8058, _RFC2369, _GMAIL_FAQ),
)
NO_ONE_CLICK = spec(
    "bulk.no_one_click",
    Severity.MEDIUM,
    Category.BULK,
    "List-Unsubscribe is not one-click (RFC 8058)",
    "Add the header List-Unsubscribe-Post: List-Unsubscribe=One-Click and make the https "
    "URL unsubscribe on a POST with no further page; sign both headers with DKIM.",
    (_RFC8058, _GMAIL, _YAHOO),
)
UNSUBSCRIBE_HTTP = spec(
    "bulk.unsubscribe_http",
    Severity.LOW,
    Category.BULK,
    "The unsubscribe link uses plain http",
    "Serve the unsubscribe URL over https; RFC 8058 one-click requires an https URI.",
    (_RFC8058 + " section 3.1",),
)
ONE_CLICK_UNSIGNED = spec(
    "bulk.one_click_unsigned",
    Severity.MEDIUM,
    Category.BULK,
    "The one-click unsubscribe headers are not covered by a valid DKIM signature",
    "Include List-Unsubscribe and List-Unsubscribe-Post in the DKIM h= list of a signature "
    "that verifies; receivers ignore one-click otherwise.",
    (_RFC8058 + " section 4", "RFC 6376 section 5.4", _GMAIL_FAQ),
)
SENDER_REQUIREMENTS = spec(
    "bulk.sender_requirements",
    Severity.MEDIUM,
    Category.BULK,
    "Gmail and Yahoo bulk-sender requirements (2024)",
    "Meet every item: SPF and DKIM pass, a DMARC record with an aligned pass, forward-"
    "confirmed reverse DNS on the sending IP, TLS, one-click unsubscribe, and a From domain "
    "of your own. Keep spam complaints under 0.3% (Google Postmaster Tools shows the rate).",
    (_GMAIL, _GMAIL_FAQ, _YAHOO, _MS),
)
NO_TLS = spec(
    "bulk.no_tls",
    Severity.LOW,
    Category.BULK,
    "Bulk mail was delivered without TLS",
    "Enable STARTTLS on the sending servers (all major platforms do this by default); Gmail "
    "requires TLS for bulk senders and marks unencrypted mail with a red padlock.",
    ("RFC 3207 (STARTTLS)", _GMAIL),
)
PRECEDENCE_NONSTANDARD = spec(
    "bulk.precedence_nonstandard",
    Severity.INFO,
    Category.BULK,
    "The Precedence header has a value receivers do not recognise",
    "Use Precedence: bulk (or list) for bulk mail, or leave the header out; values such as "
    "'high' or 'first-class' are ignored or look home-made.",
    ("RFC 2076 section 3.9 (Precedence, informational)", "RFC 3834 section 2"),
)
AUTO_SUBMITTED_INVALID = spec(
    "bulk.auto_submitted_invalid",
    Severity.LOW,
    Category.BULK,
    "The Auto-Submitted header has an invalid value",
    "Use one of the registered values: no, auto-generated, auto-replied (RFC 3834) or "
    "auto-notified (RFC 5436).",
    ("RFC 3834 section 5", "RFC 5436 section 2.7.1"),
)


# --------------------------------------------------------------------------- helpers


def bulk_signals(ctx: AnalysisContext) -> list[str]:
    """Why the message looks like bulk mail (empty when it does not)."""
    pm = ctx.message
    found: list[str] = []
    list_id = pm.get("List-Id")
    if list_id:
        found.append(f"List-Id: {list_id}"[:200])
    precedence = (pm.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "list"):
        found.append(f"Precedence: {precedence}")
    platform = ctx.sender.platform
    if platform and platform.kind in _ESP_KINDS:
        found.append(f"sent through {platform.name}")
    return found


def discussion_list(ctx: AnalysisContext) -> bool:
    """A post to a discussion mailing list rather than a newsletter (the message-kind fact
    decides, from List-Post, list software headers and Sender). List software such as
    Mailman or mlmmj offers mailto unsubscribe, and receivers do not hold list traffic to the
    one-click rule the way they hold marketing mail."""
    return ctx.evidence.kind.kind is MessageKind.LIST_POST


def bulk_mail(ctx: AnalysisContext) -> bool:
    """Mail the bulk-sender requirements are about: marketing, newsletters and the
    notifications bulk platforms send. A person's post, even through a list, is not."""
    return ctx.evidence.kind.kind in (MessageKind.BULK, MessageKind.TRANSACTIONAL)


_LIST_NOTE = (
    " This is a post to a discussion list, not marketing mail; list software commonly works "
    "this way and receivers do not filter list traffic for it, so it counts for nothing here."
)


def _uris(value: str) -> list[str]:
    return [u.strip() for u in re.findall(r"<([^>]{1,2048})>", value)[:10]]


@dataclass(frozen=True)
class Unsubscribe:
    """What the unsubscribe headers offer."""

    header: str | None
    post: str | None
    https: tuple[str, ...]
    http: tuple[str, ...]
    mailto: tuple[str, ...]

    @property
    def one_click_declared(self) -> bool:
        return bool(self.post and _ONE_CLICK.match(self.post) and self.https)

    def evidence(self) -> list[str]:
        lines = [f"List-Unsubscribe: {self.header}"[:300]] if self.header else []
        if self.post:
            lines.append(f"List-Unsubscribe-Post: {self.post}"[:200])
        return lines


def unsubscribe(ctx: AnalysisContext) -> Unsubscribe:
    header = ctx.message.get("List-Unsubscribe")
    uris = _uris(header or "")
    lower = [u.lower() for u in uris]
    return Unsubscribe(
        header=header,
        post=ctx.message.get("List-Unsubscribe-Post"),
        https=tuple(u for u, lo in zip(uris, lower, strict=True) if lo.startswith("https://")),
        http=tuple(u for u, lo in zip(uris, lower, strict=True) if lo.startswith("http://")),
        mailto=tuple(u for u, lo in zip(uris, lower, strict=True) if lo.startswith("mailto:")),
    )


def _dkim_evaluated(ctx: AnalysisContext) -> bool:
    return any(r.result is not AuthStatus.SKIPPED for r in ctx.auth.dkim)


def _signed_by_passing_dkim(ctx: AnalysisContext) -> bool:
    wanted = {"list-unsubscribe", "list-unsubscribe-post"}
    for r in ctx.auth.dkim:
        if r.result is AuthStatus.PASS and wanted <= {h.lower() for h in r.signed_headers}:
            return True
    return False


def boundary_hop(ctx: AnalysisContext) -> Hop | None:
    for hop in ctx.hops:
        if hop.boundary:
            return hop
    index = ctx.route.boundary_index
    if index is not None:
        for hop in ctx.hops:
            if hop.index == index:
                return hop
    return None


def hop_has_tls(hop: Hop) -> bool:
    protocol = (hop.protocol or "").upper()
    return bool(hop.tls or hop.tls_version or re.search(r"SMTPS|LMTPS|SMTPSA", protocol))


def _from_line(ctx: AnalysisContext) -> str:
    return f"From: {ctx.message.get('From') or ''}"[:300]


# --------------------------------------------------------------------------- rules


@rule
def no_list_unsubscribe(ctx: AnalysisContext) -> Iterator[Finding]:
    signals = bulk_signals(ctx)
    if not signals or ctx.message.get("List-Unsubscribe") or ctx.bounce is not None:
        return
    if ctx.evidence.kind.kind is MessageKind.TRANSACTIONAL:
        return  # receipts and notices need no unsubscribe
    only_platform = all(s.startswith("sent through") for s in signals)
    listed = discussion_list(ctx)
    yield NO_LIST_UNSUBSCRIBE(
        "This looks like bulk mail (" + "; ".join(signals) + "), but it has no "
        "List-Unsubscribe header, so mail apps cannot show an unsubscribe button. Readers "
        "who cannot leave easily press 'Report spam' instead, and Gmail and Yahoo require "
        "the header from bulk senders. (Transactional mail such as receipts does not need "
        "it.)" + (_LIST_NOTE if listed else ""),
        [*signals, "List-Unsubscribe: (absent)"],
        severity=Severity.INFO if listed else (Severity.LOW if only_platform else None),
    )


@rule
def mailto_only(ctx: AnalysisContext) -> Iterator[Finding]:
    unsub = unsubscribe(ctx)
    if not unsub.mailto or unsub.https or unsub.http:
        return
    listed = discussion_list(ctx)
    yield MAILTO_ONLY(
        "The List-Unsubscribe header only offers an e-mail address. Mail apps can use it, but "
        "it is slow and unreliable, and it is not the one-click (https) method Gmail and "
        "Yahoo require from bulk senders." + (_LIST_NOTE if listed else ""),
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
    listed = discussion_list(ctx)
    yield NO_ONE_CLICK(
        f"There is an https unsubscribe link, but {why} "
        "'List-Unsubscribe=One-Click'. Without it, mail apps must open the page in a browser "
        "instead of unsubscribing with one click, and the 2024 Gmail/Yahoo rules are not met."
        + (_LIST_NOTE if listed else ""),
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
    if not unsub.one_click_declared or not _dkim_evaluated(ctx):
        return
    if _signed_by_passing_dkim(ctx):
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
        _signed_by_passing_dkim(ctx) or not _dkim_evaluated(ctx)
    )
    items.append(_item(one_click, "one-click unsubscribe (RFC 8058), signed by DKIM"))
    impersonating = any(True for _ in freemail_impersonation(ctx))
    items.append(_item(not impersonating, "From is not a gmail.com/yahoo.com-style address"))
    return items


@rule
def sender_requirements(ctx: AnalysisContext) -> Iterator[Finding]:
    signals = bulk_signals(ctx)
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


@rule
def precedence_nonstandard(ctx: AnalysisContext) -> Iterator[Finding]:
    value = ctx.message.get("Precedence")
    if value is None or value.strip().lower() in _PRECEDENCE:
        return
    yield PRECEDENCE_NONSTANDARD(
        f'"Precedence: {value.strip()[:60]}" is not a value mail software understands (bulk, '
        "list and junk are). It does no harm by itself but is a mark of home-made bulk "
        "tools.",
        [f"Precedence: {value}"[:200]],
    )


@rule
def auto_submitted_invalid(ctx: AnalysisContext) -> Iterator[Finding]:
    value = ctx.message.get("Auto-Submitted")
    if value is None:
        return
    # the keyword, without parameters (";") or a comment ("auto-generated (failure)")
    keyword = re.split(r"[\s;(]", value.strip(), maxsplit=1)[0].lower()
    if keyword in _AUTO_SUBMITTED:
        return
    yield AUTO_SUBMITTED_INVALID(
        f'"Auto-Submitted: {value.strip()[:60]}" is not a registered value, so auto-'
        "responders may not recognise the message as automatic and may answer it (mail "
        "loops, backscatter).",
        [f"Auto-Submitted: {value}"[:200]],
    )
