"""Findings about who the message claims to be from, and whether the pieces fit together.

The From line is what the reader sees; the Return-Path (bounce address), the DKIM signing
domains, Reply-To and Sender say who really sent it and where answers go. An e-mail
platform legitimately uses its own bounce and signing domains, so differences it explains
are not reported. Display names, lookalike domains and free-webmail addresses are the
classic impersonation tools and are checked against a bundled brand list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from inspector.intel.brand_claims import claimed_brands
from inspector.intel.brands import brand_of, is_free_webmail
from inspector.intel.lookalike import Lookalike, find_lookalike
from inspector.intel.mail_signals import (
    dkim_domains,
    freemail_impersonation_reasons,
    from_domain,
    platform_explains,
    return_path_domain,
)
from inspector.intel.message_kind import list_explains
from inspector.intel.org_domains import org_domain
from inspector.model.codes import AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_RFC5322 = "RFC 5322 section 3.6.2 (From, Sender, Reply-To)"
_DMARC = "RFC 7489 section 3.1 (identifier alignment)"
_GMAIL = "https://support.google.com/a/answer/81126 (Gmail sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"
_TR39 = "Unicode Technical Standard #39 (confusable characters)"
_ADDRESS_IN_TEXT = re.compile(r"[\w.+'-]+@((?:[\w-]+\.)+[\w-]{2,})", re.UNICODE)

DOMAINS_UNRELATED = spec(
    "identity.domains_unrelated",
    Severity.MEDIUM,
    Category.IDENTITY,
    "The From, bounce and signing domains belong to unrelated organisations",
    "Send with a bounce (Return-Path) domain and a DKIM signature under your own From "
    "domain: most platforms offer a custom return-path and custom-domain DKIM.",
    (_DMARC, "RFC 5321 section 4.4 (Return-Path)", _GMAIL),
)
DISPLAY_NAME_ADDRESS = spec(
    "identity.display_name_address",
    Severity.HIGH,
    Category.IDENTITY,
    "The display name shows a different e-mail address than the real sender",
    "Put only a plain name in the display name; never an e-mail address, and never one "
    "from a domain other than the From address.",
    (_RFC5322, "https://www.m3aawg.org/ (M3AAWG sender best common practices)"),
)
DISPLAY_NAME_BRAND = spec(
    "identity.display_name_brand",
    Severity.MEDIUM,
    Category.IDENTITY,
    "The display name claims a well-known brand that does not own the From domain",
    "Send brand mail from the brand's own domain (or a subdomain of it) with aligned DKIM, "
    "so the name and the address agree.",
    (_RFC5322, _DMARC, "RFC 9091 (BIMI) background on brand indicators"),
)
LOOKALIKE_FROM = spec(
    "identity.lookalike_from",
    Severity.HIGH,
    Category.IDENTITY,
    "The From domain imitates a well-known domain",
    "Do not send from domains that resemble other organisations' names; use your own "
    "registered domain consistently.",
    (_TR39, "RFC 5890 (IDNA)", "RFC 3492 (Punycode)"),
)
LOOKALIKE_REPLY_TO = spec(
    "identity.lookalike_reply_to",
    Severity.HIGH,
    Category.IDENTITY,
    "Replies go to a domain that imitates a well-known domain",
    "Set Reply-To only to addresses in your own domain.",
    (_TR39, _RFC5322),
)
FREEMAIL_REPLY_TO = spec(
    "identity.freemail_reply_to",
    Severity.MEDIUM,
    Category.IDENTITY,
    "A company address in From, but replies go to a free webmail account",
    "Use a Reply-To in your own domain; a free-mail Reply-To behind a company From is the "
    "pattern of invoice and CEO fraud and filters score it accordingly.",
    (_RFC5322, "https://www.ic3.gov/ (FBI IC3 on business e-mail compromise)"),
)
FREEMAIL_IMPERSONATION = spec(
    "identity.freemail_impersonation",
    Severity.HIGH,
    Category.IDENTITY,
    "The From address is at a free-mail provider, but the provider did not send it",
    "Do not use a gmail.com, yahoo.com, outlook.com (etc.) From address on mail sent through "
    "other servers or platforms: those providers publish DMARC p=reject or quarantine. Send "
    "from your own domain with SPF, DKIM and DMARC.",
    (_GMAIL, _YAHOO, _DMARC),
)
SENDER_DIFFERS = spec(
    "identity.sender_differs",
    Severity.INFO,
    Category.IDENTITY,
    "A Sender header names another organisation than From",
    "Nothing to fix when someone sends on behalf of the author on purpose (a secretary, a "
    "list); otherwise drop the Sender header or use your own domain in it.",
    (_RFC5322,),
)
REPLY_TO_ELSEWHERE = spec(
    "identity.reply_to_elsewhere",
    Severity.LOW,
    Category.IDENTITY,
    "Replies go to a different organisation's domain",
    "Prefer a Reply-To in the From domain; if a service handles replies, use a subdomain of "
    "your own domain pointed at it.",
    (_RFC5322,),
)


# --------------------------------------------------------------------------- helpers


def list_domain(ctx: AnalysisContext) -> str:
    """The mailing list's domain from List-Id (``<dev.lists.example.org>``), if any."""
    value = ctx.message.get("List-Id") or ""
    m = re.search(r"<([^<>@\s]{1,253})>", value)
    host = m.group(1) if m else ""
    return host.lower().rstrip(".") if "." in host else ""


