"""Bounce and feedback-report decoding on messages written for these tests."""

from __future__ import annotations

import email.message

import pytest

import inspector.bounces.decode as decode_module
from inspector.bounces.decode import decode_bounce
from inspector.model.bounces import BounceReason, DsnAction, FeedbackType, SmtpCommand
from inspector.model.codes import BounceKind
from tests.inspector.verdicts._msg import parse


def dsn(status: str, diagnostic: str, *, action: str = "failed", extra: str = "") -> bytes:
    return f"""From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>
To: sender@example.org
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Mon, 2 Jan 2023 10:00:00 +0000

Final-Recipient: rfc822; alice@example.com
Original-Recipient: rfc822;alice@example.com
Action: {action}
Status: {status}
Remote-MTA: dns; mx1.example.com
Diagnostic-Code: smtp; {diagnostic}
{extra}
--b1
Content-Type: text/rfc822-headers

From: sender@example.org
To: alice@example.com
Subject: hello

--b1--
""".encode()


def test_gmail_unauthenticated_is_auth_failure() -> None:
    diag = (
        "550-5.7.26 This mail is unauthenticated, which poses a security risk to the\n"
        " sender and Gmail users, and has been blocked."
    )
    bounce = decode_bounce(parse(dsn("5.7.26", diag)))
    assert bounce is not None and bounce.kind == "dsn"
    assert bounce.reporting_mta == "mx.example.net"
    (rcpt,) = bounce.recipients
    assert rcpt.address == "alice@example.com"
    assert rcpt.action == "failed"
    assert rcpt.status == "5.7.26"
    assert rcpt.reply_code == "550"
    assert rcpt.remote_mta == "mx1.example.com"
    assert rcpt.reason is BounceReason.AUTHFAILURE
    assert "unauthenticated" in rcpt.diagnostic  # type: ignore[operator]
    assert "SPF and DKIM" in rcpt.explanation
    assert "Gmail" in rcpt.explanation
    assert [h.name for h in bounce.original_headers] == ["From", "To", "Subject"]
    assert ("Arrival-Date", "Mon, 2 Jan 2023 10:00:00 +0000") in bounce.fields


def test_status_with_comment_keeps_the_code_as_written() -> None:
    bounce = decode_bounce(parse(dsn("5.1.1 (bad destination mailbox)", "550 5.1.1 User unknown")))
    assert bounce is not None
    assert bounce.recipients[0].status == "5.1.1"
    assert bounce.recipients[0].reason is BounceReason.USERUNKNOWN


def test_microsoft_block_list_code() -> None:
    diag = (
        "550 5.7.1 Unfortunately, messages from [192.0.2.9] weren't sent. Please contact your "
        "Internet service provider since part of their network is on our block list (S3150)."
    )
    rcpt = decode_bounce(parse(dsn("5.7.1", diag))).recipients[0]  # type: ignore[union-attr]
    assert rcpt.reason is BounceReason.BLOCKED


def test_spamhaus_reference_is_blocklist() -> None:
    diag = "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.9"
    rcpt = decode_bounce(parse(dsn("5.7.1", diag))).recipients[0]  # type: ignore[union-attr]
    assert rcpt.reason is BounceReason.BLOCKED


def test_yahoo_deferral_is_rate_limited() -> None:
    diag = (
        "421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due to unexpected "
        "volume or user complaints"
    )
    rcpt = decode_bounce(parse(dsn("4.7.0", diag, action="delayed"))).recipients[0]  # type: ignore[union-attr]
    assert rcpt.action == "delayed"
    assert rcpt.reason is BounceReason.SPEEDING


def test_two_recipients_each_keep_their_status() -> None:
    extra = """
Final-Recipient: rfc822; bob@example.com
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full
"""
    bounce = decode_bounce(parse(dsn("5.1.1", "550 5.1.1 No such user", extra=extra)))
    assert bounce is not None
    assert [(r.address, r.status, r.reason) for r in bounce.recipients] == [
        ("alice@example.com", "5.1.1", BounceReason.USERUNKNOWN),
        ("bob@example.com", "5.2.2", BounceReason.MAILBOXFULL),
    ]


