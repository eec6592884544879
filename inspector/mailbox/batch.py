"""Analysing a batch in a separate process, streaming results back as they are ready.

Why a process: analysis is CPU-bound Python, and in the same process it competes with the
GUI thread for the interpreter lock; a mailbox of thousands of messages then makes the
window stutter. In a child process the GUI keeps its interpreter to itself, a crash in a
hostile message cannot take the window down, and cancelling is immediate (the child is
ended, and its workers with it). The child is started ahead of time (``warm``), so opening a
mailbox does not wait for an interpreter to start; its worker processes (one per core by
default, ``inspector.mailbox.process_pool``) start with the first mailbox, while it is being
listed, and serve the next ones. With one worker the child analyses by itself, under the same
wall-clock limit per message (``inspector.mailbox.in_process``).

The protocol over the pipe: the parent sends ``(paths, options)``; the child first
lists every message (an ``IndexEntry``: date, sender, subject, read in a fraction of a
millisecond) or ``ReadError``, then ``LIST_COMPLETE``, then each message's ``ListedReport`` in
input order (rereading it by reference), then ``None``. The whole list is on screen in seconds; the
analysis fills it in.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.process import BaseProcess
from typing import Any

from inspector.errors import InspectorError
from inspector.mailbox.in_process import analyze_with_limit
from inspector.mailbox.listing import ListedReport, listed, pickled_listing
from inspector.mailbox.process_pool import ProcessPool, threads_for
from inspector.mailbox.time_limit import DEFAULT_MESSAGE_TIMEOUT
from inspector.model.message import ReadError, SourceRef
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.parse.index import IndexEntry, index_entry
from inspector.parse.sources import iter_messages, read_message
from inspector.pipeline import Analyzer

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05
#: Sent once every message is listed, before the first report.
LIST_COMPLETE = "list-complete"
CHILD_NICENESS = 5
Job = tuple[tuple[str, ...], AnalysisOptions]
#: Children still running: ended at exit (they are not daemons, since they have workers of
#: their own, so multiprocessing would otherwise wait for them forever).
_LIVE: set[BaseProcess] = set()


@atexit.register
def _end_children() -> None:
    for process in list(_LIVE):
        _stop_process(process)


def _stop_process(process: BaseProcess) -> None:
    _LIVE.discard(process)
    if process.is_alive():
        process.terminate()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(1)


def _end_on_terminate(_signum: int, _frame: object) -> None:
    sys.exit(0)  # unwinds, so the worker processes are ended too


def _child_main(conn: multiprocessing.connection.Connection, workers: int) -> None:
    """Entry point of the child: serve jobs until the pipe closes."""
    if hasattr(os, "nice"):
        # Background work: on a busy machine the window, not the analysis, gets the CPU.
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)
    signal.signal(signal.SIGTERM, _end_on_terminate)
    pool = ProcessPool(workers) if workers > 1 else None
    try:
        _serve(conn, pool)
    finally:
        if pool is not None:
            pool.close()


def _serve(conn: multiprocessing.connection.Connection, pool: ProcessPool | None) -> None:
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        paths, options = job
        if pool is not None:
            pool.start()  # the workers' start-up overlaps the listing
        try:
            refs: list[SourceRef] = []
            # DMARC/TLS reports among the paths belong to the DMARC view, not the list.
            for found in FeedbackSplitter().split(iter_messages(list(paths))):
                if isinstance(found, ReadError):
                    conn.send(found)
                else:
                    refs.append(found[0])
                    conn.send(index_entry(*found))
            conn.send(LIST_COMPLETE)
            if pool is not None:
                for item in pool.run(refs, options, render=pickled_listing):
                    # Passed on as the worker pickled it: the parent's recv() unpickles it.
                    if isinstance(item, bytes):
                        conn.send_bytes(item)
                    else:
                        conn.send(item)
            else:
                with Analyzer(options) as analyzer:
                    results = analyze_with_limit(
                        analyzer,
                        _reread(refs),
                        threads=threads_for(options),
                        message_timeout=DEFAULT_MESSAGE_TIMEOUT,
                    )
                    for item in results:
                        conn.send(item if isinstance(item, ReadError) else listed(item))
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - reported to the parent as a read error
            conn.send(ReadError(", ".join(paths), f"analysis stopped: {exc!r}"))
        conn.send(None)


def _reread(refs: list[SourceRef]) -> Iterator[tuple[SourceRef, bytes] | ReadError]:
    for ref in refs:
        try:
            yield ref, read_message(ref)
        except (InspectorError, OSError) as exc:
            yield ReadError(ref.path, f"could not be read again: {exc}", ref.index)


class BatchWorker:
    """One warm child process (with its workers) that analyses one batch at a time."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: multiprocessing.connection.Connection | None = None

    def warm(self) -> None:
        """Start the child now, so the next batch begins without waiting for it."""
        with self._lock:
            self._ensure()

    def _ensure(self) -> multiprocessing.connection.Connection:
        if self._process is None or not self._process.is_alive() or self._conn is None:
            parent, child = self._context.Pipe()
            process = self._context.Process(
                target=_child_main, args=(child, self.workers), name="analysis", daemon=False
            )
            process.start()
            _LIVE.add(process)
            child.close()
            self._process, self._conn = process, parent
        return self._conn

    def run(
        self,
        paths: Sequence[str],
        options: AnalysisOptions,
        *,
        cancel: Callable[[], bool],
    ) -> Iterator[IndexEntry | ReadError | ListedReport | str]:
        """The list, ``LIST_COMPLETE``, then reports in input order; cancelling ends the child
        (a new one is started later)."""
        with self._lock:
            conn = self._ensure()
            process = self._process
        conn.send((tuple(paths), options))
        while True:
            if cancel():
                self.stop()
                return
            try:
                ready = conn.poll(POLL_SECONDS)
                item: Any = conn.recv() if ready else ...
            except (EOFError, OSError):
                code = process.exitcode if process is not None else None
                yield ReadError(
                    ", ".join(paths), f"the analysis process stopped (exit code {code})"
                )
                self.stop()
                return
            if item is None:
                return
            if item is not ...:
                yield item

    def stop(self) -> None:
        with self._lock:
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            _stop_process(process)
