"""Escaping: a subject made of markup and script is shown as those characters, literally, in
the HTML export, the PDF (read back with pdftotext) and the GUI's message list."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from inspector.report.client import render_html
from tests.robustness.support import analyze, internal_errors

SUBJECT = '<script>alert("pwn")</script><b>bold</b> & <img src=x onerror=alert(1)> </td>'


def _message(subject_field: bytes) -> bytes:
    return (
        b"From: Mallory <m@evil.test>\r\nTo: you@receiver.test\r\n"
        b"Subject: " + subject_field + b"\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n"
        b"Message-ID: <esc@evil.test>\r\n\r\nhello\r\n"
    )


RAW_SUBJECT = _message(SUBJECT.encode())
ENCODED_SUBJECT = _message(b"=?utf-8?B?" + base64.b64encode(SUBJECT.encode()) + b"?=")


@pytest.mark.parametrize("raw", [RAW_SUBJECT, ENCODED_SUBJECT], ids=["plain", "encoded-word"])
def test_html_export_shows_markup_literally(raw: bytes) -> None:
    report, _ = analyze(raw)
    assert internal_errors(report) == []
    assert report.message.subject == SUBJECT
    for html in (render_html([report]), render_html([report, report])):
        assert "<script>" not in html
        assert "<img src=x" not in html
        assert "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_pdf_shows_markup_literally(tmp_path: Path, qapp: Any) -> None:
    from ui.pdf_writer import write_pdf

    report, _ = analyze(RAW_SUBJECT)
    pdf = tmp_path / "report.pdf"
    write_pdf(render_html([report]), str(pdf))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert '<script>alert("pwn")</script><b>bold</b>' in flat, flat[:500]
    assert "onerror=alert(1)>" in flat


def test_gui_list_and_overview_show_markup_literally(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from ui.models.message_cells import Column
    from ui.models.message_row import MessageRow
    from ui.models.message_table import MessageTableModel
    from ui.views.detail import MessageBundle, MessageView

    report, _ = analyze(RAW_SUBJECT)
    model = MessageTableModel()
    model.append_rows([MessageRow.from_report(report)])
    shown = model.data(model.index(0, int(Column.SUBJECT)), Qt.ItemDataRole.DisplayRole)
    assert shown == SUBJECT
    view = MessageView()
    qtbot.addWidget(view)
    view.set_bundle(MessageBundle(report=report, parsed=None, raw=RAW_SUBJECT))
    assert "<script>alert(" in view.overview.toPlainText()
