"""Alignment: which authenticated identities (DKIM d=, SPF domain) match the From domain,
since a pass that does not align does not satisfy DMARC."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.dmarc.evidence import (
    GOOGLE_GUIDE,
    LIST_HEADERS,
    RFC7489,
    dmarc_evidence,
    dmarc_result,
    envelope_domain,
)
from inspector.rules.registry import rule, spec

DKIM_UNALIGNED = spec(
    "dmarc.dkim_unaligned",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "DKIM passed, but for a domain that does not match the From domain",
    "Enable custom-domain DKIM at the sending platform so it signs with d=<your domain> (it "
    "gives you CNAME or TXT records to publish).",
    (f"{RFC7489} section 3.1.1", GOOGLE_GUIDE),
)
SPF_UNALIGNED = spec(
    "dmarc.spf_unaligned",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "SPF passed, but for a Return-Path domain that does not match the From domain",
    "Set up a custom Return-Path (bounce / MAIL FROM) domain at the sending platform, a "
    "subdomain of yours such as bounces.<your domain>, so SPF passes for your own domain.",
    (f"{RFC7489} section 3.1.2", GOOGLE_GUIDE),
)

NOTHING_ALIGNED = spec(
    "dmarc.nothing_aligned",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "No identity of the message can align with the From domain, so DMARC cannot pass",
    "Sign with a DKIM key of the From domain (d= in its organization), or send with a "
    "Return-Path (bounce) domain in it that SPF authorizes; most platforms offer both as a "
    "custom or branded sending domain.",
    ("RFC 7489 section 3.1", "https://support.google.com/a/answer/81126"),
)


@rule
def alignment(ctx: AnalysisContext) -> Iterator[Finding]:
    d = dmarc_result(ctx)
    if d is None or d.result not in (AuthStatus.PASS, AuthStatus.FAIL):
        return
    domain = d.from_domain or "the From domain"
    failed = d.result is AuthStatus.FAIL
    passing = [r.domain for r in ctx.auth.dkim if r.result is AuthStatus.PASS and r.domain]
    mode = d.adkim.word
    if passing and not d.dkim_aligned:
        yield DKIM_UNALIGNED(
            f"The message carries a valid DKIM signature, but by {', '.join(passing)}, not by "
            f"{domain} (alignment is {mode}). DMARC only counts signatures of the From "
            "domain, so this one does not help"
            + (
                " and DMARC fails."
                if failed
                else "; DMARC passed through SPF alone, which "
                "breaks as soon as the message is forwarded."
            ),
            dmarc_evidence(ctx, d),
            severity=None if failed else Severity.LOW,
        )
    spf = ctx.auth.spf
    if spf.result is AuthStatus.PASS and not d.spf_aligned and spf.domain:
        yield SPF_UNALIGNED(
            f"SPF passed for the Return-Path domain {spf.domain}, which is not {domain}. This "
            "is the default setup of most e-mail platforms (bounces go to the platform's own "
            "domain), and it does not count for DMARC"
            + (
                " so the message has no aligned authentication."
                if failed
                else "; DMARC passed through DKIM here."
            ),
            [
                *dmarc_evidence(ctx, d),
                f"Return-Path: {(ctx.message.get('Return-Path') or '')[:200]}",
            ],
            severity=None if failed else Severity.LOW,
        )


@rule
def nothing_aligned(ctx: AnalysisContext) -> Iterator[Finding]:
    """Alignment needs no DNS: judged when our own DMARC check could not run (offline)."""
    d = ctx.auth.dmarc
    if d.result is not AuthStatus.SKIPPED or not d.from_domain or d.alignable:
        return
    if any(ctx.message.get(name) for name in LIST_HEADERS):
        return  # a list re-sent it with its own envelope: judged by dmarc.mailing_list
    spf_domain = ctx.auth.spf.domain or envelope_domain(ctx)
    if not spf_domain:
        return  # the envelope sender is unknown (no Return-Path): SPF alignment cannot be told
    signers = sorted({r.domain for r in ctx.auth.dkim if r.domain})
    yield NOTHING_ALIGNED(
        f"DMARC passes only when DKIM or SPF authenticates a domain of {d.from_domain}'s "
        "organization. "
        + (
            f"This message is signed only by {', '.join(signers)}"
            if signers
            else "This message carries no DKIM signature"
        )
        + f" and its Return-Path domain is {spf_domain}"
        + ", so it fails DMARC wherever the From domain publishes a policy, whatever the DNS "
        "says (not looked up here).",
        [
            f"From domain: {d.from_domain}",
            *(f"DKIM d={s}" for s in signers),
            f"Return-Path domain: {spf_domain}",
        ],
    )
