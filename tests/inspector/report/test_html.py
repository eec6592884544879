from __future__ import annotations

from inspector.report.html import render_message_report
from inspector.report.html_base import esc
from inspector.report.html_route import delay_timeline
from inspector.report.mailbox import render_mailbox_report
from tests.support.reports import HOSTILE_SUBJECT, sample_report


def test_message_text_is_escaped_everywhere() -> None:
    html = render_message_report(sample_report(HOSTILE_SUBJECT))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html


def test_control_characters_are_shown_not_obeyed() -> None:
    assert esc("a\x1b[31mred\x00") == "a\\x1b[31mred\\x00"


def test_report_has_every_section_and_result() -> None:
    html = render_message_report(sample_report())
    for needle in (
        "Verdict",
        "Authentication",
        "Route",
        "Sender intelligence",
        "Receivers' verdicts",
        "Bounce",
        "All findings",
        "Appendix A: headers",
        "Appendix B: DNS evidence",
        "203.0.113.7",
        "SOFTFAIL",
        "DMARC failed under p=reject",
        "_dmarc.sender.example",
        "5.7.26",
        "SCL",
    ):
        assert needle in html, needle


def test_self_contained_without_remote_resources() -> None:
    html = render_message_report(sample_report())
    for bad in ("http://", "https://", "<img", "<script", "<link", "@import", "url("):
        assert bad not in html.lower(), bad


def test_timeline_marks_clock_skew() -> None:
    out = delay_timeline(sample_report().hops)
    assert "#cf222e" in out and "\u2212" in out


def test_mailbox_report_has_dashboard_and_contents() -> None:
    reports = [sample_report(f"Subject {i}") for i in range(3)]
    html = render_mailbox_report(reports, errors=["bad.bin: not a message"])
    assert "Dashboard" in html and "Contents" in html
    assert html.count('href="#m') == 3
    assert "bad.bin: not a message" in html
    assert "sender.example" in html
