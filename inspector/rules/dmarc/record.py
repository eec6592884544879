"""The published DMARC record's quality: syntax, duplicates, pct and testing mode,
reporting addresses and a subdomain policy weaker than the domain's own."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.dmarc.evidence import DMARCBIS, RFC7489, dmarc_result, record_line
from inspector.rules.registry import rule, spec

PCT_PARTIAL = spec(
    "dmarc.pct_partial",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DMARC policy applies only to part of the failing mail (pct below 100)",
    "Raise pct to 100 (or drop the tag) once legitimate mail passes; pct is historic in "
    "DMARCbis and receivers handle it inconsistently.",
    (f"{RFC7489} section 6.3 (pct=)", f"{RFC7489} section 6.6.4", DMARCBIS),
)
TESTING = spec(
    "dmarc.testing",
    Severity.INFO,
    Category.AUTHENTICATION,
    "The DMARC record is in test mode (t=y): its policy is applied one step softer",
    "Remove t=y once reports show legitimate mail passing, so the policy applies as written.",
    (f"{DMARCBIS} (t= tag)",),
)
SYNTAX = spec(
    "dmarc.syntax",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DMARC record has syntax problems",
    "Correct the record: 'v=DMARC1' first, tags separated by ';', p= one of none, "
    "quarantine, reject, and only tags the specification defines.",
    (f"{RFC7489} section 6.3", f"{RFC7489} section 6.4"),
)
SEVERAL_RECORDS = spec(
    "dmarc.several_records",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The domain publishes more than one DMARC record, so none applies",
    "Keep exactly one TXT record starting with v=DMARC1 at _dmarc.<domain>; merge the tags.",
    (f"{RFC7489} section 6.6.3",),
)
NO_RUA = spec(
    "dmarc.no_rua",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DMARC record asks for no aggregate reports (no rua=)",
    "Add rua=mailto:<address> so receivers send daily reports of who sends mail as your "
    "domain and whether it passes; without them problems go unseen.",
    (f"{RFC7489} section 7.2", f"{RFC7489} section 6.3 (rua=)"),
)
RUA_UNAUTHORIZED = spec(
    "dmarc.rua_unauthorized",
    Severity.LOW,
    Category.AUTHENTICATION,
    "DMARC reports go to an outside domain that has not agreed to receive them",
    "Ask the report receiver to publish '<your domain>._report._dmarc.<their domain> TXT "
    '"v=DMARC1"\' (report services do this on sign-up), or send reports to your own domain.',
    (f"{RFC7489} section 7.1",),
)
SP_WEAKER = spec(
    "dmarc.sp_weaker",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The subdomain policy (sp=) is weaker than the domain's own policy",
    "Set sp= to the same strength as p= (or remove it) unless some subdomain still sends "
    "unauthenticated mail; forgers otherwise use made-up subdomains.",
    (f"{RFC7489} section 6.3 (sp=)", f"{DMARCBIS} (np=)"),
)


@rule
def record_quality(ctx: AnalysisContext) -> Iterator[Finding]:
    d = dmarc_result(ctx)
    if d is None:
        return
    record = record_line(d)
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
    if d.pct < 100 and d.policy is not None and d.policy.enforcing:
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
    p_rank = d.policy.rank if d.policy is not None else 0
    if d.subdomain_policy is not None and d.subdomain_policy.rank < p_rank:
        yield SP_WEAKER(
            f"p={d.policy} protects {d.record_domain} itself, but sp={d.subdomain_policy} "
            "lets receivers accept failing mail from any subdomain, real or invented, such as "
            f"billing.{d.record_domain}; forgers pick exactly those.",
            evidence,
        )