def relay_explains(ctx: AnalysisContext, domain: str) -> bool:
    """A mailing list or a Sender that resent the message owns ``domain``: lists send
    with their own bounce address, as RFC 5321 expects."""
    org = org_domain(domain)
    relays = [list_domain(ctx)]
    if ctx.message.sender is not None:
        relays.append(ctx.message.sender.domain)
    return any(r and org_domain(r) == org for r in relays)


def _from_line(ctx: AnalysisContext) -> str:
    return f"From: {ctx.message.get('From') or ''}"[:300]


# --------------------------------------------------------------------------- rules


@rule
def domains_unrelated(ctx: AnalysisContext) -> Iterator[Finding]:
    sender = from_domain(ctx.message)
    rp = return_path_domain(ctx.message)
    if not sender or not rp or org_domain(rp) == org_domain(sender) or ctx.bounce is not None:
        return  # (a bounce report comes from whichever server gave up)
    if platform_explains(ctx.sender, rp) or relay_explains(ctx, rp):
        return
    signers = dkim_domains(ctx.message, ctx.auth)
    if any(org_domain(d) == org_domain(sender) for d, _ in signers):
        return
    others = sorted({d for d, _ in signers if not platform_explains(ctx.sender, d)})
    rp_line = ctx.message.get("Return-Path") or f"<{ctx.message.return_path}>"
    evidence = [_from_line(ctx), f"Return-Path: {rp_line.strip()}"[:300]]
    evidence += [f"DKIM d={d} ({status or 'unverified'})" for d, status in signers[:5]]
    if ctx.message.reply_to:
        evidence.append(f"Reply-To: {ctx.message.reply_to[0].address}"[:300])
    signed = f" and it is signed by {', '.join(others)}" if others else " and nothing signs it"
    yield DOMAINS_UNRELATED(
        f"The message says it is from {sender}, but bounces go to {rp}{signed}. No sending "
        "platform we recognise explains the difference, so nothing ties the visible sender "
        "to the servers that sent the message. Filters treat such a mismatch as a sign of "
        "spoofing or of a misconfigured sender.",
        evidence,
    )


@rule
def display_name_address(ctx: AnalysisContext) -> Iterator[Finding]:
    if not ctx.message.from_:
        return
    sender = ctx.message.from_[0]
    if "@" not in sender.display_name[:300]:
        return  # most names: no address in them to compare
    real = sender.domain
    if list_domain(ctx) and re.search(r"\bvia\b", sender.display_name):
        return  # "'ann@example.com' via listname": how lists that rewrite From say who wrote
    for m in _ADDRESS_IN_TEXT.finditer(sender.display_name[:300]):
        shown = m.group(1).lower().rstrip(".")
        if real and org_domain(shown) != org_domain(real):
            yield DISPLAY_NAME_ADDRESS(
                f"The name shown to the reader contains the address {m.group(0)}, but the "
                f"message really comes from {sender.address}. Many mail apps show only the "
                "name, so the reader sees an address the sender does not own: a common "
                "impersonation trick.",
                [_from_line(ctx)],
            )
            return


