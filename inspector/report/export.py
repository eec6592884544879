"""``main.py report``: analyse inputs and write one PDF, HTML, JSON or JSON Lines file.

The file is written atomically (see ``inspector.report.atomic_file``), never over an
existing file unless asked to. One message gives a single-message report; several give the
mailbox report. PDF rendering is delegated to a Qt-based writer passed in by the caller,
because the core never imports Qt.

Memory does not grow with the mailbox: each report is folded into the client report's
counters and spools (inspector.report.client) or written out as one JSON line as soon as it
is analysed, and dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from inspector.mailbox.feedback_run import summarise_found
from inspector.model.feedback import FeedbackSummary
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.report.atomic_file import write_atomically
from inspector.report.client import ClientReport, document_title
from inspector.report.feedback_html import feedback_body
from inspector.report.feedback_json import feedback_to_dict
from inspector.report.html import document_head, document_tail
from inspector.report.json import report_to_json
from inspector.report.options import ReportOptions
from inspector.report.redact import Redactor
from inspector.report.spool import Spool
from inspector.report.text import format_error
from inspector.report.visible_text import visible

#: Writes the parts (HTML body fragments, each from a new page) to a PDF file: the factory is
#: called once per pass, the path, the document title.
PdfWriter = Callable[[Callable[[], Iterable[str]], str, str], object]
FORMATS = (".pdf", ".html", ".htm", ".json", ".jsonl")


@dataclass(frozen=True)
class ReportRequest:
    paths: tuple[str, ...]
    output: str
    options: AnalysisOptions
    redact: bool = False
    redact_domains: tuple[str, ...] = ()
    force: bool = False
    workers: int = 8
    report: ReportOptions = field(default_factory=ReportOptions)


def write_html(path: str, title: str, parts: Iterable[str]) -> None:
    """One HTML file, part by part; every part after the cover starts a new printed page."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(document_head(title))
        for n, part in enumerate(parts):
            out.write(f'<div class="part">{part}</div>' if n else part)
        out.write(document_tail())


class JsonSink:
    """Reports as JSON, one line each on a spool, then one file: a lone message is one object
    (as ``analyze --json`` prints it), several an array, ``.jsonl`` one object per line."""

    def __init__(self, *, lines: bool, redactor: Redactor | None) -> None:
        self._lines = lines
        self._redactor = redactor
        self._spool = Spool()

    def add(self, report: Report) -> None:
        if self._redactor is not None:
            self._redactor.learn(report)
            report = self._redactor.report(report)
        self._spool.add(report_to_json(report))

    def write(self, path: str, *, lone: bool, feedback: object = None, count: int = 0) -> None:
        """``feedback`` (DMARC/TLS reports as JSON data) makes the file one object:
        ``{"messages": [...], "feedback": {...}}``, or the feedback alone without messages."""

        def text(line: str) -> str:
            return self._redactor.text(line) if self._redactor is not None else line

        with open(path, "w", encoding="utf-8") as out:
            if feedback is not None:
                head = json.dumps(feedback, ensure_ascii=False, indent=2)
                if not count:
                    out.write(head)
                    return
                out.write('{"feedback": ' + head + ',\n"messages": [\n')
                for n, line in enumerate(self._spool):
                    out.write(("," if n else "") + text(line) + "\n")
                out.write("]}\n")
                return
            if lone and not self._lines:
                for line in self._spool:
                    out.write(json.dumps(json.loads(text(line)), ensure_ascii=False, indent=2))
                return
            if not self._lines:
                out.write("[\n")
            for n, line in enumerate(self._spool):
                out.write(("," if n and not self._lines else "") + text(line) + "\n")
            if not self._lines:
                out.write("]\n")

    def close(self) -> None:
        self._spool.close()


def _usage_problem(target: Path, fmt: str, force: bool, pdf: bool) -> str | None:
    if fmt not in FORMATS:
        return f"unknown report format {fmt or '(none)'}; use .pdf, .html, .json or .jsonl"
    if target.exists() and not force:
        return f"{target} exists; use --force to overwrite it"
    if not target.parent.is_dir() and str(target.parent):
        return f"folder {target.parent} does not exist"
    if fmt == ".pdf" and not pdf:
        return "PDF output needs the Qt layer; run it through main.py"
    return None


