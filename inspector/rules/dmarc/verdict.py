"""The DMARC verdict and what the policy asks receivers to do with a failing message, and
messages DMARC cannot evaluate because they carry several From addresses."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import AuthStatus, Category, DmarcPolicy, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.dmarc.evidence import (
    GOOGLE_GUIDE,
    RFC7489,
    YAHOO_GUIDE,
    dmarc_evidence,
    dmarc_result,
    pct_note,
)
from inspector.rules.registry import rule, spec

FAIL_REJECT = spec(
    "dmarc.fail_reject",
    Severity.CRITICAL,
    Category.AUTHENTICATION,
    "DMARC failed and the domain's policy says reject",
    "Make the sending service sign with DKIM for the From domain (custom-domain DKIM) or use "
    "a Return-Path in the From domain that SPF authorizes; either aligned pass is enough.",
    (f"{RFC7489} section 6.6.2", f"{RFC7489} section 6.3 (p=)", GOOGLE_GUIDE, YAHOO_GUIDE),
)
FAIL_QUARANTINE = spec(
    "dmarc.fail_quarantine",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "DMARC failed and the domain's policy says quarantine (spam folder)",
    "Make the sending service sign with DKIM for the From domain (custom-domain DKIM) or use "
    "a Return-Path in the From domain that SPF authorizes; either aligned pass is enough.",
    (f"{RFC7489} section 6.6.2", f"{RFC7489} section 6.3 (p=)", GOOGLE_GUIDE),
)
POLICY_NONE = spec(
    "dmarc.policy_none",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The domain's DMARC policy is p=none (monitoring only)",
    "Read the aggregate reports, make every legitimate sender pass with alignment, then move "
    "to p=quarantine and later p=reject so forged mail stops reaching inboxes.",
    (f"{RFC7489} section 6.3 (p=none)", "M3AAWG DMARC Training Series", GOOGLE_GUIDE),
)
NO_RECORD = spec(
    "dmarc.no_record",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The From domain publishes no DMARC record",
    "Publish a TXT record at _dmarc.<your domain>, at least 'v=DMARC1; p=none; "
    "rua=mailto:reports@<your domain>', and tighten the policy once reports look clean.",
    (f"{RFC7489} section 6.1", GOOGLE_GUIDE, YAHOO_GUIDE),
)
TEMPERROR = spec(
    "dmarc.temperror",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The DMARC record could not be looked up (DNS error)",
    "Make sure the domain's DNS servers answer reliably for _dmarc names over UDP and TCP.",
    (f"{RFC7489} section 6.6.3",),
)
SEVERAL_FROM = spec(
    "dmarc.several_from_domains",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The From header names addresses in several domains",
    "Put exactly one address in From; use Sender or Reply-To for the others.",
    (f"{RFC7489} section 6.6.1", "RFC 5322 section 3.6.2", GOOGLE_GUIDE),
)


@rule
def verdict(ctx: AnalysisContext) -> Iterator[Finding]:
    d = dmarc_result(ctx)
    if d is None:
        return
    domain = d.from_domain or "the From domain"
    if d.result is AuthStatus.FAIL and d.applied_policy is DmarcPolicy.REJECT:
        yield FAIL_REJECT(
            f"Nothing authenticated this message as coming from {domain}: neither DKIM nor "
            f"SPF passed for a domain aligned with it. {domain}'s DMARC policy tells "
            "receivers to refuse such mail, so most will bounce it or drop it outright."
            + pct_note(d),
            dmarc_evidence(ctx, d),
        )
    elif d.result is AuthStatus.FAIL and d.applied_policy is DmarcPolicy.QUARANTINE:
        yield FAIL_QUARANTINE(
            f"Nothing authenticated this message as coming from {domain}: neither DKIM nor "
            f"SPF passed for a domain aligned with it. {domain}'s DMARC policy tells "
            "receivers to treat such mail as suspicious, which usually means the spam folder."
            + pct_note(d),
            dmarc_evidence(ctx, d),
        )
    elif d.result is AuthStatus.TEMPERROR:
        yield TEMPERROR(
            f"The DMARC record of {domain} could not be fetched ({d.reason[:200]}). A "
            "receiver hitting the same error may defer the message or handle it as "
            "unauthenticated.",
            dmarc_evidence(ctx, d),
        )
    elif d.result is AuthStatus.NONE and d.record_count == 0 and d.record is None and d.from_domain:
        yield NO_RECORD(
            f"{domain} has no DMARC record, so receivers have no instruction for mail "
            "that fails authentication and the owner gets no reports about forgeries. "
            "Since 2024 Gmail and Yahoo require a DMARC record from bulk senders and "
            "junk or reject their mail without one.",
            [*dmarc_evidence(ctx, d), f"_dmarc.{d.from_domain} TXT: no DMARC record"],
        )
    if (
        d.record is not None
        and d.applied_policy is DmarcPolicy.NONE
        and d.policy is DmarcPolicy.NONE
    ):
        failed = d.result is AuthStatus.FAIL
        yield POLICY_NONE(
            (
                f"DMARC failed, but {domain}'s policy is p=none: receivers are asked to do "
                "nothing special, so the message is judged on other signals and forgeries of "
                "the domain are not stopped either."
                if failed
                else f"{domain} publishes DMARC with p=none: the owner collects reports but "
                "asks receivers not to act on failures, so forged mail using the domain still "
                "reaches inboxes."
            ),
            dmarc_evidence(ctx, d),
            title="DMARC failed; the policy is p=none (monitoring only)" if failed else None,
            severity=Severity.MEDIUM if failed else None,
        )


@rule
def several_from(ctx: AnalysisContext) -> Iterator[Finding]:
    d = ctx.auth.dmarc
    if len(d.from_domains) < 2:
        return
    yield SEVERAL_FROM(
        f"The From header lists addresses in {len(d.from_domains)} domains "
        f"({', '.join(d.from_domains)}). DMARC cannot say which one the reader trusts, so "
        "Gmail and others reject such messages; DMARC here shows the worst of the domains.",
        [f"From: {(ctx.message.get('From') or '')[:300]}"],
    )
