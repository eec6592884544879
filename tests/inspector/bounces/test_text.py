"""Plain-text bounces: recipients, their words and the SMTP stage, per MTA family."""

from __future__ import annotations

from inspector.bounces.decode import decode_bounce
from inspector.bounces.text import transcript_recipients
from inspector.model.bounces import BounceReason, SmtpCommand
from tests.inspector.verdicts._msg import parse

V5_TRANSCRIPT = """   ----- Transcript of session follows -----
... while talking to mx.example.com.:
>>> RCPT To:<a@example.com>
<<< 550 5.1.1 <a@example.com>... User unknown
550 <a@example.com>... User unknown
>>> RCPT To:<b@example.com>
<<< 552 5.2.2 <b@example.com>... Mailbox full
552 <b@example.com>... Mailbox full
550 <c@example.net>... Host unknown (Name server: example.net: host not found)
"""


def test_one_recipient_per_sendmail_v5_line_with_the_reply_above_it() -> None:
    found = transcript_recipients(V5_TRANSCRIPT)
    assert [(r.address, r.reason) for r in found] == [
        ("a@example.com", BounceReason.USERUNKNOWN),
        ("b@example.com", BounceReason.MAILBOXFULL),
        ("c@example.net", BounceReason.HOSTUNKNOWN),
    ]
    assert found[0].command is SmtpCommand.RCPT
    assert found[1].status == "5.2.2"


def test_no_transcript_no_recipients() -> None:
    assert transcript_recipients("550 <a@example.com>... User unknown") == []


def test_postfix_text_bounce_reads_the_stage() -> None:
    raw = b"""From: MAILER-DAEMON@mail.example.org (Mail Delivery System)
To: sender@example.org
Subject: Undelivered Mail Returned to Sender

This is the mail system at host mail.example.org.

<a@example.com>: host mx.example.com[192.0.2.1] said: 550 5.7.1 Message rejected
    as spam (in reply to end of DATA command)
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    (r,) = bounce.recipients
    assert r.command is SmtpCommand.DATA
    assert r.reason is BounceReason.SPAMDETECTED