def report_format(target: Path) -> str:
    fmt = target.suffix.lower()
    return ".html" if fmt == ".htm" else fmt


def write_document(
    items: Iterable[Report | ReadError],
    target: Path,
    *,
    report: ReportOptions,
    redactor: Redactor | None,
    pdf_writer: PdfWriter | None,
    force: bool,
    on_error: Callable[[ReadError], None] = lambda _e: None,
    feedback: Callable[[], FeedbackSummary | None] = lambda: None,
) -> int:
    """Fold every analysed report into the document as it arrives and write the file
    atomically; returns the number of messages (nothing is written when there are neither
    messages nor DMARC/TLS reports). ``feedback`` is asked once every message is done: the
    DMARC/TLS reports met among the inputs go after the messages (HTML, PDF) or beside
    them (JSON). Raises OSError, or FileExistsError when the target appeared meanwhile and
    ``force`` is off."""
    fmt = report_format(target)
    json_sink = (
        JsonSink(lines=fmt == ".jsonl", redactor=redactor) if fmt.startswith(".json") else None
    )
    client = ClientReport(report, every_message_in_full=fmt == ".html", redactor=redactor)
    failed = False
    count = 0
    try:
        for item in items:
            if isinstance(item, ReadError):
                failed = True
                on_error(item)
                client.add_error(Path(item.path).name or item.path, item.message)
            else:
                count += 1
                (json_sink or client).add(item)
        summary = feedback()
        if not count and summary is None:
            return 0
        title = document_title(report)
        extra = [feedback_body(summary)] if summary is not None else []

        def parts() -> Iterator[str]:
            if count:
                yield from client.parts()
            yield from extra

        def write(tmp: str) -> None:
            if json_sink is not None:
                data = feedback_to_dict(summary) if summary is not None else None
                json_sink.write(tmp, lone=count == 1 and not failed, feedback=data, count=count)
            elif fmt == ".pdf":
                assert pdf_writer is not None
                pdf_writer(parts, tmp, title)
            else:
                write_html(tmp, title, parts())

        write_atomically(target, write, force=force)
    finally:
        client.close()
        if json_sink is not None:
            json_sink.close()
    return count


def write_report(
    request: ReportRequest, *, pdf_writer: PdfWriter | None, out: TextIO, err: TextIO
) -> int:
    from inspector.parse.sources import iter_messages
    from inspector.pipeline import Analyzer

    target = Path(request.output)
    shown = visible(request.output)
    problem = _usage_problem(target, report_format(target), request.force, pdf_writer is not None)
    if problem:
        err.write(f"error: {visible(problem)}\n")
        return 2
    redactor = (
        Redactor(request.redact_domains) if request.redact or request.redact_domains else None
    )
    failed = False

    def on_error(item: ReadError) -> None:
        nonlocal failed
        failed = True
        err.write(format_error(item) + "\n")

    splitter = FeedbackSplitter()
    feedback: list[FeedbackSummary | None] = []

    def feedback_found() -> FeedbackSummary | None:
        """The DMARC/TLS reports met among the inputs, summarised once the messages are done."""
        if not feedback:
            feedback.append(summarise_found(splitter, analyzer.resolver, analyzer.options))
            for problem in feedback[0].errors if feedback[0] else ():
                nonlocal failed
                failed = True
                err.write(f"error: {problem.source}: {problem.message}\n")
        return feedback[0]

    try:
        with Analyzer(request.options) as analyzer:
            items = splitter.split(iter_messages(request.paths))
            count = write_document(
                analyzer.analyze_many(items, workers=request.workers),
                target,
                report=request.report,
                redactor=redactor,
                pdf_writer=pdf_writer,
                force=request.force,
                on_error=on_error,
                feedback=feedback_found,
            )
    except FileExistsError:
        err.write(f"error: {shown} appeared while the report was made; not overwritten\n")
        return 2
    except OSError as exc:
        err.write(f"error: cannot write {shown}: {exc.strerror or exc}\n")
        return 1
    summary = feedback[0] if feedback else None
    if not count and summary is None:
        err.write("error: no message could be analysed; no report written\n")
        return 1
    note = f", {len(summary.reports)} DMARC reports" if summary else ""
    out.write(f"wrote {shown} ({count} message{'s' if count != 1 else ''}{note})\n")
    return 1 if failed else 0
