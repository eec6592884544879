"""Findings from the Authentication-Results the receiving systems wrote into the message.

What the receiver decided at delivery time is the most direct evidence there is, but only
for headers written by the receiver itself (``inspector.auth.results`` decides which ones
those are). Headers written before the message reached the receiver can be forged by the
sender, and a forged "pass" is a classic phishing trick against people and naive filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from inspector.model.auth import ReceivedAuthResults
from inspector.model.codes import (
    AuthMethod,
    AuthStatus,
    Category,
    DkimFailure,
    Severity,
    VerdictParty,
)
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec
from inspector.verdicts.microsoft import compauth_reason

_RFC = "RFC 8601"
_MS_HEADERS = (
    "https://learn.microsoft.com/defender-office-365/message-headers-eop-mdo "
    "(Microsoft 365 anti-spam message headers)"
)
_MS_SPOOF = (
    "https://learn.microsoft.com/defender-office-365/email-authentication-about "
    "(composite authentication)"
)
_CHECKED = (AuthMethod.DKIM, AuthMethod.SPF, AuthMethod.DMARC)
#: Failing results, with the old "hardfail" some receivers still write.
_BAD = (AuthStatus.FAIL, AuthStatus.SOFTFAIL, AuthStatus.PERMERROR, "hardfail")

DISAGREES = spec(
    "authres.disagrees",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The receiver's authentication result differs from ours",
    "Trust the receiver's result for what happened at delivery. If ours is worse, check "
    "whether DNS changed since (a DKIM key removed, SPF or DMARC record edited); if theirs "
    "is worse, fix the cause they saw.",
    (f"{_RFC} section 2.7", "RFC 6376 section 6.1", "RFC 7208 section 2.6"),
)
FORGED = spec(
    "authres.forged",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "An authentication 'pass' was written before the message reached the receiver",
    "Nothing to fix if the header comes from your own outbound systems. Receivers should "
    "remove such headers claiming their own name; recipients should ignore them.",
    (f"{_RFC} section 5", f"{_RFC} section 7.2"),
)
RECEIVER_FAIL = spec(
    "authres.receiver_fail",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The receiving server reports an authentication failure",
    "Fix the failing mechanism for the sending domain: authorise the sending IP in SPF, "
    "sign with a published DKIM key aligned with the From domain, and check DMARC alignment.",
    (f"{_RFC} section 2.7", "RFC 7489 section 6.6"),
)
COMPAUTH_FAIL = spec(
    "authres.compauth_fail",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "Microsoft 365 composite authentication failed: treated as possible spoofing",
    "Publish SPF, DKIM and DMARC for the From domain so that at least one of SPF or DKIM "
    "passes aligned with it; Microsoft's composite check fails when none does.",
    (_MS_HEADERS, _MS_SPOOF),
)


def explain_compauth_reason(code: str) -> str:
    """Microsoft's documented meaning of a compauth reason code (one table, kept with the
    other Microsoft codes in inspector/data/microsoft_codes.json)."""
    meaning = compauth_reason(code.strip())
    return "an undocumented reason code" if meaning == "undocumented code" else meaning


def _trusted(ctx: AnalysisContext) -> list[ReceivedAuthResults]:
    return [r for r in ctx.auth.received if r.trusted]


def _line(r: ReceivedAuthResults) -> str:
    return f"{r.header_name}: {' '.join(r.raw.split())}"[:400]


def _receiver_verdicts(
    ctx: AnalysisContext,
) -> dict[AuthMethod, tuple[AuthStatus | str, ReceivedAuthResults]]:
    """method -> (result, header): the topmost trusted result, except that any "pass" wins
    (a receiver lists one dkim= per signature; one that verifies is enough)."""
    found: dict[AuthMethod, tuple[AuthStatus | str, ReceivedAuthResults]] = {}
    for header in _trusted(ctx):
        for m in header.methods:
            if m.method not in _CHECKED:
                continue
            method = AuthMethod(m.method)
            if method not in found or (
                m.result is AuthStatus.PASS and found[method][0] is not AuthStatus.PASS
            ):
                found[method] = (m.result, header)
    return found


Ours = tuple[AuthStatus | None, DkimFailure, str]


def _ours(ctx: AnalysisContext, method: AuthMethod) -> Ours:
    """Our own result for a method (None when it is not comparable), why the best DKIM
    signature failed, and the detail the evidence line shows."""
    if method is AuthMethod.DKIM:
        results = [r for r in ctx.auth.dkim if r.result is not AuthStatus.SKIPPED]
        if not ctx.auth.dkim:
            return AuthStatus.NONE, DkimFailure.NONE, "no signature"
        if not results:
            return None, DkimFailure.NONE, ""
        best = next((r for r in results if r.result is AuthStatus.PASS), results[0])
        return best.result, best.failure, best.failure or best.reason
    status = ctx.auth.spf if method is AuthMethod.SPF else ctx.auth.dmarc
    return status.result, DkimFailure.NONE, status.reason


_SKIP = (AuthStatus.SKIPPED, AuthStatus.TEMPERROR)
#: Receiver results that decide nothing to compare with.
_UNDECIDED = (AuthStatus.TEMPERROR, AuthStatus.NONE, AuthStatus.NEUTRAL, "")


def _why(method: AuthMethod, theirs_pass: bool, failure: DkimFailure) -> str:
    if method is AuthMethod.DKIM and theirs_pass:
        if failure in (DkimFailure.NO_KEY, DkimFailure.REVOKED):
            return "the signing key was removed or rotated since delivery"
        if failure in (DkimFailure.BODY_HASH, DkimFailure.SIGNATURE):
            return (
                "the message was modified after delivery (saved, edited or re-encoded by a "
                "mail program, or exported through a forwarder)"
            )
        return "the key or the message changed since delivery"
    if method is AuthMethod.DKIM:
        return (
            "the receiver may have had a DNS failure, applied a stricter policy (SHA-1, key "
            "size), or seen the message before a change that was later undone"
        )
    if method is AuthMethod.SPF:
        return (
            "the SPF record changed since delivery, or the receiver judged a different "
            "connecting IP (an internal relay or forwarder) than the boundary hop we used"
        )
    return (
        "the DKIM or SPF results differ (see those), the DMARC record changed since, or the "
        "receiver applied its own local policy or ARC override"
    )


@rule
def disagrees(ctx: AnalysisContext) -> Iterator[Finding]:
    for method, (theirs, header) in _receiver_verdicts(ctx).items():
        ours, failure, detail = _ours(ctx, method)
        if ours is None or ours in _SKIP or theirs in _UNDECIDED:
            continue
        theirs_pass = theirs is AuthStatus.PASS
        if theirs_pass == (ours is AuthStatus.PASS):
            continue
        yield DISAGREES(
            f"The receiver ({header.authserv_id or 'Microsoft 365'}) recorded {method}={theirs} "
            f"when the message arrived, while our check now gives {method}={ours.value}. "
            f"Common reasons: {_why(method, theirs_pass, failure)}. The receiver's result is "
            "what decided delivery.",
            [_line(header), f"our {method}: {ours.value} ({detail})"[:300]],
        )


#: Methods whose "pass" makes a message look verified to a reader or a naive filter.
_VERIFYING = frozenset(AuthMethod)


@rule
def forged(ctx: AnalysisContext) -> Iterator[Finding]:
    """A "pass" the sender's side wrote and that no server on the route can have written: a
    header posing as a receiver. The recipient's and intermediaries' own results, and the
    honest records of the sender's own servers (``writer_on_route``), are never forged."""
    receiver_ids = {r.authserv_id for r in _trusted(ctx) if r.authserv_id}
    for header in ctx.auth.received:
        if header.party is not VerdictParty.SENDER or header.writer_on_route:
            continue
        if header.header_name.lower() != "authentication-results":
            continue  # ARC copies and -Original headers are records, never claims of our own
        claims = [
            m for m in header.methods if m.result is AuthStatus.PASS and m.method in _VERIFYING
        ]
        if not claims:
            continue
        posing = header.authserv_id in receiver_ids
        what = ", ".join(f"{m.method}=pass" for m in claims)
        yield FORGED(
            f"An Authentication-Results header claiming {what} "
            f"(authserv-id {header.authserv_id or 'none'}) was written before the message "
            "reached the recipient's systems, and names no server the message passed "
            "through: for the recipient it proves nothing. "
            + (
                "It even uses the receiver's own name, which is a forgery meant to make the "
                "message look verified."
                if posing
                else "It may be a leftover of an earlier delivery or a fake meant to make the "
                "message look verified."
            ),
            [_line(header), header.trust_reason[:300]],
            severity=Severity.HIGH if posing else Severity.INFO,
        )


