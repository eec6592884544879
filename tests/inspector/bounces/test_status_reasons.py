"""Which status a report carries, and Sisimai's stand-in codes."""

from __future__ import annotations

import pytest

from inspector.bounces.status_reasons import preferred_status, pseudo_status
from inspector.model.bounces import BounceReason

R = BounceReason

# --------------------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("field", "diagnostic", "reply", "expected"),
    [
        ("5.0.0", "554 5.7.1 <x@example.org>: Relay access denied", "554", "5.7.1"),
        (
            "4.4.7",
            "554 4.4.7 Message expired: unable to deliver.<421 4.4.2 Connection timed out>",
            None,
            "4.4.2",
        ),
        (
            None,
            "554 4.4.7 Message expired: unable to deliver.<421 4.4.2 Connection timed out>",
            None,
            "4.4.2",
        ),
        ("4.4.7", "450 4.7.1 Client host rejected: may not be mail exchanger", "450", "4.7.1"),
        ("5.1.1", "550 5.7.1 IP address blacklisted by recipient", "550", "5.7.1"),
        ("5.1.1", "552 5.2.2 Over quota", "552", "5.2.2"),
        ("5.2.0", "522 5.2.0 Delivery failed: Over quota", "522", "5.2.0"),
        ("5.7.1", "553 Invalid recipient x@example.org (Mode: normal)", "553", "5.7.1"),
        ("5.5.0", "554 mx.me.com ESMTP not accepting connections", "554", "5.5.0"),
        ("5.1.1", "550 5.5.0 Invalid recipient", "550", "5.1.1"),
        (
            "5.2.1 (mailbox disabled, not accepting messages)",
            "550 5.2.1 User Unknown",
            "550",
            "5.2.1",
        ),
        (None, "552 sorry, mailbox is over quota temporarily (#5.1.1)", "552", "5.1.1"),
        (None, "Connection timed out", None, None),
        ("", None, None, None),
    ],
)
def test_preferred_status(
    field: str | None, diagnostic: str | None, reply: str | None, expected: str | None
) -> None:
    assert preferred_status(field, diagnostic, reply) == expected


def test_pseudo_status() -> None:
    assert pseudo_status(R.USERUNKNOWN) == "5.0.911"
    assert pseudo_status(R.USERUNKNOWN, temporary=True) == "5.0.911"
    assert pseudo_status(R.MAILBOXFULL, temporary=True) == "4.0.922"
    assert pseudo_status(R.FILTERED) == "5.0.910"
    assert pseudo_status(R.EXPIRED) == "5.0.947"
    assert pseudo_status(R.FEEDBACK) is None
    assert pseudo_status(R.VACATION) is None
