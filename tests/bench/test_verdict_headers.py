"""bench/verdict_headers.py: every receiver's verdict goes, everything else stays byte for
byte, and what is left that merely looks like a verdict is reported."""

from __future__ import annotations

from bench.verdict_headers import residual_verdict_headers, strip_verdicts

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
