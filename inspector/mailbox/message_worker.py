"""One message at a time, on request, in a warm worker process with a wall-clock limit.

Why: an application that shows one message while a mailbox is analysed elsewhere must not
analyse that message itself. In the GUI's process the analysis would hold the interpreter
lock the window needs to paint; a message that hangs (a stuck lookup) would never end; a
message that crashes a C extension would take the window down. Here the message goes to a
worker process (``inspector.mailbox.worker_process``, the same one a pool uses) that keeps its
analyser, and so its DNS and RDAP caches, from one request to the next. A request that runs
longer than ``message_timeout`` ends the worker and comes back as that message's error; a
worker that dies costs only its message; the next request starts a fresh worker.

Requests are served one at a time (callers wait their turn). A request whose caller has given
up (``cancel``) is left to finish in the worker, its answer dropped, so moving quickly through
a list never waits for a message nobody looks at any more, nor ends a worker for it.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

from inspector.mailbox.process_pool import threads_for
from inspector.mailbox.time_limit import DEFAULT_MESSAGE_TIMEOUT
from inspector.mailbox.worker_process import JobSpec, WorkerOp, keep_report
from inspector.mailbox.worker_slot import WorkerSlot, end_slot, spawn_slot
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions

POLL_SECONDS = 0.05
#: How long a fresh worker may take to set up before a request gives up on it.
START_LIMIT_S = 120.0


class MessageWorker:
    """A worker process that analyses the messages it is handed, one request at a time."""

    def __init__(
        self,
        options: AnalysisOptions,
        *,
        message_timeout: float | None = DEFAULT_MESSAGE_TIMEOUT,
        niceness: int = 0,
    ) -> None:
        self.options = options
        self.message_timeout = message_timeout
        self._niceness = niceness
        # A fresh interpreter: the caller (a GUI) runs threads, and a fork beside them could
        # copy a lock another thread holds.
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._slot: WorkerSlot | None = None
        self._seq = 0
        #: Requests sent and not yet answered (their callers gave up): seq -> when sent.
        self._abandoned: dict[int, float] = {}

    def warm(self) -> None:
        """Start the worker now, so the first message shown does not wait for it; at once
        when a request is being served (the worker is then started already)."""
        if self._lock.acquire(blocking=False):
            try:
                self._ensure()
            finally:
                self._lock.release()

    def _ensure(self) -> WorkerSlot:
        slot = self._slot
        if slot is None or not slot.process.is_alive():
            if slot is not None:
                end_slot(slot)
            slot = spawn_slot(self._context, self._niceness)
            slot.begun = time.monotonic()
            spec = JobSpec(self.options, keep_report, threads_for(self.options))
            slot.send((WorkerOp.JOB, spec))
            self._slot = slot
            self._abandoned.clear()
        return slot

    def analyze(
        self, raw: bytes, ref: SourceRef, *, cancel: Callable[[], bool] | None = None
    ) -> Report | ReadError | None:
        """The report of ``raw``, or its error (too long, the worker died); None when
        ``cancel`` said the caller no longer wants it."""
        cancelled = cancel or (lambda: False)
        with self._lock:
            if cancelled():
                return None
            slot = self._ensure()
            self._seq += 1
            seq = self._seq
            request = (ref, raw)
            if not slot.send((WorkerOp.ANALYSE, seq, request)):
                return self._lost(slot, ref)
            return self._wait(slot, seq, request, cancelled)

    def _wait(
        self,
        slot: WorkerSlot,
        seq: int,
        request: tuple[SourceRef, bytes],
        cancelled: Callable[[], bool],
    ) -> Report | ReadError | None:
        ref = request[0]
        sent = time.monotonic()
        while True:
            if cancelled():
                self._abandoned[seq] = sent
                return None
            try:
                ready = slot.conn.poll(POLL_SECONDS)
                message: Any = slot.conn.recv() if ready else None
            except (EOFError, OSError):
                return self._lost(slot, ref)
            if message is not None:
                if message[0] == WorkerOp.READY:
                    slot.ready = True
                    sent = time.monotonic()  # the clock starts once the worker is set up
                elif message[0] == WorkerOp.DONE:
                    if message[1] == seq:
                        result: Report | ReadError = message[2]
                        return result
                    self._abandoned.pop(message[1], None)
                continue
            if not slot.process.is_alive():
                return self._lost(slot, ref)
            now = time.monotonic()
            if not slot.ready and now - slot.begun > START_LIMIT_S:
                return self._stop(slot, ref, START_LIMIT_S)
            limit = self.message_timeout
            if limit is None or not slot.ready:
                continue
            if now - sent > limit:
                return self._stop(slot, ref, limit)
            if any(now - begun > limit for begun in self._abandoned.values()):
                # A request nobody waits for is stuck (offline, with one thread, this one
                # waits behind it): a fresh worker takes this one alone.
                self._end(slot)
                slot = self._ensure()
                if not slot.send((WorkerOp.ANALYSE, seq, request)):
                    return self._lost(slot, ref)
                sent = time.monotonic()

    def _stop(self, slot: WorkerSlot, ref: SourceRef, limit: float) -> ReadError:
        self._end(slot)
        why = f"the analysis took longer than {limit:g} s and was stopped"
        return ReadError(ref.path, why, ref.index)

    def _lost(self, slot: WorkerSlot, ref: SourceRef) -> ReadError:
        self._end(slot)
        code = slot.process.exitcode
        why = f"the analysis process stopped on this message (exit code {code})"
        return ReadError(ref.path, why, ref.index)

    def _end(self, slot: WorkerSlot) -> None:
        end_slot(slot)
        if self._slot is slot:
            self._slot = None
        self._abandoned.clear()

    def close(self) -> None:
        """End the worker now (a request in progress gets its error)."""
        slot, self._slot = self._slot, None
        if slot is not None:
            end_slot(slot)
