"""bench/verdict_headers.py: every receiver's verdict goes, everything else stays byte for
byte, what is left that merely looks like a verdict is reported, and Microsoft's judgement is
read as the eval labels it (the filter's SCL first, the final folder second)."""

from __future__ import annotations

from bench.verdict_headers import junk_label, residual_verdict_headers, strip_verdicts

MESSAGE = (
    b"Received: from mx.example.net by mx.example.org; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
    b"X-Exchange-Antispam-Report-CFA-Test: BCL:0;PCL:0;RULEID:(4566005)\r\n"
    b"X-MS-Office365-Filtering-HT: Tenant\r\n"
    b"X-BlackCat-Spam-Score: 0\r\n"
    b"X-Virus-Status: Clean\r\n"
    b"X-Virus-Scanned: amavisd-new at mx.example.org\r\n"
    b"X-UI-Out-Filterresults: notjunk:1;\r\n"
    b"X-Disclaimed: 1\r\n"
    b"From: a@example.com\r\n"
    b"Subject: hi\r\n"
    b"\r\n"
    b"X-Virus-Status: in the body, kept\r\n"
)


def test_receivers_verdicts_are_removed_and_the_rest_kept() -> None:
    stripped, removed = strip_verdicts(MESSAGE)
    assert removed == 5
    assert stripped == (
        b"Received: from mx.example.net by mx.example.org; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        b"X-UI-Out-Filterresults: notjunk:1;\r\n"
        b"X-Disclaimed: 1\r\n"
        b"From: a@example.com\r\n"
        b"Subject: hi\r\n"
        b"\r\n"
        b"X-Virus-Status: in the body, kept\r\n"
    )


def test_names_known_not_to_be_verdicts_are_not_reported() -> None:
    stripped, _ = strip_verdicts(MESSAGE)
    assert residual_verdict_headers([stripped]) == {}
    left = residual_verdict_headers([b"X-Newfilter-Spam-Verdict: yes\r\n\r\n"])
    assert left == {"x-newfilter-spam-verdict": 1}


def _placed(*fields: str) -> bytes:
    return ("".join(f + "\r\n" for f in fields) + "From: a@example.com\r\n\r\nbody\r\n").encode()


def test_junk_is_the_filters_scl_and_the_folder_a_second_reading() -> None:
    # the recipient's safe-senders list moved a message the filter scored SCL 9 to the Inbox
    allowed = junk_label(
        _placed(
            "X-MS-Exchange-Organization-SCL: 9",
            "X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;dest:I;OFR:TrustedSenderList;",
        )
    )
    assert (allowed.junk, allowed.folder_junk) == (1, 0)
    assert "OFR:TrustedSenderList" in allowed.evidence
    inbox = junk_label(
        _placed(
            "X-MS-Exchange-Organization-SCL: 1", "X-Microsoft-Antispam-Mailbox-Delivery: dest:I;"
        )
    )
    assert (inbox.junk, inbox.folder_junk) == (0, 0)
    junk = junk_label(_placed("X-Forefront-Antispam-Report: CIP:192.0.2.1;SCL:5;SFV:SPM;"))
    assert (junk.junk, junk.folder_junk) == (1, 1)
    custom = junk_label(_placed("X-Microsoft-Antispam-Mailbox-Delivery: dest:C;"))
    assert (custom.junk, custom.folder_junk) == (None, None)
    assert junk_label(_placed()).junk is None
