"""``main.py analyze``: every message under the paths, a summary or a JSON line each.

The CPU work runs on one worker process per core (``--workers``), each overlapping its own
DNS waits on threads and sharing one DNS cache; ``--workers 1``, or by default an input under
a megabyte, is analysed in this process, where a message past ``--message-timeout`` is reported
as its error and left behind (``inspector.mailbox.in_process``). Results come out in input
order. With ``--save-dns``
the one recording holds the answers every worker used. With ``--scheduler`` the files go to a
Dask cluster instead (``inspector.mailbox.distributed``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, TextIO

from inspector.case.store import is_case_file
from inspector.cli.case import reports_from_case
from inspector.cli.feedback import write_feedback
from inspector.cli.progress import ProgressBar, total_size
from inspector.mailbox.distributed import write_json_lines
from inspector.mailbox.feedback_run import summarise_found
from inspector.mailbox.in_process import analyze_with_limit
from inspector.mailbox.process_pool import ProcessPool, default_workers, threads_for
from inspector.mailbox.worker_process import CarriedReports
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.net.snapshot import save_snapshot
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer
from inspector.report.json import report_to_json
from inspector.report.text import format_error, format_report

#: Below this much input, starting worker interpreters costs more than they save.
SMALL_INPUT_BYTES = 1 << 20


def _default_workers(input_bytes: int | None) -> int:
    if input_bytes is not None and input_bytes < SMALL_INPUT_BYTES:
        return 1
    return default_workers()


def text_block(report: Report) -> str:
    """A message's summary as printed, with the blank line that separates messages."""
    return format_report(report) + "\n\n"


def json_line(report: Report) -> str:
    return report_to_json(report) + "\n"


def _counted(
    items: Iterable[tuple[SourceRef, bytes] | ReadError], progress: ProgressBar
) -> Iterator[tuple[SourceRef, bytes] | ReadError]:
    for item in items:
        progress.read(0 if isinstance(item, ReadError) else len(item[1]))
        yield item


def run_analyze(
    args: argparse.Namespace, options: AnalysisOptions, out: TextIO, err: TextIO
) -> int:
    render = json_line if args.json else text_block
    cases = [p for p in args.paths if p != "-" and is_case_file(p)]
    for case in cases:
        for report in reports_from_case(case, options):
            out.write(render(report))
    paths = [p for p in args.paths if p not in cases]
    if not paths:
        return 0
    if args.scheduler:
        return write_json_lines(paths, args.scheduler, options, out=out, err=err)
    failed = False
    splitter = FeedbackSplitter()
    size = total_size(paths)
    workers = args.workers or _default_workers(size)
    progress = ProgressBar(err, size)
    pool = ProcessPool(workers, message_timeout=args.message_timeout) if workers > 1 else None
    # With workers, the recording is written here from every process's answers.
    here = options if pool is None else replace(options, save_dns=None)
    with Analyzer(here) as analyzer:
        items = iter_messages(paths, stdin=sys.stdin.buffer if "-" in paths else None)
        # With workers, they take the report e-mails out: here they would wait on it.
        found = splitter.split(items, look_inside=pool is None)
        messages = _counted(found, progress)
        results: Iterable[Any]
        if pool is None:
            reports = analyze_with_limit(
                analyzer,
                messages,
                threads=threads_for(options),
                message_timeout=args.message_timeout,
            )
            results = (r if isinstance(r, ReadError) else render(r) for r in reports)
        else:
            results = pool.run(messages, here, render=render, take_out_reports=True)
        try:
            for result in results:
                progress.done()
                if isinstance(result, CarriedReports):
                    splitter.keep(result.ref.path, result.found)
                elif isinstance(result, ReadError):
                    failed = True
                    progress.close()
                    err.write(format_error(result) + "\n")
                else:
                    out.write(result)
                out.flush()
        finally:
            progress.close()
            if pool is not None:
                pool.close()
        feedback = summarise_found(splitter, analyzer.resolver, analyzer.options)
        if options.save_dns and pool is not None:
            _save_recording(options.save_dns, analyzer, pool)
    if feedback is not None:
        failed = write_feedback(feedback, as_json=args.json, out=out, err=err) or failed
    return 1 if failed else 0


def _save_recording(path: str, analyzer: Analyzer, pool: ProcessPool) -> None:
    """One recording: this process's answers (DMARC reports' lookups) and every worker's."""
    evidence = pool.evidence
    rdap = analyzer.rdap
    used = getattr(rdap, "answers_used", None)
    evidence.add(analyzer.resolver.answers_used(), used() if callable(used) else ())
    save_snapshot(path, evidence.dns.values(), rdap=evidence.rdap.values())
