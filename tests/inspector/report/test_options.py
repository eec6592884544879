"""Report file formats are named by the file's suffix."""

from __future__ import annotations

from inspector.report.options import ReportFormat


def test_report_format_is_named_by_the_suffix() -> None:
    assert ReportFormat.of("a/b.PDF") is ReportFormat.PDF
    assert ReportFormat.of("r.htm") is ReportFormat.HTML
    assert ReportFormat.of("r.jsonl") is ReportFormat.JSONL and ReportFormat.JSONL.is_json
    assert not ReportFormat.HTML.is_json
    assert ReportFormat.of("r.txt") is None and ReportFormat.of("noext") is None
