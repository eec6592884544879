"""The MTA families' phrases and the SMTP stage that separates an unknown user from a
filter."""

from __future__ import annotations

import pytest

from inspector.bounces.classify import classify
from inspector.model.bounces import BounceParty, BounceReason, SmtpCommand

R = BounceReason

# --------------------------------------------------------------------------- MTA families


@pytest.mark.parametrize(
    ("diagnostic", "status", "command", "expected"),
    [
        # Postfix
        (
            "550 5.1.1 <x@example.jp>: Recipient address rejected: User unknown in local "
            "recipient table",
            "5.1.1",
            SmtpCommand.RCPT,
            R.USERUNKNOWN,
        ),
        ("554 5.7.1 <x@example.org>: Relay access denied", "5.7.1", SmtpCommand.RCPT, R.NORELAYING),
        (
            "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]",
            "4.7.1",
            SmtpCommand.RCPT,
            R.REQUIREPTR,
        ),
        (
            "450 4.7.1 <x@example.org>: Recipient address rejected: Greylisted, see "
            "http://postgrey.schweikert.ch/help/example.org.html",
            "4.7.1",
            SmtpCommand.RCPT,
            R.BLOCKED,
        ),
        (
            "Host or domain name not found. Name service error for name=example.invalid "
            "type=MX: Host not found",
            "5.4.4",
            None,
            R.HOSTUNKNOWN,
        ),
        (
            "Host or domain name not found. Name service error for name=example.org type=A: "
            "Host not found, try again",
            "4.4.3",
            None,
            R.NETWORKERROR,
        ),
        ("mail for example.org loops back to myself", "5.4.6", None, R.NETWORKERROR),
        ('Command died with status 1: "/usr/bin/procmail"', "5.3.0", None, R.MAILERERROR),
        ("550 Protocol violation", "5.0.0", SmtpCommand.DATA, R.POLICYVIOLATION),
        ("552 Too many recipients", "5.0.0", SmtpCommand.RCPT, R.TOOMANYCONN),
        ("452 4.3.2 Connection rate limit exceeded.", "4.3.2", SmtpCommand.MAIL, R.TOOMANYCONN),
        (
            "451 4.7.1 Client host rejected: Please try again slower",
            "4.7.1",
            SmtpCommand.RCPT,
            R.SPEEDING,
        ),
        (
            "451 Could not load DRD for domain (example.com)",
            "4.0.0",
            SmtpCommand.RCPT,
            R.SYSTEMERROR,
        ),
        ("554 Transaction failed", "5.0.0", SmtpCommand.MAIL, R.SYSTEMERROR),
        ("550 Virus Detected; Content Rejected", "5.0.0", SmtpCommand.DATA, R.VIRUSDETECTED),
        # Exim
        ("retry timeout exceeded", None, None, R.EXPIRED),
        ("Unrouteable address", None, None, R.HOSTUNKNOWN),
        ("500 Line limit exceeded", None, SmtpCommand.DATA, R.MESGTOOBIG),
        # Sendmail
        (
            "550 5.6.9 improper use of 8-bit data in message header",
            "5.6.9",
            SmtpCommand.DATA,
            R.CONTENTERROR,
        ),
        ("552 5.6.0 Headers too large (3 max)", "5.6.0", SmtpCommand.DATA, R.CONTENTERROR),
        ("550 5.7.1 IP address blacklisted by recipient", "5.7.1", SmtpCommand.RCPT, R.BLOCKED),
        ("550 Host unknown (Authoritative answer from name server)", None, None, R.HOSTUNKNOWN),
        ("550 5.1.1 user unknown (UserSearch)", "5.1.1", SmtpCommand.RCPT, R.USERUNKNOWN),
        # qmail
        ("550 sorry, no mailbox here by that name (#5.1.1 - chkusr)", "5.1.1", None, R.USERUNKNOWN),
        (
            "Sorry, I couldn't find any host named example.invalid. (#5.1.2)",
            "5.1.2",
            None,
            R.HOSTUNKNOWN,
        ),
        ("vdelivermail: account is locked email bounced", None, None, R.SUSPEND),
        (
            "553 sorry, your envelope recipient is in my badrcptto list (#5.7.1)",
            "5.7.1",
            None,
            R.USERUNKNOWN,
        ),
        (
            "192.0.2.1 does not like recipient. Remote host said: 550 5.1.1 <x@example.com>... "
            "User Unknown Giving up on 192.0.2.1.",
            "5.1.1",
            None,
            R.USERUNKNOWN,
        ),
        (
            "unable to connect to remote server [192.0.2.222:25]: Operation timed out I'm not "
            "going to try again; this message has been in the queue too long.",
            None,
            None,
            R.EXPIRED,
        ),
        # Lotus Domino
        ("User not listed in public Name & Address Book", None, None, R.USERUNKNOWN),
        (
            "Error transferring to mx.example.org; Maximum hop count exceeded. Message "
            "probably in a routing loop.",
            "5.0.0",
            None,
            R.NETWORKERROR,
        ),
        # Exchange 2003, IMail, Sun/Oracle Messaging Server
        ("The recipient name is not recognized", None, None, R.USERUNKNOWN),
        ("Invalid final delivery userid: x@example.co.jp", None, None, R.USERUNKNOWN),
        ("Illegal host/domain name found", "5.4.4", None, R.HOSTUNKNOWN),
        ("host/domain does not accept mail", "5.1.10", None, R.NOTACCEPT),
        # Courier, OpenSMTPD
        ("No such domain.", "5.0.0", None, R.HOSTUNKNOWN),
        ("550 5.2.2 <x@example.jp>... Mailbox Full", "5.2.2", None, R.MAILBOXFULL),
        ("550 Invalid recipient: <x@example.jp>", None, SmtpCommand.DATA, R.USERUNKNOWN),
    ],
)
def test_mta_phrases(
    diagnostic: str, status: str | None, command: SmtpCommand | None, expected: BounceReason
) -> None:
    assert classify(diagnostic, status, None, command=command).reason is expected


