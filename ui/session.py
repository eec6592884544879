"""The GUI's analysis session: the mailbox being shown, a small cache of recent reports, and the
mailbox figures, all safe to use from worker threads.

Only light rows go to the list (a mailbox's analysis sends slimmed reports, enough for a row
and the figures); full reports are kept for the messages most recently opened and otherwise
recomputed on selection, which keeps memory flat for mailboxes of any size. Nothing is
analysed in this process: a mailbox goes to the analysis child (``BatchWorker``), and a message
opened, pasted or exported to a worker process of its own (``MessageWorker``, whose DNS cache
serves every selection), so the window never waits for the interpreter lock behind an
analysis, and a message that hangs or crashes costs its own error after the time limit.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

from inspector import __version__
from inspector.mailbox.batch import LIST_COMPLETE, BatchWorker
from inspector.mailbox.listing import ListedReport
from inspector.mailbox.message_worker import MessageWorker
from inspector.mailbox.process_pool import default_workers
from inspector.mailbox.stats import MailboxStats
from inspector.mailbox.worker_process import WORKER_NICENESS
from inspector.model.codes import SourceKind
from inspector.model.message import MessageSummary, ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.index import IndexEntry
from inspector.parse.message import parse_message
from inspector.parse.sources import message_from_paste, read_message
from inspector.report.visible_text import visible
from ui.bundle import MessageBundle
from ui.models.message_row import ListComplete, MessageRow

REPORT_CACHE = 48
Key = tuple[str, int]


def _key(ref: SourceRef) -> Key:
    return (ref.path, ref.index)


class AnalysisSession:
    def __init__(self, options: AnalysisOptions, *, workers: int = 0) -> None:
        self.options = options
        # Niced like the mailbox's analysis: the window's process keeps the first claim on
        # the CPU.
        self.message_worker = MessageWorker(options, niceness=WORKER_NICENESS)
        self._lock = threading.Lock()
        self._reports: OrderedDict[Key, Report] = OrderedDict()
        self._refs: dict[Key, SourceRef] = {}
        self._pasted: dict[str, bytes] = {}
        self._paste_count = 0
        self.stats = MailboxStats()
        self.errors: list[str] = []
        #: Message-ID -> the first message listed with it; later copies are not counted.
        self._first_by_id: dict[str, Key] = {}
        self.duplicates = 0
        # Mailboxes are analysed in a child process (inspector.mailbox.batch) and its worker
        # processes, one per core unless ``workers`` says otherwise, so the GUI thread keeps
        # the interpreter lock and the analysis has every core.
        self.workers = workers or default_workers()
        self.batch = BatchWorker(self.workers)
        self.batch.warm()

    def warm(self) -> None:
        """Load this process's MIME and charset code by parsing a tiny message, before the
        user waits for it. Run it off the GUI thread right after start-up. The message
        worker is not started here: beside the analysis child's own start it would delay the
        first rows; it starts once a mailbox is listed, or for the first message opened."""
        raw = (
            b"From: warm-up <a@warm-up.example>\r\nTo: b@warm-up.example\r\n"
            b"Subject: warm-up\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
            b"Message-ID: <w@warm-up.example>\r\nContent-Type: text/html\r\n\r\n"
            b"<p>Hi <a href='https://paypal.example/'>PayPal</a></p>\r\n"
        )
        parse_message(raw)

    def stats_snapshot(self) -> MailboxStats:
        """A copy the GUI thread can read while a load keeps adding to the live figures."""
        with self._lock:
            return copy.deepcopy(self.stats)

    def close(self) -> None:
        self.batch.stop()
        self.message_worker.close()

    # ------------------------------------------------------------------ loading (worker thread)

    def reset_mailbox(self) -> None:
        with self._lock:
            self.stats = MailboxStats()
            self.errors = []
            self._refs.clear()
            self._first_by_id.clear()
            self.duplicates = 0

    def load(
        self, paths: Sequence[str], cancel: Callable[[], bool]
    ) -> Iterator[MessageRow | ListComplete]:
        """Read and analyse ``paths`` in the analysis process, yielding one row per message
        or unreadable input."""
        results = self.batch.run(list(paths), self.options, cancel=cancel)
        for result in results:
            if isinstance(result, IndexEntry):
                yield MessageRow.from_index(result)
            elif isinstance(result, str):
                if result == LIST_COMPLETE:
                    self.message_worker.warm()  # the analysis child is up: no longer in its way
                    yield ListComplete()
            elif isinstance(result, ReadError):
                with self._lock:
                    self.stats.unreadable += 1
                    self.errors.append(visible(f"{result.path}: {result.message}"))
                yield MessageRow.from_error(result)
            elif isinstance(result, ListedReport):
                # Too slight to keep for the detail view, which analyses the message again.
                self._count(result.report)
                yield MessageRow.from_report(result.report)

    def _count(self, report: Report) -> None:
        """Add ``report`` to the figures unless it is a copy of a message already counted
        (same Message-ID: the same message saved twice, e.g. as .eml and in an mbox)."""
        mid = report.message.message_id
        key = _key(report.source)
        with self._lock:
            if mid:
                first = self._first_by_id.setdefault(mid, key)
                if first != key:
                    self.duplicates += 1
                    return
            self.stats.add(report)

    def _remember(self, report: Report) -> None:
        key = _key(report.source)
        with self._lock:
            self._refs[key] = report.source
            self._reports[key] = report
            self._reports.move_to_end(key)
            while len(self._reports) > REPORT_CACHE:
                self._reports.popitem(last=False)

    # ------------------------------------------------------------------ one message (worker thread)

    def add_paste(self, text: str) -> Report:
        ref, raw = message_from_paste(text)
        with self._lock:
            self._paste_count += 1
            ref = SourceRef(f"<pasted {self._paste_count}>", 0, SourceKind.PASTE)
            self._pasted[ref.path] = raw
        report = self._analyze(raw, ref)
        self._count(report)
        return report

    def raw(self, ref: SourceRef) -> bytes:
        with self._lock:
            pasted = self._pasted.get(ref.path)
        return pasted if pasted is not None else read_message(ref)

    def _cached(self, ref: SourceRef) -> Report | None:
        with self._lock:
            return self._reports.get(_key(ref))

    def _analyze(self, raw: bytes, ref: SourceRef) -> Report:
        """The report, or one that carries the message's error (kept out of the cache, so
        opening the message again tries again)."""
        result = self.message_worker.analyze(raw, ref)
        if isinstance(result, Report):
            self._remember(result)
            return result
        why = result.message if result is not None else "the analysis was cancelled"
        return Report(
            source=ref,
            message=MessageSummary(None, None, None, None, None),
            errors=(why,),
            analyzed_at=datetime.now(UTC),
            tool_version=__version__,
            offline=self.options.offline,
        )

    def report(self, ref: SourceRef) -> Report:
        return self._cached(ref) or self._analyze(self.raw(ref), ref)

    def bundle(
        self, ref: SourceRef, cancel: Callable[[], bool] | None = None
    ) -> MessageBundle | ReadError | None:
        """What the message view shows of ``ref``; its error when it cannot be analysed
        (too long, the analysis crashed); None when ``cancel`` says it is no longer wanted."""
        raw = self.raw(ref)
        report = self._cached(ref)
        if report is None:
            result = self.message_worker.analyze(raw, ref, cancel=cancel)
            if not isinstance(result, Report):
                return result
            report = result
            self._remember(report)
        return MessageBundle(report=report, parsed=parse_message(raw), raw=raw)

    def reports_for(
        self, refs: Sequence[SourceRef], cancel: Callable[[], bool]
    ) -> Iterator[Report]:
        """Reports for export, recomputed where not cached."""
        for ref in refs:
            if cancel():
                return
            yield self.report(ref)
