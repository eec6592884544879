"""What the classifier never reads: the recipients' local parts and the paths of links."""

from __future__ import annotations

from inspector.bounces.classify import classify
from inspector.model.bounces import BounceReason, SmtpCommand

R = BounceReason

# --------------------------------------------------------------------------- what is not read


def test_local_part_is_never_read() -> None:
    # sample bounces name the answer in the local part: it must not decide
    v = classify("550 5.1.1 <mailboxfull@example.jp>... User Unknown", "5.1.1", "550")
    assert v.reason is R.USERUNKNOWN
    v = classify("550 5.2.2 <userunknown@example.jp>... Mailbox Full", "5.2.2", "550")
    assert v.reason is R.MAILBOXFULL
    v = classify(
        "550 <spamdetected@example.jp>: Recipient address rejected",
        "5.0.0",
        "550",
        command=SmtpCommand.RCPT,
    )
    assert v.reason is R.USERUNKNOWN


def test_link_paths_are_never_read() -> None:
    v = classify("550 see https://libsisimai.org/en/reason/#mailboxfull", None, None)
    assert v.reason is not R.MAILBOXFULL
    v = classify("554 see https://example.org/help/virus-detected.html", "5.0.0", "554")
    assert v.reason is not R.VIRUSDETECTED


def test_link_hosts_still_name_a_block_list() -> None:
    v = classify("553 http://www.spamhaus.org/query/bl?ip=192.0.2.222", "5.1.3", "553")
    assert v.reason is R.BLOCKED
    assert "Spamhaus" in v.explanation


def test_the_matched_words_are_quoted_as_the_server_wrote_them() -> None:
    v = classify("552 5.2.2 MAILBOX IS FULL for this user", None, "552")
    assert v.reason is R.MAILBOXFULL
    assert v.matched == "MAILBOX IS FULL"
    accented = classify("552 Boîte pleine: Mailbox Is Full", None, "552")
    assert accented.reason is R.MAILBOXFULL
    assert accented.matched == "Mailbox Is Full"
