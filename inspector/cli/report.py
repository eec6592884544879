"""``main.py report``: read the inputs, analyse them and write one report file.

The use case lives here, not in ``inspector.report``, so the report package only writes what
it is given and never calls back into the analysis. Messages are analysed in this process; one
still running after the default time limit is reported as its error, as ``analyze`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from inspector.mailbox.feedback_run import summarise_found
from inspector.mailbox.in_process import analyze_with_limit
from inspector.mailbox.time_limit import DEFAULT_MESSAGE_TIMEOUT
from inspector.model.feedback import FeedbackSummary
from inspector.model.message import ReadError
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer
from inspector.report.export import PdfWriter, write_document
from inspector.report.options import ReportFormat, ReportOptions
from inspector.report.redact import Redactor
from inspector.report.text import format_error
from inspector.report.visible_text import visible


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


def _usage_problem(target: Path, force: bool, pdf: bool) -> str | None:
    fmt = ReportFormat.of(target)
    if fmt is None:
        suffix = target.suffix.lower()
        return f"unknown report format {suffix or '(none)'}; use .pdf, .html, .json or .jsonl"
    if target.exists() and not force:
        return f"{target} exists; use --force to overwrite it"
    if not target.parent.is_dir() and str(target.parent):
        return f"folder {target.parent} does not exist"
    if fmt is ReportFormat.PDF and not pdf:
        return "PDF output needs the Qt layer; run it through main.py"
    return None


def write_report(
    request: ReportRequest, *, pdf_writer: PdfWriter | None, out: TextIO, err: TextIO
) -> int:
    target = Path(request.output)
    shown = visible(request.output)
    problem = _usage_problem(target, request.force, pdf_writer is not None)
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
                analyze_with_limit(
                    analyzer,
                    items,
                    threads=request.workers,
                    message_timeout=DEFAULT_MESSAGE_TIMEOUT,
                ),
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
