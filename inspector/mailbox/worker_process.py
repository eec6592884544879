"""The inside of one analysis worker process: analyse what the parent sends, send back results.

Why this shape: the analysis is CPU-bound Python, so one interpreter per core is what uses a
machine; within each process a small thread pool still overlaps the DNS and RDAP waits, as a
single process does. A worker keeps one ``Analyzer`` per job; when the job asks the network,
its resolver and RDAP client ask the parent, which holds the one cache of each that every
worker shares (``dns_relay``, ``rdap_relay``).
When the job ends the worker sends back every DNS and RDAP answer it used, so the parent can
write one recording for the whole batch. A message that carries DMARC or TLS reports can be
taken out here (``CarriedReports``) rather than in the parent, which would otherwise parse
every candidate in full while the workers wait.

Protocol over the pipe (every message is a tuple whose first item is a ``WorkerOp``):
parent -> worker: ``(JOB, JobSpec)``, ``(ANALYSE, seq, ref | (ref, bytes))``, ``(ANSWER, id,
outcome)``, ``(RDAP_ANSWER, id, answer)``, ``(END,)``; worker -> parent: ``(READY,)`` once a
job is set up, ``(DONE, seq, result)``, ``(ASK, id, name, rdtype, lifetime)``, ``(ASK_RDAP, id,
kind, query)`` and, after ``END``, ``(EVIDENCE, dns answers, rdap answers)``. A message is
passed by reference (reread here) or as bytes, never as a mailbox.
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
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from inspector.errors import InspectorError
from inspector.mailbox.relay_client import RdapRelayClient, RelayClient
from inspector.model.codes import RdapKind, SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.net.dns_cache import Outcome
from inspector.net.lookup import DnsAnswer, RdapAnswer
from inspector.net.rdap import RdapClient
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import Feedback, feedback_from_message, might_carry_reports
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
    READY = "ready"
    ASK = "ask"
    ANSWER = "answer"
    ASK_RDAP = "ask-rdap"
    RDAP_ANSWER = "rdap-answer"


@dataclass(frozen=True)
class JobSpec:
    """How a batch's messages are analysed and sent back."""

    options: AnalysisOptions
    render: Render
    threads: int
    #: Ask the parent's one DNS cache (``dns_relay``) instead of the network.
    shared_dns: bool = False
    #: Ask the parent's one RDAP cache (``rdap_relay``) instead of the network.
    shared_rdap: bool = False
    #: Return ``CarriedReports`` for a message that carries DMARC/TLS reports, unanalysed.
    take_out_reports: bool = False


@dataclass(frozen=True)
class CarriedReports:
    """A report e-mail: the reports it carries belong to the aggregate view, not the list."""

    ref: SourceRef
    found: tuple[Feedback, ...]


def keep_report(report: Report) -> Report:
    """The default rendering: the report itself (the GUI wants the whole object)."""
    return report


def payload_ref(payload: Payload) -> SourceRef:
    return payload if isinstance(payload, SourceRef) else payload[0]


