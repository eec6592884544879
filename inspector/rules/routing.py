"""Findings about the relay path: where the message waited, clocks that disagree, hops
without encryption into the recipient, a private address at the trust boundary, mail-loop
signs, Received headers that cannot be read, and timestamps in the future.

The hops and the boundary come from ``inspector.route.hops`` (oldest first, delays signed, never
clamped); these rules only read them. Thresholds are chosen so ordinary mail stays quiet:
queues of a few minutes and clock drift of seconds are normal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import timedelta

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.route import Hop
from inspector.route.ipinfo import is_external_scope
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

LONG_DELAY_SECONDS = 30 * 60
VERY_LONG_DELAY_SECONDS = 6 * 3600
SKEW_SECONDS = 60  # smaller negative delays are drift between clocks, not worth a finding
SLOW_TRANSIT_SECONDS = 2 * 3600
VERY_SLOW_TRANSIT_SECONDS = 24 * 3600
MANY_HOPS = 25
REPEATED_BY = 5
FUTURE_TOLERANCE = timedelta(minutes=15)
_MAX_LISTED = 5

_RETRY = "RFC 5321 section 4.5.4.1 (retry strategy)"
_GREYLIST = "RFC 6647 (greylisting)"
_RECEIVED = "RFC 5321 section 4.4 (trace information)"

LONG_DELAY = spec(
    "routing.long_delay",
    Severity.LOW,
    Category.ROUTING,
    "The message waited a long time at one hop",
    "Look in the sending server's logs for temporary (4xx) refusals around that time. If the "
    "receiver greylists or rate-limits you, retry soon (first retry within 5 to 15 minutes), "
    "keep sending volume steady, and make sure SPF, DKIM and DMARC pass so the receiver "
    "trusts your server; if the wait was in your own queue, fix the backlog.",
    (_RETRY, _GREYLIST, "M3AAWG Sender Best Common Practices"),
)
CLOCK_SKEW = spec(
    "routing.clock_skew",
    Severity.INFO,
    Category.ROUTING,
    "Two servers on the path disagree about the time",
    "Run time synchronisation (NTP: chrony, ntpd or systemd-timesyncd) on every mail server "
    "and check its time zone; a wrong clock also makes the Date header and DKIM timestamps "
    "look wrong to receivers.",
    ("RFC 5905 (NTP)", "RFC 5322 section 3.3", "RFC 6376 section 3.5 (t= and x=)"),
)
SLOW_TRANSIT = spec(
    "routing.slow_transit",
    Severity.LOW,
    Category.ROUTING,
    "The message took a long time to arrive",
    "Find the hop where the time was lost (see the relay path) and look at that server's "
    "queue and logs; deferrals by the receiver usually mean reputation or rate limits, "
    "deferrals in your own queue mean an overloaded or misconfigured server.",
    (_RETRY, _GREYLIST),
)
NO_TLS = spec(
    "routing.no_tls",
    Severity.LOW,
    Category.ROUTING,
    "The message reached the recipient's server without encryption",
    "Turn on STARTTLS on the server that delivers to the recipient, with a valid "
    "certificate; consider MTA-STS and TLS reporting for your own domain. Gmail shows a red "
    "open padlock on unencrypted mail, and some receivers rate it lower.",
    ("RFC 3207 (STARTTLS)", "RFC 8461 (MTA-STS)", "RFC 8460 (TLS reporting)"),
)
PRIVATE_BOUNDARY = spec(
    "routing.private_boundary",
    Severity.MEDIUM,
    Category.ROUTING,
    "The recipient's server recorded a private address for the sending server",
    "Deliver to the recipient's public mail servers (MX) over the internet. If the path "
    "through a private network or proxy is intended, the receiving side must pass the real "
    "client address to its filters (PROXY protocol, XCLIENT), or SPF and blocklist checks "
    "judge the wrong address.",
    (_RECEIVED, "RFC 7208 section 2.1 (SPF checks the connecting client's address)"),
)
TOO_MANY_HOPS = spec(
    "routing.too_many_hops",
    Severity.LOW,
    Category.ROUTING,
    "The message passed through an unusual number of servers",
    "Look for a forwarding loop (two servers or rules forwarding to each other, an alias "
    "pointing back to itself) and break it; servers refuse mail after a hop limit (Exim "
    "30, Postfix 50, RFC 5321 suggests at least 100) and bounce it.",
    ("RFC 5321 section 6.3 (loop detection)", _RECEIVED),
)
UNPARSABLE = spec(
    "routing.unparsable_received",
    Severity.INFO,
    Category.ROUTING,
    "Some Received headers could not be read",
    "Make every server on the path write standard Received headers: from, by, with, id and "
    "for clauses, then a semicolon and an RFC 5322 date. Malformed trace headers are a "
    "classic sign of forged headers to spam filters.",
    (_RECEIVED, "RFC 5322 section 3.6.7"),
)
FUTURE = spec(
    "routing.future_timestamp",
    Severity.LOW,
    Category.ROUTING,
    "A Received header is dated in the future",
    "Fix the clock of the server that wrote it (run NTP and check its time zone). Received "
    "lines dated in the future are also a sign of forged headers added by the sender.",
    (_RECEIVED, "RFC 5905 (NTP)"),
)


# --------------------------------------------------------------------------- helpers


def duration(seconds: float) -> str:
    """Plain text for a span of time: "45 s", "12 min", "2 h 5 min", "3 d 4 h"."""
    s = int(abs(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 86400:
        h, m = divmod(s // 60, 60)
        return f"{h} h {m} min" if m else f"{h} h"
    d, h = divmod(s // 3600, 24)
    return f"{d} d {h} h" if h else f"{d} d"


def _line(hop: Hop) -> str:
    return ("Received: " + " ".join(hop.raw.split()))[:500]


def _name(hop: Hop) -> str:
    for name in (hop.by, hop.from_host):
        if name and any(c.isalpha() for c in name):  # not a placeholder such as "by 0"
            return name
    return f"hop {hop.index + 1}"


def _previous_timed(hops: Sequence[Hop], i: int) -> Hop | None:
    return next((h for h in reversed(hops[:i]) if h.timestamp is not None), None)


def _where(ctx: AnalysisContext, hop: Hop) -> str:
    b = ctx.route.boundary_index
    if b is None:
        return ""
    if hop.index == b:
        return (
            " This is the hop where the recipient's server accepted the message, so the "
            "wait most likely means that server deferred it at first (greylisting or rate "
            "limiting) and the sender's server retried later."
        )
    if hop.index > b:
        return " This wait happened inside the recipient's own systems (queues or filters)."
    return " This wait happened on the sender's side, before the message left for the recipient."


# --------------------------------------------------------------------------- rules


@rule
def long_delay(ctx: AnalysisContext) -> Iterator[Finding]:
    for i, hop in enumerate(ctx.hops):
        delay = hop.delay_seconds
        if delay is None or delay <= LONG_DELAY_SECONDS:
            continue
        prev = _previous_timed(ctx.hops, i)
        prev_name = _name(prev) if prev else "the previous server"
        yield LONG_DELAY(
            f"{_name(hop)} recorded the message {duration(delay)} after {prev_name} did. "
            "Mail normally moves between servers in seconds; a wait this long means the "
            "message sat in a queue, usually because a server refused it temporarily and it "
            "was retried later." + _where(ctx, hop),
            [_line(h) for h in (prev, hop) if h is not None],
            title=f"The message waited {duration(delay)} before {_name(hop)} accepted it",
            severity=Severity.MEDIUM if delay > VERY_LONG_DELAY_SECONDS else None,
        )


@rule
def clock_skew(ctx: AnalysisContext) -> Iterator[Finding]:
    for i, hop in enumerate(ctx.hops):
        delay = hop.delay_seconds
        if delay is None or delay >= -SKEW_SECONDS:
            continue
        prev = _previous_timed(ctx.hops, i)
        prev_name = _name(prev) if prev else "the previous server"
        yield CLOCK_SKEW(
            f"{_name(hop)} says it received the message {duration(delay)} before "
            f"{prev_name} says it handled it. Time cannot run backwards, so one of the two "
            f"clocks is wrong: {_name(hop)}'s clock is behind, or {prev_name}'s is ahead, by "
            "at least that much. Delays computed around this hop are unreliable.",
            [_line(h) for h in (prev, hop) if h is not None],
        )


@rule
def slow_transit(ctx: AnalysisContext) -> Iterator[Finding]:
    total = ctx.route.total_transit_seconds
    if total is None or total <= SLOW_TRANSIT_SECONDS:
        return
    timed = [h for h in ctx.hops if h.timestamp is not None]
    worst = max(timed, key=lambda h: h.delay_seconds or 0.0)
    yield SLOW_TRANSIT(
        f"From the first Received header to the last, the message spent {duration(total)} "
        "on the way. The longest single wait was "
        f"{duration(worst.delay_seconds or 0)} at {_name(worst)}. Late delivery hurts "
        "time-sensitive mail (codes, alerts) and often means a receiver was deferring it.",
        [_line(timed[0]), _line(timed[-1])],
        severity=Severity.MEDIUM if total > VERY_SLOW_TRANSIT_SECONDS else None,
    )


def _boundary(ctx: AnalysisContext) -> Hop | None:
    b = ctx.route.boundary_index
    if b is None:
        return None
    return next((h for h in ctx.hops if h.index == b), None)


@rule
def no_tls(ctx: AnalysisContext) -> Iterator[Finding]:
    hop = _boundary(ctx)
    if hop is None or hop.tls or hop.tls_version or hop.cipher:
        return
    proto = (hop.protocol or "").upper()
    if proto not in ("SMTP", "ESMTP", "ESMTPA", "UTF8SMTP", "UTF8SMTPA"):
        return
    yield NO_TLS(
        f"{_name(hop)} noted the protocol as {hop.protocol} and recorded no TLS version or "
        f"cipher, so the connection from {hop.helo or hop.ip or 'the sending server'} was not "
        "encrypted: anyone on the network path could read or change the message.",
        [_line(hop)],
    )


@rule
def private_boundary(ctx: AnalysisContext) -> Iterator[Finding]:
    hop = _boundary(ctx)
    if hop is None or hop.ip is None or is_external_scope(hop.ip_scope):
        return
    who = hop.helo or hop.rdns or hop.from_host or "the sending server"
    yield PRIVATE_BOUNDARY(
        f"{_name(hop)}, where the message entered the recipient's systems, recorded the "
        f"sender {who} at {hop.ip}, a {hop.ip_scope} address that cannot come from the "
        "internet. A proxy or load balancer in front of the server hides the real address, "
        "or a relay is misconfigured; either way SPF and blocklists cannot check the real "
        "sending server.",
        [_line(hop)],
    )


@rule
def too_many_hops(ctx: AnalysisContext) -> Iterator[Finding]:
    n = len(ctx.hops)
    if n < MANY_HOPS and n < REPEATED_BY:
        return  # no name can be repeated often enough: the count is not worth making
    names = [h.by.lower() for h in ctx.hops if h.by]
    if n < MANY_HOPS and len(set(names)) > len(names) - REPEATED_BY + 1:
        return  # no name occurs REPEATED_BY times (that would leave fewer distinct names)
    by_counts = Counter(names)
    repeated = [(name, c) for name, c in by_counts.most_common(3) if c >= REPEATED_BY]
    if n < MANY_HOPS and not repeated:
        return
    detail = f"The message carries {n} Received headers; ordinary mail has fewer than 15."
    if repeated:
        name, count = repeated[0]
        detail += f" {name} received it {count} times, the typical trace of a forwarding loop."
    yield TOO_MANY_HOPS(
        detail + " A loop ends with the message bounced once a server's hop limit is reached.",
        [_line(h) for h in ctx.hops[-3:]],
    )


def _unreadable(hop: Hop) -> str | None:
    if hop.timestamp is None:
        return "no readable date"
    no_clause = hop.by is None and hop.from_host is None and hop.ip is None
    if no_clause and not hop.raw.lstrip().startswith("("):
        return "no from or by clause"
    return None


@rule
def unparsable(ctx: AnalysisContext) -> Iterator[Finding]:
    bad = [(h, why) for h in ctx.hops if (why := _unreadable(h))]
    if not bad:
        return
    listed = ", ".join(f"hop {h.index + 1} ({why})" for h, why in bad[:_MAX_LISTED])
    yield UNPARSABLE(
        f"{len(bad)} of {len(ctx.hops)} Received headers could not be fully read: {listed}. "
        "The relay path, delays and the trust boundary are less certain around them.",
        [_line(h) for h, _ in bad[:_MAX_LISTED]],
    )


@rule
def future_timestamp(ctx: AnalysisContext) -> Iterator[Finding]:
    limit = ctx.now + FUTURE_TOLERANCE
    for hop in ctx.hops:
        if hop.timestamp is None or hop.timestamp <= limit:
            continue
        ahead = (hop.timestamp - ctx.now).total_seconds()
        yield FUTURE(
            f"{_name(hop)} stamped the message {hop.timestamp:%Y-%m-%d %H:%M} UTC, "
            f"{duration(ahead)} after the time of this analysis. Either that server's clock "
            "is wrong or the line was forged: spammers add made-up Received headers to "
            "disguise where mail came from.",
            [_line(hop)],
        )
