"""PDFs are real: rendered by Qt, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.report.html import render_message_report
from tests.support.reports import HOSTILE_SUBJECT, sample_report

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_contains_results_and_literal_markup(qapp: object, tmp_path: Path) -> None:
    from ui.pdf_writer import write_pdf

    out = tmp_path / "r.pdf"
    pages = write_pdf(render_message_report(sample_report(HOSTILE_SUBJECT)), str(out))
    text = _pdf_text(out)
    assert out.read_bytes().startswith(b"%PDF")
    assert "<script>alert('x')</script>" in text
    assert "%PDF-1.7 endobj" in text
    for needle in ("DMARC failed under p=reject", "203.0.113.7", "SOFTFAIL", "FAIL", "5.7.26"):
        assert needle in text, needle
    assert f"page 1 of {pages}" in text


def test_long_tables_repeat_header_rows(qapp: object, tmp_path: Path) -> None:
    from ui.pdf_writer import write_pdf

    rows = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(400))
    html = (
        f"<table><thead><tr><th>Number</th><th>Label</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    out = tmp_path / "t.pdf"
    pages = write_pdf(html, str(out))
    assert pages >= 3
    assert _pdf_text(out).count("Number") == pages
