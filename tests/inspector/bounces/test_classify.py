"""The decision procedure: the words first, then the enhanced status code, then the reply
code; feedback reports and automatic replies; never raises."""

from __future__ import annotations

import pytest

from inspector.bounces.classify import classify, classify_autoreply, classify_feedback
from inspector.bounces.status_reasons import preferred_status
from inspector.model.bounces import BounceParty, BounceReason, DsnAction, FeedbackType

R = BounceReason

# --------------------------------------------------------------------------- the brief's cases


@pytest.mark.parametrize(
    ("diagnostic", "status", "reply", "expected"),
    [
        # a block list named in a 5.1.0 reply is a block, not an unknown address
        ("550 5.1.0 MailFrom domain is listed in Spamhaus", "5.1.0", "550", R.BLOCKED),
        # Postfix policy service: the recipient is fine, the policy refused
        (
            "554 5.7.1 <x@example.org>: Recipient address rejected: Policy violation",
            "5.7.1",
            "554",
            R.POLICYVIOLATION,
        ),
        ("552 5.3.4 max message size exceeded", "5.3.4", "552", R.MESGTOOBIG),
        ("552 max message size exceeded", None, "552", R.MESGTOOBIG),
        # the receiving system is short of resources: not the recipient's mailbox
        ("452 4.3.1 Insufficient system resources", "4.3.1", "452", R.SYSTEMFULL),
        ("452 4.3.1 Insufficient system storage", "4.3.1", "452", R.SYSTEMFULL),
        ("550 5.7.25 Reverse DNS required", "5.7.25", "550", R.REQUIREPTR),
        (
            "550-5.7.25 The IP address sending this message does not have a PTR record setup",
            "5.7.25",
            "550",
            R.REQUIREPTR,
        ),
        ("Domain does not exist", None, None, R.HOSTUNKNOWN),
        (
            "550 5.4.14 Hop count exceeded - possible mail loop ATTR34",
            "5.4.14",
            "550",
            R.NETWORKERROR,
        ),
        ("554 5.4.6 Hop count exceeded - possible mail loop", "5.4.6", "554", R.NETWORKERROR),
        ("Message could not be delivered for 5 days", "4.4.7", None, R.EXPIRED),
        ("The server gave up after 3 days of retrying", None, None, R.EXPIRED),
        (
            "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection "
            "timed out>",
            "4.4.2",
            "421",
            R.EXPIRED,
        ),
    ],
)
def test_brief_examples(
    diagnostic: str, status: str | None, reply: str | None, expected: BounceReason
) -> None:
    assert classify(diagnostic, status, reply).reason is expected


def test_systemfull_is_temporary_and_the_receivers_problem() -> None:
    v = classify("452 4.3.1 Insufficient system resources", "4.3.1", "452")
    assert v.reason is R.SYSTEMFULL
    assert v.hard is False
    assert v.party is BounceParty.RECEIVER


def test_delayed_action_with_nothing_else_is_expired() -> None:
    assert classify(None, None, None, action=DsnAction.DELAYED).reason is R.EXPIRED


# --------------------------------------------------------------------------- codes after words


@pytest.mark.parametrize(
    ("status", "reply", "expected"),
    [
        ("5.1.1", None, R.USERUNKNOWN),
        ("5.1.2", None, R.HOSTUNKNOWN),
        ("5.1.6", None, R.HASMOVED),
        ("5.1.8", None, R.REJECTED),
        ("5.1.10", None, R.NOTACCEPT),
        ("5.2.2", None, R.MAILBOXFULL),
        ("5.2.3", None, R.EXCEEDLIMIT),
        ("4.3.1", None, R.SYSTEMFULL),
        ("5.3.4", None, R.MESGTOOBIG),
        ("4.4.7", None, R.EXPIRED),
        ("5.4.4", None, R.HOSTUNKNOWN),
        ("5.5.3", None, R.TOOMANYCONN),
        ("5.6.1", None, R.CONTENTERROR),
        ("5.7.1", None, R.SECURITYERROR),
        ("5.7.23", None, R.AUTHFAILURE),
        ("5.7.25", None, R.REQUIREPTR),
        ("5.7.26", None, R.AUTHFAILURE),
        ("5.7.28", None, R.SPAMDETECTED),
        ("5.7.30", None, R.FAILEDSTARTTLS),
        ("5.7.750", None, R.BLOCKED),
        ("2.0.0", None, R.DELIVERED),
        (None, "552", R.MAILBOXFULL),
        (None, "521", R.NOTACCEPT),
        (None, "452", R.SYSTEMFULL),
        ("5.0.0", "550", R.UNDEFINED),
        ("5.0.911", None, R.USERUNKNOWN),
        ("4.0.922", None, R.MAILBOXFULL),
    ],
)
def test_codes_decide_only_without_words(
    status: str | None, reply: str | None, expected: BounceReason
) -> None:
    v = classify(None, status, reply)
    assert v.reason is expected
    if expected is not R.UNDEFINED:
        assert v.matched.startswith(("status", "reply"))


