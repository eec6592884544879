"""The reason vocabulary: Sisimai's names exactly, and what each means for a sender."""

from __future__ import annotations

import pytest

from inspector.bounces.classify import classify
from inspector.bounces.vocabulary import explain_reason, is_hard
from inspector.model.bounces import BounceParty, BounceReason, DsnAction, SmtpCommand

R = BounceReason

# The list in /work/shared/suites/bounces-sisimai/README.md (libsisimai.org/en/reason).
SISIMAI_NAMES = [
    *("authfailure", "badreputation", "blocked", "contenterror", "delivered", "exceedlimit"),
    *("expired", "failedstarttls", "feedback", "filtered", "hasmoved", "hostunknown"),
    *("mailboxfull", "mailererror", "mesgtoobig", "networkerror", "norelaying", "notaccept"),
    *("notcompliantrfc", "onhold", "policyviolation", "rejected", "requireptr", "securityerror"),
    *("spamdetected", "speeding", "suppressed", "suspend", "syntaxerror", "systemerror"),
    *("systemfull", "toomanyconn", "undefined", "userunknown", "vacation", "virusdetected"),
]


def test_reason_names_are_exactly_sisimais() -> None:
    assert sorted(r.value for r in BounceReason) == sorted(SISIMAI_NAMES)


# --------------------------------------------------------------------------- hard, party, words


def test_hard_bounces() -> None:
    assert (
        classify(
            "450 4.1.1 User unknown in virtual alias table",
            "4.1.1",
            "450",
            command=SmtpCommand.RCPT,
        ).hard
        is True
    )
    assert classify("550 5.2.2 Mailbox full", "5.2.2", "550").hard is False
    assert classify("host/domain does not accept mail", "5.1.10", None).hard is True
    null_mx_temporary = classify("returned Null MX", "4.0.0", None)
    assert null_mx_temporary.reason is R.NOTACCEPT
    assert null_mx_temporary.hard is False
    assert is_hard(R.ONHOLD) is None


def test_parties() -> None:
    assert classify("550 5.1.1 User unknown", "5.1.1", "550").party is BounceParty.ADDRESS
    assert (
        classify("554 Blocked using zen.spamhaus.org", "5.7.1", "554").party is BounceParty.SENDER
    )
    assert (
        classify("Connection timed out", None, None, DsnAction.EXPIRED).party
        is BounceParty.TRANSIENT
    )


@pytest.mark.parametrize("reason", list(BounceReason))
def test_every_reason_is_explained(reason: BounceReason) -> None:
    info = explain_reason(reason)
    assert info.reason is reason
    assert info.summary and info.fix
    assert isinstance(info.party, BounceParty)


def test_address_reasons_are_the_addresss_problem() -> None:
    for reason in (R.USERUNKNOWN, R.HOSTUNKNOWN, R.HASMOVED, R.MAILBOXFULL, R.SUSPEND):
        assert explain_reason(reason).party is BounceParty.ADDRESS
    for reason in (R.BLOCKED, R.AUTHFAILURE, R.SPAMDETECTED, R.REQUIREPTR, R.POLICYVIOLATION):
        assert explain_reason(reason).party is BounceParty.SENDER
