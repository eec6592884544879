"""Writing an export off the GUI thread: each report is folded into the document as it
arrives (redacted, rendered, spooled) and the file is written atomically; nothing holds the
whole mailbox's reports at once.

The controller gathers the reports (re-analysing from the DNS cache where needed) and runs
``export_reports`` through its task runner; this module knows no widget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from inspector.model.report import Report
from inspector.report.export import write_document
from inspector.report.options import ReportOptions
from inspector.report.redact import Redactor
from ui.pdf_writer import write_pdf_parts


@dataclass(frozen=True)
class ExportChoice:
    """What the export dialog asked for."""

    path: str
    mailbox: bool
    redact: bool
    redact_domains: tuple[str, ...]
    report: ReportOptions = field(default_factory=ReportOptions)


class ExportCancelled(Exception):
    """The user cancelled while the reports were gathered: nothing is written."""


def _pdf(parts: Callable[[], Iterable[str]], path: str, title: str) -> None:
    write_pdf_parts(parts, path, title=title)


def export_reports(
    reports: Iterable[Report],
    choice: ExportChoice,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> str:
    """Write ``reports`` as ``choice`` says; the sentence for the status bar."""

    def watched() -> Iterator[Report]:
        for report in reports:
            if cancelled():
                raise ExportCancelled
            yield report
        if cancelled():
            raise ExportCancelled

    redactor = Redactor(choice.redact_domains) if choice.redact else None
    target = Path(choice.path)
    try:
        count = write_document(
            watched(), target, report=choice.report, redactor=redactor, pdf_writer=_pdf, force=True
        )
    except ExportCancelled:
        return "Export cancelled"
    if not count:
        return "Nothing exported: no message to report on"
    return f"Exported {count} message{'s' if count != 1 else ''} to {target}"
