"""Writing a report file: JSON shapes, HTML streamed part by part, unreadable inputs named by
file name only."""

from __future__ import annotations

import json
from pathlib import Path

from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.report.export import write_document
from inspector.report.options import ReportOptions
from tests.support.reports import sample_report


def _write(items: list[Report | ReadError], target: Path) -> int:
    return write_document(
        items, target, report=ReportOptions(), redactor=None, pdf_writer=None, force=False
    )


def test_json_is_one_object_for_one_message_and_a_list_otherwise(tmp_path: Path) -> None:
    assert _write([sample_report()], tmp_path / "one.json") == 1
    assert isinstance(json.loads((tmp_path / "one.json").read_text()), dict)
    bad = ReadError("/home/ana/box/bad.bin", "not a message")
    assert _write([sample_report(), bad], tmp_path / "two.json") == 1
    assert isinstance(json.loads((tmp_path / "two.json").read_text()), list)
    _write([sample_report("a"), sample_report("b")], tmp_path / "all.jsonl")
    lines = (tmp_path / "all.jsonl").read_text().splitlines()
    assert [json.loads(line)["message"]["subject"] for line in lines] == ["a", "b"]


def test_html_names_unreadable_inputs_by_file_name(tmp_path: Path) -> None:
    bad = ReadError("/home/ana/clients/acme/bad.bin", "not a message")
    _write([sample_report("a"), bad, sample_report("b")], tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text()
    assert "bad.bin: not a message" in html and "/home/ana" not in html
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</body></html>")
    assert html.count('<div class="part">') >= 3


def test_nothing_is_written_without_a_message(tmp_path: Path) -> None:
    assert _write([ReadError("x", "unreadable")], tmp_path / "none.html") == 0
    assert list(tmp_path.iterdir()) == []