def test_arf_complaint() -> None:
    raw = b"""From: feedback@fbl.example.net
To: abuse@example.org
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="f"

--f
Content-Type: text/plain

This is a spam complaint.

--f
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Mail-From: <bounces@example.org>
Original-Rcpt-To: <carol@example.net>
Arrival-Date: Tue, 3 Jan 2023 09:00:00 +0000
Source-IP: 192.0.2.44
Reported-Domain: example.org

--f
Content-Type: message/rfc822

From: news@example.org
To: carol@example.net
Subject: Our offers

Hello
--f--
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    assert bounce.kind == "arf"
    assert bounce.feedback_type == "abuse"
    assert ("Source-IP", "192.0.2.44") in bounce.fields
    assert bounce.recipients[0].address == "carol@example.net"
    assert any(h.name == "Subject" and h.value == "Our offers" for h in bounce.original_headers)


def test_protocol_words_are_read_into_their_enums() -> None:
    """Action and Feedback-Type are read once, case-insensitively; an action outside RFC 3464
    is no action, a feedback type outside the registry is "other"."""
    rcpt = decode_bounce(parse(dsn("5.1.1", "550 user unknown", action="Failed")))
    assert rcpt is not None and rcpt.recipients[0].action is DsnAction.FAILED
    odd = decode_bounce(parse(dsn("5.1.1", "550 user unknown", action="vanished")))
    assert odd is not None and odd.recipients[0].action is None
    made_up = decode_bounce(parse(_arf("Made-Up")))
    assert made_up is not None and made_up.feedback_type is FeedbackType.OTHER
    spam = decode_bounce(parse(_arf("ABUSE")))
    assert spam is not None and spam.feedback_type is FeedbackType.ABUSE


def _arf(feedback_type: str) -> bytes:
    return f"""From: feedback@fbl.example.net
To: abuse@example.org
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="f"

--f
Content-Type: text/plain

A report.

--f
Content-Type: message/feedback-report

Feedback-Type: {feedback_type}
Version: 1
Original-Rcpt-To: <carol@example.net>

--f--
""".encode()


def test_exim_text_bounce() -> None:
    raw = b"""From: Mail Delivery System <Mailer-Daemon@relay.example.org>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  dave@example.com
    host mx.example.com [192.0.2.7]
    SMTP error from remote mail server after RCPT TO:<dave@example.com>:
    550 5.2.2 The email account that you tried to reach is over quota.

------ This is a copy of the message, including all the headers. ------

From: sender@example.org
To: dave@example.com
Subject: hi

hi
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind == "text"
    (rcpt,) = bounce.recipients
    assert rcpt.address == "dave@example.com"
    assert rcpt.status == "5.2.2"
    assert rcpt.reply_code == "550"
    assert rcpt.reason is BounceReason.MAILBOXFULL
    assert any(h.name == "Subject" and h.value == "hi" for h in bounce.original_headers)


def test_qmail_text_bounce() -> None:
    raw = b"""From: MAILER-DAEMON@mail.example.org
To: sender@example.org
Subject: failure notice

Hi. This is the qmail-send program at mail.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<erin@example.com>:
192.0.2.8 does not like recipient.
Remote host said: 550 5.1.1 <erin@example.com>: Recipient address rejected: User unknown
Giving up on 192.0.2.8.

--- Below this line is a copy of the message.

From: sender@example.org
To: erin@example.com
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    (rcpt,) = bounce.recipients
    assert rcpt.address == "erin@example.com"
    assert rcpt.reason is BounceReason.USERUNKNOWN


def test_ordinary_message_is_not_a_bounce() -> None:
    raw = b"""From: Alice <alice@example.com>
To: bob@example.com
Subject: lunch?

Could not make it yesterday, user unknown to me. 550 people came.
"""
    assert decode_bounce(parse(raw)) is None


def test_broken_report_does_not_raise() -> None:
    raw = b"""From: mailer-daemon@example.net
