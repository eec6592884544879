"""``main.py report``: analyse inputs and write one PDF, HTML or JSON file.

The file is written atomically (a temporary file beside it, then a rename), never over an
existing file unless asked to. One message gives a single-message report; several give the
mailbox report. PDF rendering is delegated to a Qt-based writer passed in by the caller,
because the core never imports Qt.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from inspector.mailbox.feedback_run import summarise_found
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.report.feedback_export import render_with_feedback
from inspector.report.html import render_message_report
from inspector.report.json import report_to_dict
from inspector.report.mailbox import render_mailbox_report
from inspector.report.redact import redact_reports
from inspector.report.text import format_error

PdfWriter = Callable[[str, str], None]
FORMATS = (".pdf", ".html", ".htm", ".json")


@dataclass(frozen=True)
class ReportRequest:
    paths: tuple[str, ...]
    output: str
    options: AnalysisOptions
    redact: bool = False
    redact_domains: tuple[str, ...] = ()
    force: bool = False
    workers: int = 8


def render(reports: list[Report], fmt: str, *, errors: list[str]) -> str:
    """The document text for ``fmt`` (.html or .json; PDFs are made from the HTML)."""
    if fmt == ".json":
        if len(reports) == 1 and not errors:
            return json.dumps(report_to_dict(reports[0]), ensure_ascii=False, indent=2)
        return json.dumps([report_to_dict(r) for r in reports], ensure_ascii=False, indent=2)
    if len(reports) == 1:
        return render_message_report(reports[0])
    return render_mailbox_report(reports, errors=errors)


def write_atomically(path: Path, writer: Callable[[str], None], *, force: bool) -> None:
    """Run ``writer(temp_path)`` and move the result into place; leaves nothing on failure."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is an ordinary file
        if not force and path.exists():
            raise FileExistsError(str(path))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_report(
    request: ReportRequest, *, pdf_writer: PdfWriter | None, out: TextIO, err: TextIO
) -> int:
    from inspector.parse.sources import iter_messages
    from inspector.pipeline import Analyzer

    target = Path(request.output)
    fmt = target.suffix.lower()
    if fmt not in FORMATS:
        err.write(f"error: unknown report format {fmt or '(none)'}; use .pdf, .html or .json\n")
        return 2
    if fmt == ".htm":
        fmt = ".html"
    if target.exists() and not request.force:
        err.write(f"error: {target} exists; use --force to overwrite it\n")
        return 2
    if not target.parent.is_dir() and str(target.parent):
        err.write(f"error: folder {target.parent} does not exist\n")
        return 2
    if fmt == ".pdf" and pdf_writer is None:
        err.write("error: PDF output needs the Qt layer; run it through main.py\n")
        return 2

    reports: list[Report] = []
    errors: list[str] = []
    splitter = FeedbackSplitter()
    with Analyzer(request.options) as analyzer:
        items = splitter.split(iter_messages(request.paths))
        for item in analyzer.analyze_many(items, workers=request.workers):
            if isinstance(item, ReadError):
                errors.append(format_error(item).removeprefix("error: "))
                err.write(format_error(item) + "\n")
            else:
                reports.append(item)
        feedback = summarise_found(splitter, analyzer.resolver, analyzer.options)
    for problem in feedback.errors if feedback else ():
        errors.append(f"{problem.source}: {problem.message}")
        err.write(f"error: {problem.source}: {problem.message}\n")
    if not reports and feedback is None:
        err.write("error: no message could be analysed; no report written\n")
        return 1
    if request.redact or request.redact_domains:
        reports = redact_reports(reports, request.redact_domains)
    document = render_with_feedback(reports, feedback, fmt, errors=errors, render=render)

    def write_text(tmp: str) -> None:
        Path(tmp).write_text(document, encoding="utf-8")

    def write_pdf(tmp: str) -> None:
        assert pdf_writer is not None
        pdf_writer(document, tmp)

    try:
        write_atomically(target, write_pdf if fmt == ".pdf" else write_text, force=request.force)
    except FileExistsError:
        err.write(f"error: {target} appeared while the report was made; not overwritten\n")
        return 2
    except OSError as exc:
        err.write(f"error: cannot write {target}: {exc.strerror or exc}\n")
        return 1
    reports_note = f", {len(feedback.reports)} DMARC reports" if feedback else ""
    out.write(
        f"wrote {target} ({len(reports)} message{'s' if len(reports) != 1 else ''}{reports_note})\n"
    )
    return 1 if errors else 0
