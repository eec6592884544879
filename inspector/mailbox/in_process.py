"""Analysing a stream in this process, on threads, with a wall-clock limit per message.

Why: below a megabyte of input, or with one worker asked for, starting worker processes costs
more than it saves, so messages are analysed here, on threads that overlap their DNS waits
The CPU budget ends a message that computes too long, but not one that waits too long (a
lookup stuck past every timeout, a lock that is never released); here a message whose
analysis has run longer than ``message_timeout`` is reported as its own error and the stream
goes on (``None``: no limit, for callers that replay recorded answers).

A thread cannot be ended from outside, so the late message's thread is left to finish on its
own (its result dropped) and a fresh thread takes its place. The threads are daemons: a
thread that never returns does not keep the program from exiting. Memory stays bounded by
the window of ``2 * threads`` messages in flight.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, wait
from dataclasses import dataclass, field

from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.pipeline import Analyzer

POLL_SECONDS = 0.1


@dataclass
class _Task:
    ref: SourceRef
    raw: bytes
    future: Future[Report] = field(default_factory=Future)
    #: When a thread began the analysis (monotonic clock); None while it waits its turn.
    started: float | None = None


class _DaemonThreads:
    """A few daemon threads taking tasks from one queue; one more can be added at any time
    to replace a thread that is stuck."""

    def __init__(self, analyze: Callable[[bytes, SourceRef], Report], threads: int) -> None:
        self._analyze = analyze
        self._queue: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._threads = 0
        for _ in range(max(1, threads)):
            self.add_thread()

    def add_thread(self) -> None:
        self._threads += 1
        threading.Thread(target=self._serve, name="analyze-timed", daemon=True).start()

    def submit(self, task: _Task) -> None:
        self._queue.put(task)

    def _serve(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            if not task.future.set_running_or_notify_cancel():
                continue
            task.started = time.monotonic()
            try:
                task.future.set_result(self._analyze(task.raw, task.ref))
            except BaseException as exc:  # noqa: BLE001 - handed to the reader of the stream
                task.future.set_exception(exc)

    def close(self) -> None:
        """Let every thread end once it has finished its task (a stuck one never does)."""
        for _ in range(self._threads):
            self._queue.put(None)


def analyze_with_limit(
    analyzer: Analyzer,
    items: Iterable[tuple[SourceRef, bytes] | ReadError],
    *,
    threads: int,
    message_timeout: float | None,
    cancel: Callable[[], bool] | None = None,
) -> Iterator[Report | ReadError]:
    """Yield a report or a ``ReadError`` per item, in input order; a message still running
    ``message_timeout`` seconds after it started is that message's error."""
    cancelled = cancel or (lambda: False)
    pool = _DaemonThreads(analyzer.analyze, threads)
    window: deque[_Task | ReadError] = deque()
    limit = max(1, threads) * 2
    try:
        for item in items:
            if cancelled():
                return
            if isinstance(item, ReadError):
                window.append(item)
            else:
                task = _Task(*item)
                pool.submit(task)
                window.append(task)
            while len(window) >= limit:
                result = _settle(window.popleft(), pool, message_timeout, cancelled)
                if result is None:
                    return
                yield result
        while window:
            result = _settle(window.popleft(), pool, message_timeout, cancelled)
            if result is None:
                return
            yield result
    finally:
        for pending in window:
            if isinstance(pending, _Task):
                pending.future.cancel()
        pool.close()


def _settle(
    item: _Task | ReadError,
    pool: _DaemonThreads,
    message_timeout: float | None,
    cancelled: Callable[[], bool],
) -> Report | ReadError | None:
    """The item's result once it is ready or late; None when the stream is cancelled."""
    if cancelled():
        return None
    if isinstance(item, ReadError):
        return item
    while True:
        done, _ = wait([item.future], timeout=POLL_SECONDS)
        if done:
            return item.future.result()
        if cancelled():
            return None
        started = item.started
        if message_timeout is None or started is None:
            continue
        if time.monotonic() - started > message_timeout:
            pool.add_thread()  # the message's own thread is not coming back soon
            why = f"the analysis took longer than {message_timeout:g} s and was given up"
            return ReadError(item.ref.path, why, item.ref.index)