Content-Type: multipart/report; report-type=delivery-status; boundary="x"

--x
Content-Type: message/delivery-status

garbage without fields
\xff\xfe
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is None or bounce.recipients == ()


def test_forwarded_quoted_bounce_finds_the_failed_recipient() -> None:
    raw = b"""From: someone@example.org
To: helpdesk@example.org
Subject: Fwd: Returned mail: see transcript for details

Begin forwarded message:

> From: Mail Delivery Subsystem <MAILER-DAEMON@example.org>
> Message-Id: <20240101.abc123@smtp.example.org>
> Subject: Returned mail: see transcript for details
>
>    ----- The following addresses had permanent fatal errors -----
> <frank@example.net>
>     (reason: 550 Unknown user frank@example.net)
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    assert [r.address for r in bounce.recipients] == ["frank@example.net"]
    # no status code and no SMTP stage: Sisimai reads a bare "unknown user" as a filter
    assert bounce.recipients[0].reason is BounceReason.FILTERED
    assert bounce.recipients[0].pseudo_status == "5.0.910"
    assert bounce.recipients[0].status is None


def test_rcpt_to_detail_bounce_with_broken_multipart_header() -> None:
    raw = b"""From: post_master@sms.example.net
To: sender@example.org
Subject: Re: hello
MIME-Version: 1.0
Content-Type: multipart/mixed;
boundary="zz"

--zz
Content-Type: text/plain

Error: Invalid user address

Error message below:
550 - Requested action not taken: no such user here

Message details:
  Subject: hello
  MAIL FROM: sender@example.org
  RCPT TO: grace@sms.example.net
  Size (in bytes): 222

--zz--
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    (rcpt,) = bounce.recipients
    assert rcpt.address == "grace@sms.example.net"
    assert rcpt.reply_code == "550"
    assert rcpt.reason is BounceReason.FILTERED  # bare "no such user", no code, no stage


def test_exchange_ndr_naming_the_recipient_twice() -> None:
    raw = b"""From: Microsoft Outlook <MicrosoftExchange329e71ec88ae@example.org>
To: sender@example.org
Subject: Undeliverable: quarterly figures

Delivery has failed to these recipients or groups:

heidi@example.com
The email address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: mail.example.org

heidi@example.com
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'

Original message headers:

From: sender@example.org
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    (rcpt,) = bounce.recipients
    assert rcpt.address == "heidi@example.com"
    assert rcpt.status == "5.1.10"
    assert rcpt.reason is BounceReason.USERUNKNOWN


def test_report_part_under_multipart_mixed_is_decoded() -> None:
    raw = dsn("5.0.0", "550 5.1.1 User unknown").replace(
        b"multipart/report; report-type=delivery-status;", b"multipart/mixed;"
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.DSN
    assert bounce.recipients[0].status_field == "5.0.0"
    assert bounce.recipients[0].status == "5.1.1"


def test_recipients_without_blank_lines_between_them() -> None:
    extra = """Final-Recipient: rfc822; bob@example.com
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full
"""
    raw = dsn("5.1.1", "550 5.1.1 No such user", extra=extra).replace(
        b"No such user\n\nFinal-Recipient", b"No such user\nFinal-Recipient"
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    assert [(r.address, r.reason) for r in bounce.recipients] == [
        ("alice@example.com", BounceReason.USERUNKNOWN),
        ("bob@example.com", BounceReason.MAILBOXFULL),
    ]


def test_status_comment_and_smtp_command_are_kept() -> None:
    raw = dsn("5.2.1 (mailbox disabled, not accepting messages)", "550 User Unknown").replace(
        b"Your message could not be delivered.",
        b"<alice@example.com>: host mx1.example.com said: 550 User Unknown (in reply to RCPT "
        b"TO command)",
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    (r,) = bounce.recipients
    assert r.status_comment == "mailbox disabled, not accepting messages"
    assert r.command is SmtpCommand.RCPT
    assert r.reason is BounceReason.SUSPEND


def test_delayed_notice_is_not_a_failure_yet() -> None:
    bounce = decode_bounce(
        parse(
            dsn("4.4.7", "delivery temporarily suspended: connection timed out", action="delayed")
        )
    )
    assert bounce is not None
    (r,) = bounce.recipients
    assert r.action == "delayed" and r.hard is False
    assert r.reason is BounceReason.EXPIRED


def test_every_original_rcpt_to_of_a_feedback_report() -> None:
    raw = b"""From: fbl@fbl.example.net
