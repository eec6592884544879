"""``--self-test``: proves a build (frozen or not) is complete, with no network and no display.

It imports every module the app loads dynamically, analyses the bundled samples from their
recorded DNS answers, renders the mailbox report to a PDF in a temporary folder and checks
it. Any missing module or data file fails loudly with a non-zero exit status.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

REQUIRED_MODULES = (
    "dns.rdtypes.IN.A",
    "dns.rdtypes.IN.AAAA",
    "dns.rdtypes.ANY.TXT",
    "dns.rdtypes.ANY.MX",
    "dns.rdtypes.ANY.PTR",
    "dns.rdtypes.ANY.NS",
    "dns.rdtypes.ANY.CNAME",
    "dkim",
    "nacl.signing",
    "spf",
    "publicsuffixlist",
    "PySide6.QtWidgets",
    "PySide6.QtGui",
)


def _check(ok: bool, what: str, failures: list[str]) -> None:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}")
    if not ok:
        failures.append(what)


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    failures: list[str] = []
    print("Deliverability Inspector self-test")
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
            _check(True, f"import {name}", failures)
        except Exception as exc:
            _check(False, f"import {name}: {exc!r}", failures)

    from inspector import __version__
    from inspector.mailbox.in_process import analyze_with_limit
    from inspector.model.codes import AuthStatus
    from inspector.model.message import ReadError
    from inspector.model.report import Report
    from inspector.options import AnalysisOptions
    from inspector.parse.feedback_files import FeedbackSplitter
    from inspector.parse.sources import iter_messages
    from inspector.pipeline import Analyzer
    from inspector.report.client import render_html
    from inspector.rules.registry import all_specs
    from ui.pdf_writer import write_pdf
    from ui.resources import samples_dir, samples_snapshot

    print(f"  version {__version__}, {len(all_specs())} finding kinds")
    _check(len(all_specs()) >= 60, "rule catalogue loaded", failures)
    snapshot = samples_snapshot()
    _check(snapshot.is_file(), f"DNS snapshot of the samples at {snapshot}", failures)
    options = AnalysisOptions(
        replay_dns=str(snapshot) if snapshot.is_file() else None,
        offline=not snapshot.is_file(),
    )
    reports: list[Report] = []
    splitter = FeedbackSplitter()
    with Analyzer(options) as analyzer:
        items = splitter.split(iter_messages([str(samples_dir())]))
        for item in analyze_with_limit(analyzer, items, threads=8, message_timeout=None):
            if isinstance(item, ReadError):
                _check(False, f"read {item.path}: {item.message}", failures)
            else:
                reports.append(item)
                if item.errors:
                    _check(False, f"analyse {item.source.path}: {item.errors}", failures)
    _check(len(reports) >= 5, f"analysed {len(reports)} bundled samples", failures)
    _check(bool(splitter.dmarc), "the bundled DMARC aggregate report is read", failures)
    _check(
        any(d.result is AuthStatus.PASS for r in reports for d in r.auth.dkim),
        "a DKIM signature verifies from the recorded DNS answers",
        failures,
    )
    # The GUI opens mailboxes in a child analysis process: in a frozen build that child is
    # the executable itself started again, which needs freeze_support in main.py.
    from inspector.mailbox.batch import LIST_COMPLETE, BatchWorker
    from inspector.mailbox.listing import ListedReport

    worker = BatchWorker()
    streamed: list[object] = []
    try:
        streamed = list(
            worker.run(
                [str(samples_dir() / "samples.mbox")],
                AnalysisOptions(offline=True),
                cancel=lambda: False,
            )
        )
    except Exception as exc:  # noqa: BLE001
        streamed = [exc]
    finally:
        worker.stop()
    child_reports = [r for r in streamed if isinstance(r, ListedReport)]
    _check(
        LIST_COMPLETE in streamed and len(child_reports) == 3,
        f"analysis process: {len(child_reports)} reports from samples.mbox",
        failures,
    )
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "self-test.pdf"
        try:
            pages = write_pdf(render_html(reports), str(pdf))
            data = pdf.read_bytes()
            _check(
                data.startswith(b"%PDF") and b"%%EOF" in data[-1024:] and pages >= 1,
                f"PDF report rendered ({pages} pages, {len(data)} bytes)",
                failures,
            )
        except Exception as exc:
            _check(False, f"PDF report: {exc!r}", failures)
    took = time.monotonic() - started
    if failures:
        print(f"self-test FAILED ({len(failures)} problems) in {took:.1f} s", file=sys.stderr)
        return 1
    print(f"self-test passed in {took:.1f} s")
    return 0
