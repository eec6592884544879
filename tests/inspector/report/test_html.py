from __future__ import annotations

import dataclasses

from inspector.diagnosis import summarize_findings
from inspector.report.client import render_html
from inspector.report.html import score_line
from inspector.report.html_base import esc
from inspector.report.html_route import delay_timeline
from tests.support.reports import HOSTILE_SUBJECT, sample_report


def test_message_text_is_escaped_everywhere() -> None:
    html = render_html([sample_report(HOSTILE_SUBJECT)])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html


def test_control_characters_are_shown_not_obeyed() -> None:
    assert esc("a\x1b[31mred\x00") == "a\\x1b[31mred\\x00"


def test_report_has_every_section_and_result() -> None:
    html = render_html([sample_report()])
    for needle in (
        "Verdict",
        "Authentication",
        "Route",
        "Sender intelligence",
        "Receivers' verdicts",
        "Bounce",
        "Other findings",
        "Fix plan",
        "Appendix: evidence",
        "DNS evidence",
        "203.0.113.7",
        "SOFTFAIL",
        "DMARC failed under p=reject",
        "_dmarc.sender.example",
        "5.7.26",
        "SCL",
    ):
        assert needle in html, needle


def test_the_score_line_names_its_top_contributions() -> None:
    report = sample_report()
    html = render_html([report])
    assert f"What makes up the score of {report.summary.score:.1f}/10" in html
    assert "DMARC failed under p=reject" in html.split("What makes up the score", 1)[1]
    offline = summarize_findings(report.findings, offline=True)
    line = score_line(dataclasses.replace(report, summary=offline))
    assert "Not checked: SPF, DKIM, DMARC" in line


def test_self_contained_without_remote_resources() -> None:
    html = render_html([sample_report()])
    for bad in ("http://", "https://", "<img", "<script", "<link", "@import", "url("):
        assert bad not in html.lower(), bad


def test_timeline_marks_clock_skew() -> None:
    out = delay_timeline(sample_report().hops)
    assert "#cf222e" in out and "\u2212" in out


def test_mailbox_report_has_summary_fix_plan_and_every_message() -> None:
    reports = [sample_report(f"Subject {i}") for i in range(3)]
    html = render_html(reports)
    assert "Executive summary" in html and "Fix plan" in html
    assert html.count('href="#m') == 3 and html.count('<a name="m') == 3
    assert "sender.example" in html


def test_bounce_section_leads_with_reason_party_and_fix() -> None:
    html = render_html([sample_report()])
    assert html.index(">Bounce</h") < html.index(">Authentication</h")
    assert "<b>authfailure</b>" in html
    assert "Whose problem: sender" in html
    assert "Fix: publish SPF" in html
    assert "answering DATA" in html
