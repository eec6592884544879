"""Mailing lists: a list that rewrites the message breaks the author's DKIM signature, so
DMARC fails for reasons the author does not control."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import AuthStatus, Category, DkimFailure, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.dmarc.evidence import LIST_HEADERS, RFC7489, dmarc_result
from inspector.rules.registry import rule, spec

MAILING_LIST = spec(
    "dmarc.mailing_list",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "A mailing list or forwarder broke the author's DKIM signature, so DMARC fails",
    "List operators: rewrite From to the list's address for domains with a strict DMARC "
    "policy, or stop modifying messages, and add ARC seals. Senders: expect losses on "
    "lists; DKIM signatures survive forwarding that does not change the message.",
    (f"{RFC7489} section 10.2", "RFC 7960 (DMARC interoperability issues)", "RFC 8617 (ARC)"),
)


@rule
def mailing_list(ctx: AnalysisContext) -> Iterator[Finding]:
    d = dmarc_result(ctx)
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
    list_lines = [f"{h.name}: {h.value[:200]}" for n, h in headers.items() if n in LIST_HEADERS]
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