def test_qmail_giving_up_on_a_host_is_not_an_expiry() -> None:
    v = classify("550 5.1.1 User Unknown Giving up on 192.0.2.1.", "5.1.1", "550")
    assert v.reason is R.USERUNKNOWN


def test_greylisting_is_transient() -> None:
    v = classify("451 4.7.1 Greylisting in action, please come back later", "4.7.1", "451")
    assert v.party is BounceParty.TRANSIENT
    assert v.hard is False


# --------------------------------------------------------------------------- stage of refusal


def test_unknown_user_at_rcpt_is_userunknown() -> None:
    assert (
        classify("550 Unknown user", "5.0.0", "550", command=SmtpCommand.RCPT).reason
        is R.USERUNKNOWN
    )


def test_unknown_user_after_data_is_a_filter() -> None:
    # RCPT already accepted the address: the DATA-time "unknown user" is a filter's answer
    assert (
        classify("550 Unknown user", "5.0.0", "550", command=SmtpCommand.DATA).reason is R.FILTERED
    )


def test_unknown_user_with_x11_status_after_data_is_still_unknown() -> None:
    v = classify("550 5.1.1 User unknown", "5.1.1", "550", command=SmtpCommand.DATA)
    assert v.reason is R.USERUNKNOWN


def test_unknown_user_without_any_code_or_stage_is_filtered() -> None:
    assert classify("kijitora@example.org [User unknown]", None, None).reason is R.FILTERED


def test_explicit_directory_phrase_wins_over_stage() -> None:
    v = classify(
        "550 5.5.0 Invalid recipient. LPN007_416", "5.5.0", "550", command=SmtpCommand.DATA
    )
    assert v.reason is R.USERUNKNOWN


def test_au_blank_address_user_unknown_is_a_filter() -> None:
    assert classify("550 : User unknown", "5.0.0", "550").reason is R.FILTERED


def test_docomo_unknown_user_after_data_refuses_the_sender() -> None:
    v = classify(
        "550 Unknown user x@docomo.ne.jp",
        "5.0.0",
        "550",
        remote_host="mfsmax.docomo.ne.jp",
        command=SmtpCommand.DATA,
    )
    assert v.reason is R.REJECTED
