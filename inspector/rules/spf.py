"""Findings about SPF: whether the sending server was allowed to send for the envelope domain,
and whether the domain's SPF record is healthy (lookup limits, permissive endings, deprecated
mechanisms, duplicate records).

The verdicts come from ``inspector.auth.spf`` (pyspf on the message's DNS session); the
record-health observations come from its static walk of the include tree. Nothing here does
I/O. SPF alone rarely decides delivery since DMARC, but Gmail and Yahoo require SPF or DKIM
for every sender and both for bulk senders, and a broken record fails every message at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.auth import SpfResult
from inspector.model.codes import AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_GOOGLE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"
_LIMIT = "RFC 7208 section 4.6.4 (DNS lookup limits)"
LOOKUP_LIMIT = 10
NEAR_LIMIT = 8

FAIL = spec(
    "spf.fail",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "SPF failed: the sending server is not allowed to send for the envelope domain",
    "Add the sending service to the domain's SPF record (its include: or ip4:/ip6: ranges), "
    "or send through a server the record already lists.",
    ("RFC 7208 section 2.6.4", "RFC 7208 section 8.4", _GOOGLE),
)
SOFTFAIL = spec(
    "spf.softfail",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "SPF softfail: the domain says this server is probably not allowed to send",
    "List every legitimate sending service in the SPF record so real mail passes; keep ~all "
    "or -all for everything else.",
    ("RFC 7208 section 2.6.5", _GOOGLE),
)
NEUTRAL = spec(
    "spf.neutral",
    Severity.LOW,
    Category.AUTHENTICATION,
    "SPF neutral: the domain's record makes no statement about this server",
    "List the sending service in the SPF record so the message gets an SPF pass.",
    ("RFC 7208 section 2.6.2",),
)
NONE = spec(
    "spf.none",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The envelope domain publishes no SPF record",
    "Publish a TXT record starting with v=spf1 at the envelope (Return-Path) domain, listing "
    "the servers and services that send for it and ending in ~all or -all.",
    ("RFC 7208 section 4.5", _GOOGLE, _YAHOO),
)
TOO_MANY_LOOKUPS = spec(
    "spf.too_many_lookups",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The SPF record needs more than 10 DNS lookups (permanent error)",
    "Cut the DNS-querying terms (include, a, mx, ptr, exists, redirect) to 10 or fewer: "
    "drop includes of services no longer used, replace a/mx with ip4:/ip6: ranges, or use "
    "a subdomain as Return-Path for each sending service.",
    (_LIMIT, _GOOGLE),
)
VOID_LOOKUPS = spec(
    "spf.too_many_void_lookups",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The SPF record points at names that do not exist (more than 2 void lookups)",
    "Remove include:, a: and mx: terms whose names no longer exist or have no records.",
    (_LIMIT,),
)
PERMERROR = spec(
    "spf.permerror",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The SPF record is broken (permanent error)",
    "Fix the record's syntax (check it with an SPF validator); until then receivers treat "
    "SPF as failed or absent for every message.",
    ("RFC 7208 section 2.6.7", "RFC 7208 section 4.6"),
)
TEMPERROR = spec(
    "spf.temperror",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "SPF could not be checked because of a DNS error",
    "Make sure the domain's DNS servers answer reliably and quickly (all of them, over UDP "
    "and TCP); receivers may defer or junk mail while SPF cannot be checked.",
    ("RFC 7208 section 2.6.6",),
)
PERMISSIVE_ALL = spec(
    "spf.permissive_all",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The SPF record allows any server (+all or ?all)",
    "End the record with ~all (or -all once all senders are listed) instead of +all or ?all.",
    ("RFC 7208 section 5.1", "RFC 7208 section 10.1"),
)
NEAR_LOOKUP_LIMIT = spec(
    "spf.near_lookup_limit",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The SPF record is close to the limit of 10 DNS lookups",
    "Trim unused includes now: one more include (or a provider adding one inside theirs) "
    "turns every message into an SPF permanent error.",
    (_LIMIT,),
)
HELO_FAIL = spec(
    "spf.helo_fail",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The sending server's HELO name fails its own SPF check",
    "Publish an SPF record for the server's HELO host name that lists the server itself "
    "(for example 'v=spf1 a -all').",
    ("RFC 7208 section 2.3", "RFC 5321 section 4.1.1.1"),
)
PTR_USED = spec(
    "spf.ptr_used",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The SPF record uses the deprecated ptr mechanism",
    "Replace ptr with ip4:/ip6: ranges or a:/include: terms; some receivers ignore ptr.",
    ("RFC 7208 section 5.5",),
)
MULTIPLE_RECORDS = spec(
    "spf.multiple_records",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The domain publishes more than one SPF record (permanent error)",
    "Merge the records into a single TXT record starting with v=spf1.",
    ("RFC 7208 section 3.2", "RFC 7208 section 4.5"),
)


def _checked(ctx: AnalysisContext) -> SpfResult | None:
    spf = ctx.auth.spf
    return None if spf.result is AuthStatus.SKIPPED else spf


def _evidence(ctx: AnalysisContext, spf: SpfResult) -> list[str]:
    lines: list[str] = []
    return_path = ctx.message.get("Return-Path")
    if return_path:
        lines.append(f"Return-Path: {return_path[:200]}")
    if spf.client_ip:
        lines.append(f"sending server IP: {spf.client_ip}")
    if spf.domain and spf.record:
        lines.append(f'{spf.domain} TXT "{spf.record[:400]}"')
    if spf.mechanism:
        lines.append(f"matched mechanism: {spf.mechanism}")
    lines.append(f"SPF verdict: {spf.result.value} ({spf.reason[:300]})")
    return lines


def _who(spf: SpfResult) -> str:
    return spf.domain or "the envelope domain"


@rule
def spf_verdict(ctx: AnalysisContext) -> Iterator[Finding]:
    spf = _checked(ctx)
    if spf is None:
        return
    dmarc_pass = ctx.auth.dmarc.result is AuthStatus.PASS
    domain, ip = _who(spf), spf.client_ip or "the sending server"
    if spf.result is AuthStatus.FAIL:
        yield FAIL(
            f"{domain} publishes an SPF record listing the servers allowed to send its mail, "
            f"and {ip} is not among them; the record asks receivers to reject such mail. "
            + (
                "DMARC still passed through DKIM, so most receivers will accept it."
                if dmarc_pass
                else "Receivers count this heavily towards spam or rejection."
            ),
            _evidence(ctx, spf),
            severity=Severity.MEDIUM if dmarc_pass else None,
        )
    elif spf.result is AuthStatus.SOFTFAIL:
        yield SOFTFAIL(
            f"{ip} is not listed in the SPF record of {domain}, which ends in ~all: the "
            "domain says mail from unlisted servers is suspicious but should not be refused "
            "outright. Spam filters add points for it.",
            _evidence(ctx, spf),
        )
    elif spf.result is AuthStatus.NEUTRAL:
        yield NEUTRAL(
            f"The SPF record of {domain} neither allows nor forbids {ip} (a '?' result). "
            "Receivers treat the message as if SPF gave no answer, so it gets no credit.",
            _evidence(ctx, spf),
        )
    elif spf.result is AuthStatus.NONE and spf.domain:
        yield NONE(
            f"{domain} has no SPF record, so receivers cannot tell which servers may send "
            "its mail. Gmail and Yahoo require SPF or DKIM for every sender (both for bulk "
            "senders), and unauthenticated mail is often junked.",
            _evidence(ctx, spf),
        )
    elif spf.result is AuthStatus.TEMPERROR:
        yield TEMPERROR(
            f"Looking up the SPF record of {domain} failed with a DNS error or timeout "
            f"({spf.reason[:200]}). Receivers that hit the same error defer the message or "
            "treat it as unauthenticated.",
            _evidence(ctx, spf),
        )
    elif spf.result is AuthStatus.PERMERROR:
        yield from _permerror(ctx, spf)


def _permerror(ctx: AnalysisContext, spf: SpfResult) -> Iterator[Finding]:
    reason = spf.reason.lower()
    domain = _who(spf)
    if "too many dns lookups" in reason or ("more than" in reason and "lookups" in reason):
        total = max(spf.tree_lookups, spf.lookups)
        yield TOO_MANY_LOOKUPS(
            f"Checking the SPF record of {domain} takes {total} DNS lookups (counted through "
            f"all its includes), more than the limit of {LOOKUP_LIMIT}. Receivers stop at the "
            "limit and return a permanent error: SPF fails for every message, from every "
            "server, until the record is trimmed.",
            [*_evidence(ctx, spf), f"DNS lookups: {total} (limit {LOOKUP_LIMIT})"],
        )
    elif "void lookup" in reason:
        yield VOID_LOOKUPS(
            f"The SPF record of {domain} refers to {spf.void_lookups} names that do not exist "
            "or have no records; after 2 such 'void' lookups receivers give a permanent "
            "error, so SPF fails for every message.",
            [*_evidence(ctx, spf), f"void lookups: {spf.void_lookups} (limit 2)"],
        )
    elif "two or more" in reason or any("multiple SPF records" in p for p in spf.problems):
        return  # reported by spf.multiple_records
    else:
        yield PERMERROR(
            f"The SPF record of {domain} cannot be evaluated ({spf.reason[:200]}). Receivers "
            "treat a broken record like a failed or missing one for every message.",
            _evidence(ctx, spf),
        )


@rule
def record_health(ctx: AnalysisContext) -> Iterator[Finding]:
    spf = _checked(ctx)
    if spf is None:
        return
    domain = _who(spf)
    problems = spf.problems
    multiple = [p for p in problems if "multiple SPF records" in p]
    if multiple:
        yield MULTIPLE_RECORDS(
            f"{multiple[0]}. RFC 7208 says a domain must have exactly one SPF record; with two "
            "or more, receivers return a permanent error and SPF fails for every message.",
            [*_evidence(ctx, spf), *multiple],
        )
    permissive = [p for p in problems if "'+all'" in p or "'all'" in p or "'?all'" in p]
    if permissive:
        plus = any("+all" in p or "'all'" in p for p in permissive)
        yield PERMISSIVE_ALL(
            (
                "The SPF record lets every server on the Internet send as this domain, so SPF "
                "proves nothing and anyone can pass it; filters treat +all as a spam signal."
                if plus
                else "The SPF record ends in ?all: servers it does not list get 'neutral', so "
                "forged mail is not flagged by SPF at all."
            ),
            [*_evidence(ctx, spf), *permissive],
            severity=None if plus else Severity.LOW,
        )
    if spf.result is not AuthStatus.PERMERROR and spf.tree_lookups > LOOKUP_LIMIT:
        yield TOO_MANY_LOOKUPS(
            f"This message passed the check early, but the full SPF record of {domain} needs "
            f"{spf.tree_lookups} DNS lookups through its includes, more than {LOOKUP_LIMIT}. "
            "Mail from servers listed further down the record gets a permanent error.",
            [*_evidence(ctx, spf), f"DNS lookups in the whole record: {spf.tree_lookups}"],
            severity=Severity.MEDIUM,
        )
    elif NEAR_LIMIT <= spf.tree_lookups <= LOOKUP_LIMIT:
        yield NEAR_LOOKUP_LIMIT(
            f"The SPF record of {domain} uses {spf.tree_lookups} of the {LOOKUP_LIMIT} DNS "
            "lookups allowed. Providers change their own includes without notice; a small "
            "change can push the record over the limit and break SPF for all mail.",
            [*_evidence(ctx, spf), f"DNS lookups in the whole record: {spf.tree_lookups}"],
        )
    ptr = [p for p in problems if "ptr mechanism" in p]
    if ptr:
        yield PTR_USED(
            "The SPF record uses 'ptr', which is slow, unreliable and deprecated: some "
            "receivers skip it, so servers authorized only through it may fail SPF.",
            [*_evidence(ctx, spf), *ptr],
        )


@rule
def helo_identity(ctx: AnalysisContext) -> Iterator[Finding]:
    spf = _checked(ctx)
    if spf is None or spf.helo is not AuthStatus.FAIL:
        return
    if spf.mail_from is None:
        return  # null sender: the HELO verdict is already the main verdict (spf.fail)
    yield HELO_FAIL(
        f"The sending server introduced itself as {spf.helo_domain}, and that name's own SPF "
        f"record does not allow {spf.client_ip}. Some receivers check the HELO name too and "
        "treat a failure as a sign of a misconfigured or forged server.",
        [
            f"HELO {spf.helo_domain}",
            f"sending server IP: {spf.client_ip}",
            f"HELO SPF verdict: fail ({spf.helo_reason[:300]})",
        ],
    )
