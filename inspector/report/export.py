"""One report file (PDF, HTML, JSON or JSON Lines) from the analysed messages it is given.

The file is written atomically (see ``inspector.atomic_file``), never over an
existing file unless asked to. One message gives a single-message report; several give the
mailbox report. PDF rendering is delegated to a Qt-based writer passed in by the caller,
because the core never imports Qt. Reading and analysing the inputs is the caller's use
case (``inspector.cli.report``); this module only writes.

Memory does not grow with the mailbox: each report is folded into the client report's
counters and spools (inspector.report.client) or written out as one JSON line as soon as it
is analysed, and dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from inspector.atomic_file import write_atomically
from inspector.model.feedback import FeedbackSummary
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.report.client import ClientReport, document_title
from inspector.report.feedback_html import feedback_body
from inspector.report.feedback_json import feedback_to_dict
from inspector.report.html import document_head, document_tail
from inspector.report.json import report_to_json
from inspector.report.options import ReportFormat, ReportOptions
from inspector.report.redact import Redactor
from inspector.report.spool import Spool

#: Writes the parts (HTML body fragments, each from a new page) to a PDF file: the factory is
#: called once per pass, the path, the document title.
PdfWriter = Callable[[Callable[[], Iterable[str]], str, str], object]


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
    fmt = ReportFormat.of(target) or ReportFormat.HTML  # callers check the name first
    json_sink = (
        JsonSink(lines=fmt is ReportFormat.JSONL, redactor=redactor) if fmt.is_json else None
    )
    client = ClientReport(report, every_message_in_full=fmt is ReportFormat.HTML, redactor=redactor)
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
            elif fmt is ReportFormat.PDF:
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