def worker_main(conn: multiprocessing.connection.Connection, niceness: int = 0) -> None:
    """Entry point of a worker process: serve jobs until the pipe closes."""
    # Ctrl-C reaches the whole process group: the parent decides, and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits its parent's handlers; ending it must end it at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if niceness and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(niceness)
    _warm_up()
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
                job = _Job(conn, message[1])
                job.send((WorkerOp.READY,))
            elif op == WorkerOp.ANALYSE and job is not None:
                job.submit(message[1], message[2])
            elif op == WorkerOp.ANSWER and job is not None:
                job.answered(message[1], message[2])
            elif op == WorkerOp.RDAP_ANSWER and job is not None:
                job.rdap_answered(message[1], message[2])
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
        spec: JobSpec,
    ) -> None:
        self._conn = conn
        self._send_lock = threading.Lock()
        self._render = spec.render
        self._take_out_reports = spec.take_out_reports
        self._relay = RelayClient(self._ask) if spec.shared_dns else None
        # The parent writes the one recording of the batch from every worker's answers.
        here = replace(spec.options, save_dns=None)
        self._rdap_relay: RdapRelayClient | None = None
        rdap: RdapClient | None = None
        if spec.shared_rdap:
            self._rdap_relay = RdapRelayClient(self._ask_rdap, here.rdap_timeout)
            rdap = RdapClient(here, upstream=self._rdap_relay)
        resolver = Resolver(here, upstream=self._relay)
        self._analyzer = Analyzer(here, resolver=resolver, rdap=rdap)
        self._pool = ThreadPoolExecutor(max(1, spec.threads), thread_name_prefix="analyse")
        self._pending: set[Future[None]] = set()

    def submit(self, seq: int, payload: Payload) -> None:
        future = self._pool.submit(self._analyse, seq, payload)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    def send(self, message: tuple[Any, ...]) -> bool:
        with self._send_lock:
            try:
                self._conn.send(message)
            except (BrokenPipeError, EOFError, OSError):
                return False
        return True

    def _ask(self, ident: int, name: str, rdtype: str, lifetime: float) -> bool:
        return self.send((WorkerOp.ASK, ident, name, rdtype, lifetime))

    def answered(self, ident: int, outcome: Outcome) -> None:
        if self._relay is not None:
            self._relay.answered(ident, outcome)

    def _ask_rdap(self, ident: int, kind: RdapKind, query: str) -> bool:
        return self.send((WorkerOp.ASK_RDAP, ident, kind, query))

    def rdap_answered(self, ident: int, answer: RdapAnswer) -> None:
        if self._rdap_relay is not None:
            self._rdap_relay.answered(ident, answer)

    def _analyse(self, seq: int, payload: Payload) -> None:
        result: Any
        ref = payload_ref(payload)
        try:
            raw = _read(payload)
            carried = self._carried(raw, ref)
            if isinstance(raw, ReadError):
                result = raw
            elif carried:
                result = CarriedReports(ref, tuple(carried))
            else:
                result = self._render(self._analyzer.analyze(raw, ref))
        except Exception as exc:  # noqa: BLE001 - one message's failure, reported as such
            log.exception("analysis of %s #%d failed", ref.path, ref.index)
            result = ReadError(ref.path, f"internal error: the analysis failed: {exc!r}", ref.index)
        self._send((WorkerOp.DONE, seq, result), ref)

    def _carried(self, raw: bytes | ReadError, ref: SourceRef) -> list[Feedback]:
        if not self._take_out_reports or isinstance(raw, ReadError):
            return []
        if not might_carry_reports(raw):
            return []
        return feedback_from_message(raw, f"{ref.path}#{ref.index}")

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


def _warm_up() -> None:
    """Load what a first analysis loads (rule modules, the public suffix list, data files) by
    analysing a tiny message offline, before any real message's time limit starts."""
    raw = (
        b"From: warm-up <a@warm-up.example>\r\nTo: b@warm-up.example\r\n"
        b"Subject: warm-up\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
        b"Message-ID: <w@warm-up.example>\r\nContent-Type: text/html\r\n\r\n"
        b"<p>Hi <a href='https://paypal.example/'>PayPal</a></p>\r\n"
    )
    try:
        with Analyzer(AnalysisOptions(offline=True)) as analyzer:
            analyzer.analyze(raw, SourceRef("<warm-up>", 0, SourceKind.PASTE))
    except Exception:  # noqa: BLE001 - only a head start: the real messages report their errors
        log.exception("warming up the analysis failed")


def _read(payload: Payload) -> bytes | ReadError:
    if not isinstance(payload, SourceRef):
        return payload[1]

    try:
        return read_message(payload)
    except (InspectorError, OSError) as exc:
        return ReadError(payload.path, f"could not be read again: {exc}", payload.index)
