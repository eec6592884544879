"""The client report document: parts, cover, what is printed once, appendix on demand, and
memory held for only the worst messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from inspector.model.codes import Risk, SourceKind
from inspector.model.message import SourceRef
from inspector.model.report import Report, Summary
from inspector.report.client import ClientReport, render_html
from inspector.report.options import ReportOptions
from inspector.report.redact import Redactor
from tests.support.reports import sample_report

COVER = ReportOptions(
    consultant="Harbour Consulting",
    client="Northwind <Coffee>",
    analyst="Ines",
    date=date(2026, 12, 1),
    scope="November campaigns",
    notes="First paragraph.\n\nSecond <b>paragraph</b>.",
)


def _mailbox(n: int, options: ReportOptions = COVER) -> list[str]:
    client = ClientReport(options)
    try:
        for i in range(n):
            client.add(sample_report(f"Subject {i}"))
        return list(client.parts())
    finally:
        client.close()


def test_cover_has_every_field_escaped() -> None:
    cover = _mailbox(2)[0]
    for text in ("Harbour Consulting", "Northwind &lt;Coffee&gt;", "Ines", "01 December 2026"):
        assert text in cover
    assert "November campaigns" in cover


def test_body_has_summary_notes_charts_and_fix_plan_without_ids() -> None:
    body = _mailbox(2)[1]
    for text in ("Executive summary", "Analyst notes", "Figure 1", "Fix plan", "First paragraph"):
        assert text in body
    assert "Second &lt;b&gt;paragraph&lt;/b&gt;." in body
    assert "dmarc.fail_reject" not in body


def test_appendix_can_be_left_out() -> None:
    with_appendix = _mailbox(3)
    without = _mailbox(3, replace(COVER, appendix=False))
    assert len(without) == 2 and len(with_appendix) > 2
    assert "Finding reference" in with_appendix[-1] and "dmarc.fail_reject" in with_appendix[-1]


def test_pdf_appendix_holds_only_the_worst_in_full_and_lists_all() -> None:
    client = ClientReport(replace(COVER, in_full=2))
    try:
        for i in range(6):
            report = sample_report(f"Subject {i}")
            risk = Risk.CRITICAL if i in (2, 4) else Risk.LOW
            client.add(replace(report, summary=Summary(risk, "v", report.summary.top_reasons)))
        assert len(client._worst) == 2
        parts = list(client.parts())
    finally:
        client.close()
    in_full = [p for p in parts if "Verdict" in p]
    assert len(in_full) == 2
    assert "3. Subject 2" in in_full[0] and "5. Subject 4" in in_full[1]
    listing = next(p for p in parts if "every message" in p)
    assert all(f"Subject {i}" in listing for i in range(6))


def test_top_reasons_are_not_printed_twice() -> None:
    html = render_html([sample_report()], COVER)
    assert html.count("Neither SPF nor DKIM passed for a domain aligned with From.") == 1
    assert html.count("Sign with DKIM for sender.example.") == 1


def test_source_is_named_by_file_name_only() -> None:
    report = replace(
        sample_report(), source=SourceRef("/home/ana/clients/acme/box.mbox", 4, SourceKind.MBOX)
    )
    html = render_html([report, report])
    assert "box.mbox, message 5" in html
    assert "/home/ana" not in html and "clients/acme" not in html


def test_redaction_applies_to_messages_seen_before_the_recipient_was_learned() -> None:
    first = sample_report("Hello", to="first@client.example")
    # the second message's recipient is mentioned in the first message's subject
    second = sample_report("Bye", to="second@client.example")
    first = replace(first, message=replace(first.message, subject="cc second@client.example"))
    html = render_html([first, second], redactor=Redactor())
    assert "second@client.example" not in html and "first@client.example" not in html


def test_one_message_report_is_shaped_around_it() -> None:
    one: Report = sample_report()
    html = render_html([one], COVER)
    assert "Fix plan" in html and "Appendix: evidence" in html and "DNS evidence" in html
    assert "Executive summary" not in html