def test_words_outrank_the_status_code() -> None:
    # 5.1.1 says unknown user, the words say over quota (mailfoundry)
    v = classify(
        "552 sorry, mailbox x@example.org is over quota temporarily (#5.1.1)", "5.1.1", "552"
    )
    assert v.reason is R.MAILBOXFULL
    assert v.matched == "over quota"


def test_onhold_when_words_say_nothing_known() -> None:
    assert classify("542 x@example.com Rejected", "5.0.0", None).reason is R.ONHOLD


def test_explanation_names_the_failed_authentication() -> None:
    v = classify(
        "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
        "5.7.23",
        "550",
    )
    assert v.reason is R.AUTHFAILURE
    assert "SPF" in v.explanation
    v = classify("550 5.7.1 Email rejected per DMARC policy for example.org", "5.7.1", "550")
    assert "DMARC" in v.explanation


def test_explanation_of_an_expiry_names_the_last_error() -> None:
    v = classify(
        "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 "
        "Connection timed out>",
        "4.4.7",
        "554",
    )
    assert v.reason is R.EXPIRED
    assert "4.4.2" in v.explanation


# --------------------------------------------------------------------------- reports, table


def test_feedback_reports() -> None:
    v = classify_feedback(FeedbackType.ABUSE)
    assert v.reason is R.FEEDBACK
    assert v.party is BounceParty.SENDER
    assert "spam" in v.explanation
    assert "unsubscribe" in classify_feedback(FeedbackType.OPT_OUT).explanation
    assert classify_feedback(FeedbackType.UNSUBSCRIBE).party is BounceParty.ADDRESS
    assert "DMARC" in classify_feedback(FeedbackType.AUTH_FAILURE).explanation
    assert classify_feedback(None).reason is R.FEEDBACK


def test_autoreply() -> None:
    v = classify_autoreply("Automatic reply: Nyaan")
    assert v.reason is R.VACATION
    assert v.hard is False


@pytest.mark.parametrize(
    ("diagnostic", "status", "reply"),
    [
        (None, None, None),
        ("", "", ""),
        ("\x00\xff garbage " * 500, "9.9.9", "abc"),
        ("5.1.1", "not a code", "5500"),
        ("x" * 100_000, "5.1.1 trailing", None),
    ],
)
def test_never_raises(diagnostic: str | None, status: str | None, reply: str | None) -> None:
    v = classify(diagnostic, status, reply, action=DsnAction.read("weird"), remote_host=None)
    assert isinstance(v.reason, BounceReason)


@pytest.mark.parametrize(
    ("diagnostic", "expected"),
    [
        (
            "550-5.7.1 [192.0.2.1] Our system has detected that this message is likely "
            "unsolicited mail",
            R.SPAMDETECTED,
        ),
        (
            "550 5.7.27 The sender hasn't authenticated this message: SPF check failed",
            R.AUTHFAILURE,
        ),
        (
            "554 Message not allowed - [PH01] Email not accepted for policy reasons",
            R.POLICYVIOLATION,
        ),
        ("421 4.7.0 [TSS09] All recipients deferred", R.BLOCKED),
        ("550 5.7.606 Access denied, banned sending IP [192.0.2.1]", R.BLOCKED),
        ("550 OU-002 (SNT004-MC1F43) Unfortunately, messages weren't sent", R.BLOCKED),
        ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", R.USERUNKNOWN),
        ("552 5.3.4 Message size exceeds fixed limit", R.MESGTOOBIG),
        ("554 5.7.1 <x@example.com>: Relay access denied", R.NORELAYING),
        (
            "Host or domain name not found. Name service error for name=example.invalid",
            R.HOSTUNKNOWN,
        ),
        ("retry timeout exceeded", R.EXPIRED),
        ("451 Open relay not allowed - see the Mimecast knowledge base", R.NORELAYING),
        (
            "550-5.7.28 Our system has detected an unusual rate of unsolicited mail originating "
            "from your IP address. To protect our users from spam, mail has been blocked.",
            R.SPAMDETECTED,
        ),
        ("421-4.7.28 Our system has detected an unusual rate of unsolicited mail", R.SPEEDING),
        (
            "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP",
            R.BLOCKED,
        ),
        ("554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1", R.BLOCKED),
        ("450 4.2.2 <x@example.com>... Mailbox Full", R.MAILBOXFULL),
        ("550 5.1.10 RESOLVER.ADR.RecipientNotFound", R.USERUNKNOWN),
        ("recipient domain has a null MX", R.NOTACCEPT),
        ("User not listed in public Name & Address Book", R.USERUNKNOWN),
        ("The number of messages in recipient's mailbox exceeded the local limit", R.MAILBOXFULL),
    ],
)
def test_provider_and_mta_texts_with_the_status_they_quote(
    diagnostic: str, expected: BounceReason
) -> None:
    status = preferred_status(None, diagnostic)
    assert classify(diagnostic, status, None).reason is expected


def test_nothing_at_all_is_undefined_and_says_so() -> None:
    v = classify(None, None, None)
    assert v.reason is R.UNDEFINED
    assert v.hard is None
    assert "no reason" in v.explanation
