"""SES JSON notices, list refusals, unsubscribe requests, automatic replies and
X-Failed-Recipients bounces, each recognised as what it is."""

from __future__ import annotations

import json

from inspector.bounces.decode import decode_bounce
from inspector.bounces.notices import is_autoreply, is_unsubscribe_request, ses_recipients
from inspector.model.bounces import BounceParty, BounceReason
from inspector.model.codes import BounceKind
from tests.inspector.verdicts._msg import parse


def _ses(kind: str, section: dict[str, object]) -> bytes:
    body = json.dumps({"notificationType": kind, kind.lower(): section})
    return (
        "From: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: ops@example.org\n"
        f"Subject: AWS Notification Message\nContent-Type: text/plain\n\n{body}\n"
    ).encode()


def test_ses_bounce_notice() -> None:
    raw = _ses(
        "Bounce",
        {
            "bouncedRecipients": [
                {
                    "emailAddress": "a@example.com",
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ]
        },
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.NOTICE
    (r,) = bounce.recipients
    assert (r.address, r.status, r.reason) == ("a@example.com", "5.1.1", BounceReason.USERUNKNOWN)


def test_ses_delivery_and_complaint_notices() -> None:
    delivered = decode_bounce(
        parse(
            _ses(
                "Delivery",
                {"recipients": ["a@example.com"], "smtpResponse": "250 2.6.0 Message received"},
            )
        )
    )
    assert delivered is not None
    assert [(r.reason, r.status) for r in delivered.recipients] == [
        (BounceReason.DELIVERED, "2.6.0")
    ]
    complaint = decode_bounce(
        parse(
            _ses(
                "Complaint",
                {
                    "complainedRecipients": [{"emailAddress": "a@example.com"}],
                    "complaintFeedbackType": "abuse",
                },
            )
        )
    )
    assert complaint is not None and complaint.kind is BounceKind.ARF
    assert complaint.feedback_type == "abuse"
    assert complaint.recipients[0].reason is BounceReason.FEEDBACK


def test_ses_body_that_is_not_a_notice_gives_nothing() -> None:
    assert ses_recipients("no json here") == ([], None)
    assert ses_recipients("{not json}") == ([], None)
    assert ses_recipients('{"notificationType": "Bounce", "bounce": []}') == ([], None)
    assert ses_recipients("[" * 100_000 + "{}") == ([], None)


def test_list_refusal_of_a_non_member() -> None:
    raw = (
        b"From: list-admin@lists.example.org\nTo: poster@example.com\n"
        b"Subject: You are not member (posted to list@lists.example.org)\n"
        b"X-MLServer: fml [fml 8.0]\nList-Id: list.lists.example.org\n\n"
        b"You are not a member of this list; only members may post.\n"
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.TEXT
    assert bounce.recipients[0].reason is BounceReason.REJECTED


def test_apple_mail_unsubscribe_request() -> None:
    raw = (
        b"From: Reader <reader@example.com>\nTo: unsubscribe@news.example.org\nSubject: \n\n"
        b'Apple Mail sent this email to unsubscribe from the message "Weekly news".\n'
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.UNSUBSCRIBE
    assert bounce.feedback_type == "unsubscribe"
    (r,) = bounce.recipients
    assert r.address == "reader@example.com"
    assert r.reason is BounceReason.FEEDBACK and r.party is BounceParty.ADDRESS


def test_automatic_reply() -> None:
    raw = (
        b"From: Away <away@example.com>\nTo: sender@example.org\n"
        b"Subject: Automatic reply: hello\nAuto-Submitted: auto-replied\n\n"
        b"I am out of the office until Monday.\n"
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None and bounce.kind is BounceKind.AUTOREPLY
    (r,) = bounce.recipients
    assert (r.address, r.reason, r.hard) == ("away@example.com", BounceReason.VACATION, False)


def test_ordinary_mail_and_reports_are_not_auto_replies() -> None:
    plain = parse(b"From: a@example.com\nSubject: Vacation plans\n\nSee you.\n")
    assert not is_autoreply(plain)
    assert decode_bounce(plain) is None
    report = parse(
        b"From: dmarc@example.net\nSubject: DMARC Forensic Report\nAuto-Submitted: auto-replied\n"
        b"Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n"
    )
    assert not is_autoreply(report)


def test_x_failed_recipients_names_the_recipient_when_nothing_else_does() -> None:
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
        b"To: sender@example.org\nSubject: Delivery Status Notification (Failure)\n"
        b"X-Failed-Recipients: group@groups.example.com\n\n"
        b"\xce\x97 \xce\xbf\xce\xbc\xce\xac\xce\xb4\xce\xb1 group@groups.example.com\n"
    )
    bounce = decode_bounce(parse(raw))
    assert bounce is not None
    assert [r.address for r in bounce.recipients] == ["group@groups.example.com"]


def test_phrases_are_found_in_any_case_and_with_letters_that_fold_to_ascii() -> None:
    """ASCII text and text with non-ASCII letters (U+017F long s folds to s) both match."""
    shouting = (
        b"From: list-admin@lists.example.org\nTo: poster@example.com\nSubject: Refused\n"
        b"List-Id: list.lists.example.org\n\nYOU ARE NOT A MEMBER OF THIS LIST.\n"
    )
    bounce = decode_bounce(parse(shouting))
    assert bounce is not None and bounce.kind is BounceKind.TEXT
    long_s = (
        "From: Reader <reader@example.com>\nTo: unsubscribe@news.example.org\nSubject: \n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "iOS Mail sent this email to un\u017fubscribe from the message.\n"
    ).encode()
    bounce = decode_bounce(parse(long_s))
    assert bounce is not None and bounce.kind is BounceKind.UNSUBSCRIBE


def test_apple_sentence_found_in_any_case_beside_text_outside_ascii() -> None:
    sentence = "iOS MAIL sent this email to Unsubscribe from the message"
    assert is_unsubscribe_request(f"Grüße, {sentence}.")
    # a long s matches s when case is ignored: the text goes to the case-folding search
    assert is_unsubscribe_request(
        "Grüße, ios mail \u017fent this email to un\u017fub\u017fcribe from the me\u017f\u017fage"
    )
    assert not is_unsubscribe_request(
        "Grüße, ios mail sent this note to unsubscribe from the message"
    )