To: abuse@example.org
Subject: FW: report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b"

--b
Content-Type: text/plain

This is a complaint.
--b
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Rcpt-To: one@example.com
Original-Rcpt-To: two@example.com

--b--
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.ARF
    assert [r.address for r in bounce.recipients] == ["one@example.com", "two@example.com"]
    assert {r.reason for r in bounce.recipients} == {BounceReason.FEEDBACK}


def test_report_forwarded_as_an_attachment() -> None:
    inner = dsn("5.1.1", "550 5.1.1 User unknown")
    raw = (
        b"From: postmaster@example.net\nTo: sender@example.org\nSubject: Returned mail\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="outer"\n\n'
        b"--outer\nContent-Type: text/plain\n\n"
        b"The following addresses had permanent delivery errors\n"
        b"--outer\nContent-Type: message/rfc822\n\n" + inner + b"\n--outer--\n"
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.DSN
    assert [(r.address, r.status) for r in bounce.recipients] == [("alice@example.com", "5.1.1")]


def test_a_report_without_any_words_or_code_says_why() -> None:
    raw = dsn("", "").replace(b"Status: \n", b"").replace(b"Diagnostic-Code: smtp; \n", b"")
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    assert bounce.recipients[0].reason is BounceReason.UNDEFINED
    assert "no diagnostic text, no status code and no reply code" in bounce.unclassified


def test_feedback_report_under_multipart_mixed_from_an_ordinary_sender() -> None:
    raw = b"""From: abuse@provider.example
To: dmarc@example.org
Subject: [Provider DMARC Failure Report] Rent reminder
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

A message failed DMARC.
--b
Content-Type: message/feedback-report

Feedback-Type: auth-failure
Original-Rcpt-To: tenant@example.org

--b--
"""
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.ARF
    assert bounce.feedback_type == "auth-failure"
    assert [r.address for r in bounce.recipients] == ["tenant@example.org"]


TLS_REPORT = b"""From: noreply-smtp-tls-reporting@example.net
To: tlsrpt@example.org
Subject: Report Domain: example.org Submitter: example.net
MIME-Version: 1.0
Content-Type: multipart/report; report-type=tlsrpt; boundary="b2"

--b2
Content-Type: text/plain

This is an aggregate TLS report from example.net.

--b2
Content-Type: application/tlsrpt+gzip
Content-Transfer-Encoding: base64

H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==
--b2--
"""


def test_a_report_of_another_kind_is_no_bounce_and_needs_no_stdlib_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[bytes] = []
    original = decode_module._parse_raw

    def counting(raw: bytes) -> email.message.Message | None:
        parsed.append(raw)
        return original(raw)

    monkeypatch.setattr(decode_module, "_parse_raw", counting)
    assert decode_bounce(parse(TLS_REPORT)) is None
    assert parsed == []
    found = decode_bounce(parse(dsn("5.1.1", "550 5.1.1 user unknown")))
    assert found is not None and found.kind is BounceKind.DSN and len(parsed) == 1


def test_a_report_part_type_in_any_case_is_still_read() -> None:
    raw = dsn("5.1.1", "550 5.1.1 user unknown").replace(
        b"message/delivery-status", b"Message/Delivery-Status"
    )
    found = decode_bounce(parse(raw))
    assert found is not None and found.kind is BounceKind.DSN
    assert [r.address for r in found.recipients] == ["alice@example.com"]
