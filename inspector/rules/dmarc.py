"""Findings about DMARC: whether the From domain was authenticated (an aligned DKIM or SPF pass),
what its policy asks receivers to do when it was not, and whether the policy record itself is
sound (syntax, duplicates, reporting, subdomain policy).

The verdict comes from ``inspector.auth.dmarc``, which composes the DKIM and SPF results. Since
February 2024 Gmail and Yahoo require bulk senders to publish DMARC and to pass it with an
aligned identity, so DMARC is often what decides between inbox, spam folder and rejection.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.auth import DmarcResult
from inspector.model.codes import AuthStatus, Category, DkimFailure, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_RFC = "RFC 7489"
_GOOGLE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"
_BIS = "DMARCbis (RFC 9989)"
_RANK = {"none": 0, "quarantine": 1, "reject": 2}
# Headers a list manager adds when it re-sends a post (RFC 2369, RFC 2919, older managers).
_LIST_HEADERS = (
    "list-id",
    "list-post",
    "mailing-list",
    "x-mailing-list",
    "x-mailman-version",
    "x-beenthere",
)

FAIL_REJECT = spec(
    "dmarc.fail_reject",
    Severity.CRITICAL,
    Category.AUTHENTICATION,
    "DMARC failed and the domain's policy says reject",
    "Make the sending service sign with DKIM for the From domain (custom-domain DKIM) or use "
    "a Return-Path in the From domain that SPF authorizes; either aligned pass is enough.",
    (f"{_RFC} section 6.6.2", f"{_RFC} section 6.3 (p=)", _GOOGLE, _YAHOO),
)
FAIL_QUARANTINE = spec(
    "dmarc.fail_quarantine",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "DMARC failed and the domain's policy says quarantine (spam folder)",
    "Make the sending service sign with DKIM for the From domain (custom-domain DKIM) or use "
    "a Return-Path in the From domain that SPF authorizes; either aligned pass is enough.",
    (f"{_RFC} section 6.6.2", f"{_RFC} section 6.3 (p=)", _GOOGLE),
)
POLICY_NONE = spec(
    "dmarc.policy_none",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The domain's DMARC policy is p=none (monitoring only)",
    "Read the aggregate reports, make every legitimate sender pass with alignment, then move "
    "to p=quarantine and later p=reject so forged mail stops reaching inboxes.",
    (f"{_RFC} section 6.3 (p=none)", "M3AAWG DMARC Training Series", _GOOGLE),
)
NO_RECORD = spec(
    "dmarc.no_record",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The From domain publishes no DMARC record",
    "Publish a TXT record at _dmarc.<your domain>, at least 'v=DMARC1; p=none; "
    "rua=mailto:reports@<your domain>', and tighten the policy once reports look clean.",
    (f"{_RFC} section 6.1", _GOOGLE, _YAHOO),
)
DKIM_UNALIGNED = spec(
    "dmarc.dkim_unaligned",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "DKIM passed, but for a domain that does not match the From domain",
    "Enable custom-domain DKIM at the sending platform so it signs with d=<your domain> (it "
    "gives you CNAME or TXT records to publish).",
    (f"{_RFC} section 3.1.1", _GOOGLE),
)
SPF_UNALIGNED = spec(
    "dmarc.spf_unaligned",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "SPF passed, but for a Return-Path domain that does not match the From domain",
    "Set up a custom Return-Path (bounce / MAIL FROM) domain at the sending platform, a "
    "subdomain of yours such as bounces.<your domain>, so SPF passes for your own domain.",
    (f"{_RFC} section 3.1.2", _GOOGLE),
)
PCT_PARTIAL = spec(
    "dmarc.pct_partial",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DMARC policy applies only to part of the failing mail (pct below 100)",
    "Raise pct to 100 (or drop the tag) once legitimate mail passes; pct is historic in "
    "DMARCbis and receivers handle it inconsistently.",
    (f"{_RFC} section 6.3 (pct=)", f"{_RFC} section 6.6.4", _BIS),
)
TESTING = spec(
    "dmarc.testing",
    Severity.INFO,
    Category.AUTHENTICATION,
    "The DMARC record is in test mode (t=y): its policy is applied one step softer",
    "Remove t=y once reports show legitimate mail passing, so the policy applies as written.",
    (f"{_BIS} (t= tag)",),
)
SYNTAX = spec(
    "dmarc.syntax",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DMARC record has syntax problems",
    "Correct the record: 'v=DMARC1' first, tags separated by ';', p= one of none, "
    "quarantine, reject, and only tags the specification defines.",
    (f"{_RFC} section 6.3", f"{_RFC} section 6.4"),
)
SEVERAL_RECORDS = spec(
    "dmarc.several_records",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The domain publishes more than one DMARC record, so none applies",
    "Keep exactly one TXT record starting with v=DMARC1 at _dmarc.<domain>; merge the tags.",
    (f"{_RFC} section 6.6.3",),
)
NO_RUA = spec(
    "dmarc.no_rua",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DMARC record asks for no aggregate reports (no rua=)",
    "Add rua=mailto:<address> so receivers send daily reports of who sends mail as your "
    "domain and whether it passes; without them problems go unseen.",
    (f"{_RFC} section 7.2", f"{_RFC} section 6.3 (rua=)"),
)
RUA_UNAUTHORIZED = spec(
    "dmarc.rua_unauthorized",
    Severity.LOW,
    Category.AUTHENTICATION,
    "DMARC reports go to an outside domain that has not agreed to receive them",
    "Ask the report receiver to publish '<your domain>._report._dmarc.<their domain> TXT "
    '"v=DMARC1"\' (report services do this on sign-up), or send reports to your own domain.',
    (f"{_RFC} section 7.1",),
)
MAILING_LIST = spec(
    "dmarc.mailing_list",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "A mailing list or forwarder broke the author's DKIM signature, so DMARC fails",
    "List operators: rewrite From to the list's address for domains with a strict DMARC "
    "policy, or stop modifying messages, and add ARC seals. Senders: expect losses on "
    "lists; DKIM signatures survive forwarding that does not change the message.",
    (f"{_RFC} section 10.2", "RFC 7960 (DMARC interoperability issues)", "RFC 8617 (ARC)"),
)
SP_WEAKER = spec(
    "dmarc.sp_weaker",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The subdomain policy (sp=) is weaker than the domain's own policy",
    "Set sp= to the same strength as p= (or remove it) unless some subdomain still sends "
    "unauthenticated mail; forgers otherwise use made-up subdomains.",
    (f"{_RFC} section 6.3 (sp=)", f"{_BIS} (np=)"),
)
TEMPERROR = spec(
    "dmarc.temperror",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The DMARC record could not be looked up (DNS error)",
    "Make sure the domain's DNS servers answer reliably for _dmarc names over UDP and TCP.",
    (f"{_RFC} section 6.6.3",),
)
SEVERAL_FROM = spec(
    "dmarc.several_from_domains",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The From header names addresses in several domains",
    "Put exactly one address in From; use Sender or Reply-To for the others.",
    (f"{_RFC} section 6.6.1", "RFC 5322 section 3.6.2", _GOOGLE),
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


def _dmarc(ctx: AnalysisContext) -> DmarcResult | None:
    dmarc = ctx.auth.dmarc
    return None if dmarc.result is AuthStatus.SKIPPED else dmarc


def _record_line(d: DmarcResult) -> str | None:
    if d.record and d.record_domain:
        return f'_dmarc.{d.record_domain} TXT "{d.record[:400]}"'
    return None


def _evidence(ctx: AnalysisContext, d: DmarcResult) -> list[str]:
    lines = [f"From: {(ctx.message.get('From') or '')[:200]}"]
    record = _record_line(d)
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


def _pct_note(d: DmarcResult) -> str:
    if d.pct < 100:
        return f" The record applies this to {d.pct}% of failing mail (pct={d.pct})."
    return ""


@rule
def verdict(ctx: AnalysisContext) -> Iterator[Finding]:
    d = _dmarc(ctx)
    if d is None:
        return
    domain = d.from_domain or "the From domain"
    if d.result is AuthStatus.FAIL and d.applied_policy == "reject":
        yield FAIL_REJECT(
            f"Nothing authenticated this message as coming from {domain}: neither DKIM nor "
            f"SPF passed for a domain aligned with it. {domain}'s DMARC policy tells "
            "receivers to refuse such mail, so most will bounce it or drop it outright."
            + _pct_note(d),
            _evidence(ctx, d),
        )
    elif d.result is AuthStatus.FAIL and d.applied_policy == "quarantine":
        yield FAIL_QUARANTINE(
            f"Nothing authenticated this message as coming from {domain}: neither DKIM nor "
            f"SPF passed for a domain aligned with it. {domain}'s DMARC policy tells "
            "receivers to treat such mail as suspicious, which usually means the spam folder."
            + _pct_note(d),
            _evidence(ctx, d),
        )
    elif d.result is AuthStatus.TEMPERROR:
        yield TEMPERROR(
            f"The DMARC record of {domain} could not be fetched ({d.reason[:200]}). A "
            "receiver hitting the same error may defer the message or handle it as "
            "unauthenticated.",
            _evidence(ctx, d),
        )
    elif d.result is AuthStatus.NONE and d.record_count == 0 and d.record is None and d.from_domain:
        yield NO_RECORD(
            f"{domain} has no DMARC record, so receivers have no instruction for mail "
            "that fails authentication and the owner gets no reports about forgeries. "
            "Since 2024 Gmail and Yahoo require a DMARC record from bulk senders and "
            "junk or reject their mail without one.",
            [*_evidence(ctx, d), f"_dmarc.{d.from_domain} TXT: no DMARC record"],
        )
    if d.record is not None and d.applied_policy == "none" and d.policy == "none":
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
            _evidence(ctx, d),
            title="DMARC failed; the policy is p=none (monitoring only)" if failed else None,
            severity=Severity.MEDIUM if failed else None,
        )


@rule
def alignment(ctx: AnalysisContext) -> Iterator[Finding]:
    d = _dmarc(ctx)
    if d is None or d.result not in (AuthStatus.PASS, AuthStatus.FAIL):
        return
    domain = d.from_domain or "the From domain"
    failed = d.result is AuthStatus.FAIL
    passing = [r.domain for r in ctx.auth.dkim if r.result is AuthStatus.PASS and r.domain]
    mode = "strict" if d.adkim == "s" else "relaxed"
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
            _evidence(ctx, d),
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
            [*_evidence(ctx, d), f"Return-Path: {(ctx.message.get('Return-Path') or '')[:200]}"],
            severity=None if failed else Severity.LOW,
        )


@rule
def record_quality(ctx: AnalysisContext) -> Iterator[Finding]:
    d = _dmarc(ctx)
    if d is None:
        return
    record = _record_line(d)
    evidence = [record] if record else [f"DMARC: {d.reason[:300]}"]
    if d.record_count > 1:
        yield SEVERAL_RECORDS(
            f"{d.reason}. With more than one v=DMARC1 record at the same name the domain's "
            "policy is ignored entirely: receivers act as if there were no DMARC.",
            [*evidence, *(p for p in d.problems if "DMARC records" in p)],
        )
    if d.syntax:
        unusable = d.result is AuthStatus.NONE and d.record is not None
        yield SYNTAX(
            "The DMARC record has mistakes: "
            + "; ".join(d.syntax[:6])
            + (
                ". Because of them receivers ignore the record completely."
                if unusable
                else ". Receivers skip the faulty parts and use defaults instead."
            ),
            [*evidence, *d.syntax[:10]],
            severity=Severity.MEDIUM if unusable else None,
        )
    if d.record is None or d.result is AuthStatus.NONE:
        return
    if d.pct < 100 and d.policy in ("quarantine", "reject"):
        yield PCT_PARTIAL(
            f"The policy p={d.policy} is applied to only {d.pct}% of failing messages; the "
            "rest get the next softer treatment. This is a roll-out setting: forged mail "
            "still gets through part of the time.",
            evidence,
        )
    if d.testing:
        yield TESTING(
            f"t=y marks the record as a test: receivers apply {d.applied_policy} instead of "
            f"{d.policy} to failing mail.",
            evidence,
        )
    if not d.rua:
        yield NO_RUA(
            "The record has no rua= address, so the domain owner receives no aggregate "
            "reports and cannot see which services send as the domain or which of them fail.",
            evidence,
        )
    if d.unauthorized_reports:
        yield RUA_UNAUTHORIZED(
            "Reports are addressed to "
            + ", ".join(d.unauthorized_reports)
            + ", outside the domain, and that domain has not published the record that "
            "accepts them. Receivers skip such addresses, so those reports never arrive.",
            [*evidence, *(p for p in d.problems if "not authorized" in p)],
        )
    p_rank = _RANK.get(d.policy or "", 0)
    if d.subdomain_policy is not None and _RANK[d.subdomain_policy] < p_rank:
        yield SP_WEAKER(
            f"p={d.policy} protects {d.record_domain} itself, but sp={d.subdomain_policy} "
            "lets receivers accept failing mail from any subdomain, real or invented, such as "
            f"billing.{d.record_domain}; forgers pick exactly those.",
            evidence,
        )


@rule
def mailing_list(ctx: AnalysisContext) -> Iterator[Finding]:
    d = _dmarc(ctx)
    if d is None or d.result is not AuthStatus.FAIL or not d.from_domain:
        return
    broken = [
        r
        for r in ctx.auth.dkim
        if r.result is AuthStatus.FAIL
        and r.domain
        and (
            r.domain.lower() == d.from_domain
            or r.domain.lower().endswith("." + d.from_domain)
            or d.from_domain.endswith("." + r.domain.lower())
        )
    ]
    headers = {h.name.lower(): h for h in ctx.message.headers}
    list_lines = [f"{h.name}: {h.value[:200]}" for n, h in headers.items() if n in _LIST_HEADERS]
    subject = ctx.message.subject or ""
    tagged = subject.lstrip().startswith("[") and "]" in subject
    arc = ctx.auth.arc
    sealed = arc.result not in (AuthStatus.SKIPPED, AuthStatus.NONE) or bool(arc.instances)
    if not broken or not (list_lines or sealed):
        return
    causes = {r.failure for r in broken}
    how = []
    if DkimFailure.BODY_HASH in causes:
        how.append("the body changed (a footer added by the list)")
    if DkimFailure.SIGNATURE in causes or tagged:
        how.append("a signed header changed" + (" (a [tag] added to Subject)" if tagged else ""))
    if arc.result is AuthStatus.PASS:
        arc_note = (
            "The intermediary added a valid ARC seal recording that authentication passed "
            "before it changed the message; receivers that trust this sealer (Gmail, "
            "Microsoft and others do for big list hosts) may deliver it anyway."
        )
    elif sealed:
        arc_note = f"An ARC set is present but does not validate ({arc.result.value})."
    else:
        arc_note = "There is no ARC set, so nothing tells the receiver it was intact before."
    yield MAILING_LIST(
        f"The message went through a mailing list or forwarder that changed it: "
        f"{'; '.join(how) or 'the content changed'}. That broke the DKIM signature of "
        f"{d.from_domain}, and the list kept the author's address in From, so DMARC is "
        f"checked against {d.from_domain} and fails. {arc_note}",
        [
            *list_lines,
            *([f"Subject: {subject[:200]}"] if tagged else []),
            *(f"DKIM d={r.domain}: fail ({r.reason[:150]})" for r in broken),
            f"ARC: {arc.result.value}",
            f"From: {(ctx.message.get('From') or '')[:200]}",
        ],
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


@rule
def nothing_aligned(ctx: AnalysisContext) -> Iterator[Finding]:
    """Alignment needs no DNS: judged when our own DMARC check could not run (offline)."""
    d = ctx.auth.dmarc
    if d.result is not AuthStatus.SKIPPED or not d.from_domain or d.alignable:
        return
    if any(ctx.message.get(name) for name in _LIST_HEADERS):
        return  # a list re-sent it with its own envelope: judged by dmarc.mailing_list
    spf_domain = ctx.auth.spf.domain or _envelope_domain(ctx)
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


def _envelope_domain(ctx: AnalysisContext) -> str | None:
    _, at, domain = (ctx.message.return_path or "").strip().strip("<>").rpartition("@")
    return domain.lower() if at and domain else None
