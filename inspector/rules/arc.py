"""Findings about the ARC chain: broken, rescuing a DMARC failure, sealed by strangers.

ARC (RFC 8617) lets a forwarder or mailing list record "this is what authentication looked
like when the message reached me" and seal it. A receiver that trusts the sealer may deliver
a forwarded message whose DMARC broke on the way. The sealer list below is the set of large
operators whose seals receivers are publicly known to honour; anyone else can seal too, but
few receivers listen to them.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.auth.results import org_domain
from inspector.model.auth import ArcInstance
from inspector.model.codes import AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_RFC = "RFC 8617"
_MS_ARC = (
    "https://learn.microsoft.com/defender-office-365/email-authentication-arc-configure "
    "(trusted ARC sealers in Microsoft 365)"
)
_GOOGLE_ARC = "https://support.google.com/a/answer/175365 (Gmail: ARC for forwarders)"

#: Organisational domains of widely honoured ARC sealers (mailbox providers, list hosts).
KNOWN_SEALERS = frozenset(
    {
        "google.com",
        "microsoft.com",
        "outlook.com",
        "office365.com",
        "yahoo.com",
        "aol.com",
        "icloud.com",
        "apple.com",
        "fastmail.com",
        "messagingengine.com",
        "zoho.com",
        "proton.me",
        "protonmail.ch",
        "groups.io",
        "mimecast.com",
        "pphosted.com",
    }
)

CHAIN_BROKEN = spec(
    "arc.chain_broken",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The forwarding seals (ARC chain) on the message do not verify",
    "If you run a forwarder or list that seals, sign after all your modifications and keep "
    "the sealing key published. As a sender, nothing to do unless the intermediaries are "
    "yours; a broken chain means receivers cannot use ARC to rescue a DMARC failure.",
    (f"{_RFC} section 5.2", f"{_RFC} section 7.2"),
)
FORWARDING_RESCUE = spec(
    "arc.forwarding_rescue",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "DMARC failed, but a valid ARC chain vouches for the original authentication",
    "Forwarding and mailing lists break SPF and often DKIM. Sign with DKIM aligned to the "
    "From domain (it survives plain forwarding), and ask list operators to seal with ARC; "
    "receivers that trust the sealer can then deliver despite the DMARC failure.",
    (f"{_RFC} section 7.2", "RFC 7960 (DMARC interoperability issues)", _GOOGLE_ARC, _MS_ARC),
)
UNKNOWN_SEALER = spec(
    "arc.unknown_sealer",
    Severity.INFO,
    Category.AUTHENTICATION,
    "An ARC seal comes from a sealer receivers are not known to trust",
    "Nothing to fix for the sender. A list or forwarder that wants its seals honoured must "
    "ask receivers (e.g. Microsoft 365 admins via trusted ARC sealers) to trust it.",
    (f"{_RFC} section 7.2", _MS_ARC),
)


def _line(inst: ArcInstance) -> str:
    return (
        f"ARC i={inst.instance} d={inst.domain or '?'} s={inst.selector or '?'} "
        f"cv={inst.cv or '?'} seal={inst.as_result.value} message-signature="
        f"{inst.ams_result.value}"
    )


@rule
def chain_broken(ctx: AnalysisContext) -> Iterator[Finding]:
    arc = ctx.auth.arc
    if arc.result is not AuthStatus.FAIL:
        return
    yield CHAIN_BROKEN(
        f"Intermediaries sealed this message with ARC, but the chain does not validate: "
        f"{arc.reason}. Either the message was changed after the last seal, a seal's key "
        "is gone, or the seals were forged. Receivers ignore a broken chain.",
        [_line(i) for i in arc.instances[:10]] or [arc.reason],
    )


@rule
def forwarding_rescue(ctx: AnalysisContext) -> Iterator[Finding]:
    arc, dmarc = ctx.auth.arc, ctx.auth.dmarc
    if arc.result is not AuthStatus.PASS or dmarc.result is not AuthStatus.FAIL:
        return
    first = min(arc.instances, key=lambda i: i.instance, default=None)
    sealers = ", ".join(sorted({i.domain or "?" for i in arc.instances}))
    original = f" The first sealer recorded: {first.authentication_results}" if first else ""
    yield FORWARDING_RESCUE(
        f"DMARC fails for the From domain, which usually means the message was forwarded or "
        f"passed through a mailing list that changed it. A valid ARC chain sealed by "
        f"{sealers} records how authentication looked before that.{original[:600]} "
        "Receivers that trust these sealers (Gmail, Microsoft 365 and others do for known "
        "forwarders) may deliver the message anyway; others apply the DMARC policy.",
        [
            f"DMARC: {dmarc.result.value} ({dmarc.reason})"[:300],
            *(_line(i) for i in arc.instances[:10]),
        ],
    )


@rule
def unknown_sealer(ctx: AnalysisContext) -> Iterator[Finding]:
    arc = ctx.auth.arc
    if arc.result in (AuthStatus.NONE, AuthStatus.SKIPPED) or not arc.instances:
        return
    strangers = [i for i in arc.instances if i.domain and org_domain(i.domain) not in KNOWN_SEALERS]
    if not strangers:
        return
    names = ", ".join(sorted({i.domain or "" for i in strangers}))
    yield UNKNOWN_SEALER(
        f"The ARC seal(s) by {names} are not from a mailbox provider or list host that "
        "receivers are known to trust. Anyone can add an ARC seal; a receiver only uses it "
        "to override a failed DMARC check when it trusts the sealer, so these seals likely "
        "carry no weight.",
        [_line(i) for i in strangers[:10]],
    )