@rule
def display_name_brand(ctx: AnalysisContext) -> Iterator[Finding]:
    if not ctx.message.from_:
        return
    sender = ctx.message.from_[0]
    real = sender.domain
    if not real:
        return
    owner = brand_of(real)
    every = claimed_brands(sender.display_name, as_name=True)
    claims = [c for c in every if c.brand != owner]
    claimed = [c.brand for c in claims]
    if not claimed or len(claims) < len(every):
        return  # the name is the owner's own ("Bradesco Prime" from bradesco.com.br)
    shown = _visible(sender.display_name[:300])
    nfkc = unicodedata.normalize("NFKC", sender.display_name[:300])
    disguised = claims[0].disguised or shown != nfkc
    platform = ctx.sender.platform
    if platform and platform.customer and brand_of(platform.customer) in claimed:
        return
    brand = claimed[0]
    failed = _auth_failed(ctx)
    risky = disguised or bool(failed) or is_free_webmail(real) or find_lookalike(real) is not None
    yield DISPLAY_NAME_BRAND(
        f'The display name "{sender.display_name[:80]}" suggests {brand.name}, whose mail '
        f"comes from {', '.join(brand.domains[:3])}, but the address is at {real}. Unless "
        f"{real} genuinely belongs to {brand.name}, this is how brand impersonation looks, and "
        "the impersonation filters of Gmail and Microsoft 365 look for exactly this."
        + (
            " The name is written with look-alike letters or with invisible or combining "
            f'characters ("{shown[:60]}" as shown), a trick to slip the brand name past '
            "filters."
            if disguised
            else ""
        )
        + (
            f" On top of that, authentication failed ({', '.join(failed)}): nothing vouches "
            f"that {real} sent it."
            if failed
            else ""
        ),
        [
            _from_line(ctx),
            f"{brand.name} domains: {', '.join(brand.domains[:6])}",
            *(f"authentication: {f}" for f in failed),
        ],
        severity=Severity.HIGH if risky else None,
    )


def _auth_failed(ctx: AnalysisContext) -> list[str]:
    """SPF or DMARC failures, from our own checks or the receiver's trusted results."""
    bad = (AuthStatus.FAIL, AuthStatus.SOFTFAIL, AuthStatus.PERMERROR)
    found = [
        f"{name}={status.value}"
        for name, status in (("spf", ctx.auth.spf.result), ("dmarc", ctx.auth.dmarc.result))
        if status in bad
    ]
    for header in ctx.auth.received:
        if header.trusted:
            for m in header.methods:
                text = f"{m.method}={m.result} (receiver)"
                if m.method in ("spf", "dmarc") and m.result in bad and text not in found:
                    found.append(text)
    return found[:4]


