"""The SMTP stage of a failure, as each MTA family writes it."""

from __future__ import annotations

import pytest

from inspector.bounces.command import normal_command, smtp_command
from inspector.model.bounces import SmtpCommand


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "<a@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 unknown "
            "(in reply to RCPT\n    TO command)",
            SmtpCommand.RCPT,
        ),
        ("host said: 554 rejected (in reply to end of DATA command)", SmtpCommand.DATA),
        ("SMTP error from remote mail server after MAIL FROM:<x@example.org>", SmtpCommand.MAIL),
        ("SMTP error from remote mail server after end of data: 550 spam", SmtpCommand.DATA),
        ("-------SMTP command\nDATA\n-------server message\n550 refused", SmtpCommand.DATA),
        ("Remote host said: 554 delivery error [RCPT_TO]", SmtpCommand.RCPT),
        ("The server refused to accept your message (DATA)", SmtpCommand.DATA),
        (
            ">>> MAIL FROM:<s@example.org>\n>>> RCPT TO:<a@example.com>\n<<< 550 no",
            SmtpCommand.RCPT,
        ),
        ("... while talking to mx.example.com.:\n<<< 554 go away", SmtpCommand.CONN),
        ("550 5.1.1 User unknown", None),
        ("", None),
    ],
)
def test_stage_per_mta_family(text: str, expected: SmtpCommand | None) -> None:
    assert smtp_command(text, "a@example.com") is expected


def test_the_recipients_own_paragraph_is_read_first() -> None:
    text = (
        "<a@example.com>: 550 spam (in reply to end of DATA command)\n\n"
        "<b@example.com>: 550 unknown (in reply to RCPT TO command)\n"
    )
    assert smtp_command(text, "b@example.com") is SmtpCommand.RCPT
    assert smtp_command(text, "a@example.com") is SmtpCommand.DATA


def test_names_normalise_to_the_stage() -> None:
    assert normal_command("RCPT_TO") is SmtpCommand.RCPT
    assert normal_command("end of data") is SmtpCommand.DATA
    assert normal_command("EHLO") is SmtpCommand.HELO
    assert normal_command("initial connection") is SmtpCommand.CONN


def test_stage_read_whatever_the_case_and_in_non_ascii_text() -> None:
    assert smtp_command("host said: 550 (In Reply To Rcpt To Command)", None) is SmtpCommand.RCPT
    assert smtp_command("Ünzustellbar: failed after mail from", None) is SmtpCommand.MAIL
    assert smtp_command("---- smtp command\nrcpt\n", None) is SmtpCommand.RCPT


def test_any_whitespace_between_the_words_counts_as_one_space() -> None:
    # line breaks, tabs and Unicode spaces (no-break, line separator) inside the phrase
    text = "\u2028 550 unknown (in reply to\u00a0RCPT\r\n\t TO\u2029command) \n"
    assert smtp_command(text, None) is SmtpCommand.RCPT
    assert smtp_command("   \n\t ", "a@example.com") is None


def test_the_recipients_own_paragraph_decides_before_the_rest() -> None:
    text = (
        "<a@example.com>: 552 too big (in reply to end of DATA command)\n\n"
        "<b@example.com>: 550 unknown (in reply to RCPT TO command)\n"
    )
    assert smtp_command(text, "b@example.com") is SmtpCommand.RCPT
    assert smtp_command(text, "a@example.com") is SmtpCommand.DATA
    assert smtp_command(text, "c@example.com") is SmtpCommand.DATA
