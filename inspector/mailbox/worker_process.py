"""The inside of one analysis worker process: analyse what the parent sends, send back results.

Why this shape: the analysis is CPU-bound Python, so one interpreter per core is what uses a
machine; within each process a small thread pool still overlaps the DNS and RDAP waits, as a
single process does. A worker keeps one ``Analyzer`` (one DNS cache) per job, and when the
job ends it sends back every DNS and RDAP answer it used, so the parent can write one
recording for the whole batch.

Protocol over the pipe (every message is a tuple whose first item is a ``WorkerOp``):
parent -> worker: ``(JOB, options, render, threads)``, ``(ANALYSE, seq, ref | (ref, bytes))``,
``(END,)``; worker -> parent: ``(DONE, seq, result)`` and, after ``END``, ``(EVIDENCE, dns
answers, rdap answers)``. A message is passed by reference (reread here) or as bytes, never
as a mailbox.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from enum import StrEnum
from typing import Any

from inspector.errors import InspectorError
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.net.lookup import DnsAnswer, RdapAnswer
from inspector.options import AnalysisOptions
from inspector.parse.sources import read_message
from inspector.pipeline import Analyzer

log = logging.getLogger(__name__)

WORKER_NICENESS = 5
Payload = SourceRef | tuple[SourceRef, bytes]
Render = Callable[[Report], Any]


class WorkerOp(StrEnum):
    JOB = "job"
    ANALYSE = "analyse"
    END = "end"
    DONE = "done"
    EVIDENCE = "evidence"


def keep_report(report: Report) -> Report:
    """The default rendering: the report itself (the GUI wants the whole object)."""
    return report


def payload_ref(payload: Payload) -> SourceRef:
    return payload if isinstance(payload, SourceRef) else payload[0]


def worker_main(conn: multiprocessing.connection.Connection, niceness: int = 0) -> None:
    """Entry point of a worker process: serve jobs until the pipe closes."""
    # Ctrl-C reaches the whole process group: the parent decides, and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if niceness and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(niceness)
    job: _Job | None = None
    try:
        while True:
            try:
                message: tuple[Any, ...] = conn.recv()
            except (EOFError, OSError):
                return
            op = message[0]
            if op == WorkerOp.JOB:
                if job is not None:
                    job.finish(send=False)
                job = _Job(conn, message[1], message[2], message[3])
            elif op == WorkerOp.ANALYSE and job is not None:
                job.submit(message[1], message[2])
            elif op == WorkerOp.END and job is not None:
                job.finish(send=True)
                job = None
    finally:
        if job is not None:
            job.finish(send=False)


class _Job:
    """One batch's analyser and thread pool inside a worker."""

    def __init__(
        self,
        conn: multiprocessing.connection.Connection,
        options: AnalysisOptions,
        render: Render,
        threads: int,
    ) -> None:
        self._conn = conn
        self._send_lock = threading.Lock()
        self._render = render
        # The parent writes the one recording of the batch from every worker's answers.
        self._analyzer = Analyzer(replace(options, save_dns=None))
        self._pool = ThreadPoolExecutor(max(1, threads), thread_name_prefix="analyse")
        self._pending: set[Future[None]] = set()

    def submit(self, seq: int, payload: Payload) -> None:
        future = self._pool.submit(self._analyse, seq, payload)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    def _analyse(self, seq: int, payload: Payload) -> None:
        result: Any
        ref = payload_ref(payload)
        try:
            raw = _read(payload)
            if isinstance(raw, ReadError):
                result = raw
            else:
                result = self._render(self._analyzer.analyze(raw, ref))
        except Exception as exc:  # noqa: BLE001 - one message's failure, reported as such
            log.exception("analysis of %s #%d failed", ref.path, ref.index)
            result = ReadError(ref.path, f"internal error: the analysis failed: {exc!r}", ref.index)
        self._send((WorkerOp.DONE, seq, result), ref)

    def _send(self, message: tuple[Any, ...], ref: SourceRef) -> None:
        with self._send_lock:
            try:
                self._conn.send(message)
            except (BrokenPipeError, EOFError, OSError):
                return  # the parent has gone: nothing to report to
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                error = ReadError(ref.path, f"internal error: result not sent: {exc!r}", ref.index)
                with contextlib.suppress(BrokenPipeError, EOFError, OSError):
                    self._conn.send((WorkerOp.DONE, message[1], error))

    def finish(self, *, send: bool) -> None:
        wait(list(self._pending))
        self._pool.shutdown(wait=True)
        dns, rdap = self.evidence()
        self._analyzer.close()
        if send:
            with self._send_lock, contextlib.suppress(BrokenPipeError, EOFError, OSError):
                self._conn.send((WorkerOp.EVIDENCE, dns, rdap))

    def evidence(self) -> tuple[tuple[DnsAnswer, ...], tuple[RdapAnswer, ...]]:
        rdap = self._analyzer.rdap
        used = getattr(rdap, "answers_used", None)
        rdap_answers: tuple[RdapAnswer, ...] = tuple(used()) if callable(used) else ()
        return self._analyzer.resolver.answers_used(), rdap_answers


def _read(payload: Payload) -> bytes | ReadError:
    if not isinstance(payload, SourceRef):
        return payload[1]

    try:
        return read_message(payload)
    except (InspectorError, OSError) as exc:
        return ReadError(payload.path, f"could not be read again: {exc}", payload.index)