def _visible(text: str) -> str:
    """The text as a reader sees it: compatibility forms folded, and combining marks and
    invisible format characters (zero-width joiners, direction marks) removed, since
    phishers sprinkle them into brand names to defeat word matching."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


def _lookalike_finding(ctx: AnalysisContext, found: Lookalike, header: str) -> Finding:
    spec_ = LOOKALIKE_FROM if header == "From" else LOOKALIKE_REPLY_TO
    soft = found.technique == "tld-swap"
    line = ctx.message.get(header) or ""
    return spec_(
        f"{found.detail}. The domain {found.domain} is not one of {found.brand}'s, yet it is "
        f"built to be read as {found.imitates}"
        + (" (possibly a legitimate country site, but the brand does not list it)" if soft else "")
        + ". Readers trust what they think they see; filters score lookalikes heavily.",
        [f"{header}: {line}"[:300], f"technique: {found.technique}", f"imitates: {found.imitates}"],
        severity=Severity.MEDIUM if soft else None,
    )


@rule
def lookalike_from(ctx: AnalysisContext) -> Iterator[Finding]:
    found = find_lookalike(from_domain(ctx.message))
    if found:
        yield _lookalike_finding(ctx, found, "From")


@rule
def lookalike_reply_to(ctx: AnalysisContext) -> Iterator[Finding]:
    for addr in ctx.message.reply_to[:5]:
        found = find_lookalike(addr.domain)
        if found:
            yield _lookalike_finding(ctx, found, "Reply-To")
            return


@rule
def freemail_reply_to(ctx: AnalysisContext) -> Iterator[Finding]:
    if not ctx.message.reply_to:
        return  # most mail: no need to ask what the From domain is
    sender = from_domain(ctx.message)
    if not sender or is_free_webmail(sender) or list_explains(ctx.evidence.kind, sender):
        return  # a list that rewrote From points Reply-To at the author, as it should
    for addr in ctx.message.reply_to[:5]:
        if is_free_webmail(addr.domain):
            yield FREEMAIL_REPLY_TO(
                f"The message comes from {sender}, an organisation's domain, but answers go "
                f"to {addr.address}, a free webmail account anyone can open. Real companies "
                "rarely do this; fraudsters do it to receive the replies themselves.",
                [_from_line(ctx), f"Reply-To: {ctx.message.get('Reply-To') or ''}"[:300]],
            )
            return


@rule
def freemail_impersonation(ctx: AnalysisContext) -> Iterator[Finding]:
    reasons = freemail_impersonation_reasons(ctx.message, ctx.auth, ctx.sender)
    if not reasons:
        return
    sender = from_domain(ctx.message)
    org = org_domain(sender)
    yield FREEMAIL_IMPERSONATION(
        f"The From address is at {sender}, but the message was not sent and signed by "
        f"{sender}'s own servers. {org} publishes a strict DMARC policy, and since 2024 Gmail "
        "and Yahoo require free-mail From addresses to be sent through the provider itself; "
        "such messages are rejected or junked.",
        [_from_line(ctx), *reasons],
    )


@rule
def sender_differs(ctx: AnalysisContext) -> Iterator[Finding]:
    sender_hdr = ctx.message.sender
    author = from_domain(ctx.message)
    if sender_hdr is None or not author or not sender_hdr.domain:
        return
    if org_domain(sender_hdr.domain) == org_domain(author):
        return
    if list_explains(ctx.evidence.kind, sender_hdr.domain):
        return  # the list names itself as Sender, as RFC 5322 expects of a relay
    yield SENDER_DIFFERS(
        f"The Sender header says {sender_hdr.address} sent the message on behalf of the "
        f"author at {author}. That is normal for mailing lists and assistants; some mail "
        'apps show it as "on behalf of".',
        [_from_line(ctx), f"Sender: {ctx.message.get('Sender') or ''}"[:300]],
    )


@rule
def reply_to_elsewhere(ctx: AnalysisContext) -> Iterator[Finding]:
    author = from_domain(ctx.message)
    if not author or not ctx.message.reply_to or list_explains(ctx.evidence.kind, author):
        return
    for addr in ctx.message.reply_to[:5]:
        domain = addr.domain
        if not domain or org_domain(domain) == org_domain(author):
            continue
        if list_explains(ctx.evidence.kind, domain):
            continue  # replies go to the list: that is what a discussion list is for
        if find_lookalike(domain) or (is_free_webmail(domain) and not is_free_webmail(author)):
            return  # reported more sharply by lookalike_reply_to / freemail_reply_to
        yield REPLY_TO_ELSEWHERE(
            f"Replies go to {addr.address}, outside the From domain {author}. Often harmless "
            "(a help desk or CRM), but it means answers reach a different organisation than "
            "the one the reader thinks they are writing to.",
            [_from_line(ctx), f"Reply-To: {ctx.message.get('Reply-To') or ''}"[:300]],
        )
        return
