"""PDFs are real: rendered by Qt, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.report.client import render_html
from tests.support.reports import HOSTILE_SUBJECT, sample_report

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_contains_results_and_literal_markup(qapp: object, tmp_path: Path) -> None:
    from ui.pdf_writer import write_pdf

    out = tmp_path / "r.pdf"
    pages = write_pdf(render_html([sample_report(HOSTILE_SUBJECT)]), str(out))
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


def test_headings_stay_with_their_content(qapp: object, tmp_path: Path) -> None:
    """Whatever the filler above it, a heading is printed on the page of the table it heads."""
    from ui.pdf_writer import write_pdf

    tall_row = "<br/>".join(["row of the table"] * 6)
    for lines in range(30, 46):
        filler = "".join(f"<p>Filler line {i}</p>" for i in range(lines))
        table = f"<table><tr><td>{tall_row}</td></tr></table>"
        out = tmp_path / f"h{lines}.pdf"
        write_pdf(f"{filler}<h2>Stranded heading</h2>{table}", str(out))
        pages = _pdf_text(out).split("\f")
        page = next(p for p in pages if "Stranded heading" in p)
        assert "row of the table" in page, lines


def test_words_are_not_broken_but_long_tokens_wrap(qapp: object, tmp_path: Path) -> None:
    from ui.pdf_writer import write_pdf

    host = "DESKTOP-7Q2K1M"
    url = "https://tracking.example/" + "/".join(f"segment{i}" for i in range(30))
    cells = "".join(f"<td>{host} {url}</td>" for _ in range(6))
    out = tmp_path / "w.pdf"
    write_pdf(f"<table border='1' width='100%'><tr>{cells}</tr></table>", str(out))
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("DESKTOP-7Q2K1M") == 6  # whole, in six narrow cells
    assert text.count("segment29") == 6  # the long URL wrapped inside its cell, not cut off


def test_breakable_leaves_tags_addresses_and_words_alone() -> None:
    from ui.pdf_writer import breakable

    html = '<a href="https://x.example/a-b">host.example.com/path-to</a> 192.0.2.25 TLS_AES'
    out = breakable(html)
    assert '<a href="https://x.example/a-b">' in out
    assert "host.\u200bexample.\u200bcom/\u200bpath-\u200bto" in out
    assert "192.0.2.25" in out and "TLS_AES" in out
