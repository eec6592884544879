"""GUI export: reports are folded into the document one by one and written atomically."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.report.options import ReportOptions
from tests.support.reports import sample_report


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_mailbox_pdf_has_the_cover_and_no_folder(qapp: object, tmp_path: Path) -> None:
    from ui.export_task import ExportChoice, export_reports

    out = tmp_path / "review.pdf"
    options = ReportOptions(client="Northwind", analyst="Ines", appendix=False)
    choice = ExportChoice(str(out), True, False, (), options)
    message = export_reports((sample_report(f"S{i}") for i in range(3)), choice)
    assert message == f"Exported 3 messages to {out}"
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Northwind" in text and "Ines" in text and "Executive summary" in text
    assert "/tmp/sample.eml" not in text


def test_json_lines_export_writes_one_object_per_message(tmp_path: Path) -> None:
    from ui.export_task import ExportChoice, export_reports

    out = tmp_path / "all.jsonl"
    export_reports(
        (sample_report(f"S{i}") for i in range(4)), ExportChoice(str(out), True, True, ())
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(line.startswith("{") for line in lines)
    assert "alice@client.example" not in out.read_text(encoding="utf-8")  # redacted