_FAILED = (AuthStatus.FAIL, AuthStatus.SOFTFAIL, AuthStatus.PERMERROR)
#: How receivers write the DMARC policy they applied: Gmail "(p=QUARANTINE ... dis=...)",
#: Microsoft "action=quarantine", others "(policy=reject)".
_POLICY = re.compile(r"\b(?:dis|action|policy)=([A-Za-z]+)|\(p=([A-Za-z]+)", re.IGNORECASE)


def _named(header: ReceivedAuthResults) -> str:
    ident = header.authserv_id.strip()
    return f" {ident[:80]}" if ident and " " not in ident else ""


def _policy(header: ReceivedAuthResults) -> str:
    """ " under p=quarantine" when the receiver wrote the DMARC policy it applied."""
    raw = " ".join(header.raw.split())
    start = raw.lower().find("dmarc=")
    if start < 0:
        return ""
    clause = raw[start:].split(";", 1)[0]
    m = _POLICY.search(clause)
    value = (m.group(1) or m.group(2)).lower() if m else ""
    return f" under p={value}" if value in ("none", "quarantine", "reject") else ""


@rule
def receiver_fail(ctx: AnalysisContext) -> Iterator[Finding]:
    for method, (theirs, header) in _receiver_verdicts(ctx).items():
        if theirs not in _BAD:
            continue
        detail = next((m for m in header.methods if m.method == method), None)
        extra = f" ({detail.reason})" if detail and detail.reason else ""
        ours, _, _ = _ours(ctx, method)
        agreed = ours in _FAILED
        severity = Severity.HIGH if method is AuthMethod.DMARC else None
        if agreed:  # our own check found the same; its finding names the cause and the fix
            severity = Severity.INFO
        yield RECEIVER_FAIL(
            f"The receiving system ({header.authserv_id or 'Microsoft 365'}) recorded "
            f"{method}={theirs}{extra} when the message arrived. "
            + (
                "A DMARC failure is what makes receivers junk or reject mail under the "
                "domain's policy."
                if method is AuthMethod.DMARC
                else "That counts against the message and, unless the other mechanism "
                "passes aligned, against DMARC."
            )
            + (
                f" Our own {method.upper()} check gives the same result; the {method} "
                "findings explain the cause."
                if agreed
                else ""
            ),
            [_line(header)],
            title=f"The receiving server{_named(header)} reports {method}={theirs}"
            + (_policy(header) if method is AuthMethod.DMARC else ""),
            severity=severity,
        )


@rule
def compauth(ctx: AnalysisContext) -> Iterator[Finding]:
    for header in _trusted(ctx):
        for m in header.methods:
            if m.method != "compauth" or m.result not in (AuthStatus.FAIL, AuthStatus.SOFTFAIL):
                continue
            code = m.reason or "?"
            yield COMPAUTH_FAIL(
                f"Microsoft 365 combined SPF, DKIM, DMARC, ARC and its own sender history "
                f"into 'composite authentication' and the result was {m.result}, reason "
                f"{code}: {explain_compauth_reason(code)}. Microsoft treats such mail as "
                "possibly spoofed and usually sends it to Junk or quarantine.",
                [_line(header)],
                severity=Severity.MEDIUM if m.result is AuthStatus.SOFTFAIL else None,
            )
            return
