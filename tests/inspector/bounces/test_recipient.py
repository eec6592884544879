"""One recipient built from what a report says: best status, reason, pseudo status."""

from __future__ import annotations

from inspector.bounces.recipient import (
    autoreply_recipient,
    failed_recipient,
    feedback_recipient,
    words_to_classify,
)
from inspector.model.bounces import BounceParty, BounceReason, DsnAction, FeedbackType, SmtpCommand


def test_the_remotes_code_wins_over_a_generic_field() -> None:
    r = failed_recipient(
        "a@example.com",
        action=DsnAction.read("Failed"),
        status_field="5.0.0",
        diagnostic="554 5.7.1 <a@example.com>: Relay access denied",
    )
    assert r.status == "5.7.1" and r.status_field == "5.0.0"
    assert r.reason is BounceReason.NORELAYING
    assert r.action == "failed"
    assert r.reply_code == "554"
    assert r.pseudo_status is None


def test_no_code_anywhere_gives_a_pseudo_status_kept_apart() -> None:
    r = failed_recipient("a@example.com", diagnostic="Mailbox full")
    assert r.status is None
    assert r.reason is BounceReason.MAILBOXFULL
    assert r.pseudo_status == "5.0.922"


def test_the_status_comment_is_read() -> None:
    r = failed_recipient(
        "a@example.com",
        status_field="5.2.1",
        status_comment="mailbox disabled, not accepting messages",
        diagnostic="550 User Unknown",
    )
    assert r.reason is BounceReason.SUSPEND
    assert r.status_comment == "mailbox disabled, not accepting messages"


def test_x_unix_type_means_a_local_program_failed() -> None:
    assert words_to_classify("exit 75", None, "X-Unix") == "exit 75 X-Unix;"
    r = failed_recipient("a@example.com", diagnostic="exit 75", diagnostic_type="X-Unix")
    assert r.reason is BounceReason.MAILERERROR


def test_stage_and_hard_flag() -> None:
    r = failed_recipient(
        "a@example.com",
        status_field="5.1.1",
        diagnostic="550 5.1.1 User unknown",
        command=SmtpCommand.RCPT,
    )
    assert r.hard is True and r.party is BounceParty.ADDRESS and r.command is SmtpCommand.RCPT
    assert r.matched


def test_delayed_without_words_is_expired_and_temporary() -> None:
    r = failed_recipient("a@example.com", action=DsnAction.DELAYED)
    assert r.reason is BounceReason.EXPIRED
    assert r.pseudo_status == "4.0.947"
    assert r.hard is False


def test_feedback_and_autoreply_have_no_status() -> None:
    f = feedback_recipient("a@example.com", FeedbackType.OPT_OUT)
    assert f.reason is BounceReason.FEEDBACK and f.party is BounceParty.ADDRESS
    assert f.status is None and f.pseudo_status is None
    v = autoreply_recipient("a@example.com", "Out of Office")
    assert v.reason is BounceReason.VACATION and v.action == "delivered"
