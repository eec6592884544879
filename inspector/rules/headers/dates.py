"""The Date field: unparsable, in the future, or far older than the message's arrival,
all of which filters read as a sign of ratware or a replayed message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import DefectKind
from inspector.rules.context import AnalysisContext
from inspector.rules.headers.parsed import header_lines, recorded_defects
from inspector.rules.registry import rule, spec

DATE_UNPARSABLE = spec(
    "headers.date_unparsable",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The Date header cannot be read",
    "Write the Date in RFC 5322 form, e.g. 'Mon, 1 Jan 2024 10:00:00 +0100' (most mail "
    "libraries have a function for it).",
    ("RFC 5322 section 3.3",),
)
DATE_FUTURE = spec(
    "headers.date_future",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message is dated in the future",
    "Fix the clock (and time zone) of the machine or application that writes the message; use NTP.",
    ("RFC 5322 section 3.6.1", "SpamAssassin rules DATE_IN_FUTURE_*"),
)
DATE_ANCIENT = spec(
    "headers.date_ancient",
    Severity.LOW,
    Category.STRUCTURE,
    "The message is dated long before it was received",
    "Set the Date when the message is actually sent, not when a draft or template was made; "
    "check the sending machine's clock.",
    ("RFC 5322 section 3.6.1", "SpamAssassin rules DATE_IN_PAST_*"),
)


# --------------------------------------------------------------------------- dates


def _receipt_time(ctx: AnalysisContext) -> datetime | None:
    """When the recipient's side got the message: the route's receipt time, else the newest
    Received timestamp."""
    if ctx.route.received_at is not None:
        return ctx.route.received_at
    stamps = [h.timestamp for h in ctx.hops if h.timestamp is not None]
    return stamps[-1] if stamps else None


def _span(delta: timedelta) -> str:
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.0f} days"


@rule
def date_checks(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if recorded_defects(pm, DefectKind.UNPARSABLE_DATE):
        yield DATE_UNPARSABLE(
            "The Date header is written in a form mail software cannot read, so clients may "
            "sort the message wrongly. Spam filters score unreadable dates because genuine "
            "mail programs never produce them.",
            header_lines(pm, "Date"),
        )
    if pm.date is None:
        return
    received = _receipt_time(ctx)
    reference = received or ctx.now
    ahead = pm.date - reference
    if ahead > timedelta(minutes=15):
        against = "it was received" if received else "this analysis"
        yield DATE_FUTURE(
            f"The message claims to have been written {_span(ahead)} after {against}. A clock "
            "this far off is typical of mass-mailing software trying to stay at the top of "
            "the inbox, so spam filters count it against the message.",
            [*header_lines(pm, "Date"), f"reference time: {reference.isoformat()}"],
        )
    if received is not None:
        behind = received - pm.date
        if behind > timedelta(days=4):
            yield DATE_ANCIENT(
                f"The message is dated {_span(behind)} before it arrived. Either it sat in a "
                "queue for a long time, the sender's clock is wrong, or the message is an old "
                "one being re-sent; filters score all three.",
                [*header_lines(pm, "Date"), f"received: {received.isoformat()}"],
                severity=Severity.MEDIUM if behind > timedelta(days=30) else None,
            )
