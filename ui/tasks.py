"""The one way the GUI runs work off its thread (DESIGN habit 5, after Anki's QueryOp).

``TaskRunner.run`` executes a function on a worker thread and calls ``on_done`` or
``on_error`` on the GUI thread. ``TaskRunner.stream`` runs a generator-producing function and
delivers its items to the GUI thread in small batches (at most every ``BATCH_MS``), so a
20,000-message mailbox fills the list progressively without flooding the event loop. Every
task gets a cancel flag; results of a cancelled task are dropped, never delivered late.

``SyncTaskRunner`` has the same interface and runs everything at once on the calling thread:
GUI tests drive the window through it and assert on the outcome without waiting on threads.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

BATCH_MS = 50
BATCH_MAX = 500
#: How long a busy background thread may keep the interpreter lock from the GUI thread (the
#: interpreter's default is 5 ms). Each cell Qt paints calls Python and needs the lock again,
#: so beside a thread reading a mailbox's results a repaint waits up to that long per call.
GUI_SWITCH_INTERVAL_S = 0.001


@dataclass
class CancelToken:
    _event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()


class _Bridge(QObject):
    """Lives on the GUI thread; queued signals carry results across."""

    done = Signal(int, object)
    failed = Signal(int, object)
    batch = Signal(int, object)
    finished = Signal(int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        self._fn()


@dataclass
class _Handlers:
    token: CancelToken
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    on_batch: Callable[[list[Any]], None] | None = None
    on_finished: Callable[[], None] | None = None


class TaskRunner(QObject):
    """Owns a thread pool and routes results back to the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        sys.setswitchinterval(min(sys.getswitchinterval(), GUI_SWITCH_INTERVAL_S))
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_done)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.batch.connect(self._on_batch)
        self._bridge.finished.connect(self._on_finished)
        self._tasks: dict[int, _Handlers] = {}
        self._next_id = 0

    # ------------------------------------------------------------------ API

    def run(
        self,
        fn: Callable[[CancelToken], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> CancelToken:
        task_id, token = self._register(
            _Handlers(CancelToken(), on_done=on_done, on_error=on_error)
        )

        def work() -> None:
            try:
                result = fn(token)
            except BaseException as exc:
                log.exception("background task failed")
                self._bridge.failed.emit(task_id, exc)
            else:
                self._bridge.done.emit(task_id, result)

        self._pool.start(_Job(work))
        return token

    def stream(
        self,
        fn: Callable[[CancelToken], Iterable[Any]],
        *,
        on_batch: Callable[[list[Any]], None],
        on_finished: Callable[[], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> CancelToken:
        handlers = _Handlers(
            CancelToken(), on_batch=on_batch, on_finished=on_finished, on_error=on_error
        )
        task_id, token = self._register(handlers)

        def work() -> None:
            pending: list[Any] = []
            last = time.monotonic()
            try:
                for item in fn(token):
                    if token.cancelled:
                        break
                    pending.append(item)
                    now = time.monotonic()
                    if len(pending) >= BATCH_MAX or (now - last) * 1000 >= BATCH_MS:
                        self._bridge.batch.emit(task_id, pending)
                        pending, last = [], now
                if pending and not token.cancelled:
                    self._bridge.batch.emit(task_id, pending)
            except BaseException as exc:
                log.exception("background stream failed")
                self._bridge.failed.emit(task_id, exc)
            finally:
                self._bridge.finished.emit(task_id)

        self._pool.start(_Job(work))
        return token

    def cancel_all(self) -> None:
        for handlers in self._tasks.values():
            handlers.token.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait for the workers (closing the window)."""
        self.cancel_all()
        return bool(self._pool.waitForDone(timeout_ms))

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    # ------------------------------------------------------------------ internals

    def _register(self, handlers: _Handlers) -> tuple[int, CancelToken]:
        self._next_id += 1
        self._tasks[self._next_id] = handlers
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        return self._next_id, handlers.token

    def _forget(self, task_id: int) -> _Handlers | None:
        handlers = self._tasks.pop(task_id, None)
        if not self._tasks:
            self.busy_changed.emit(False)
        return handlers

    @Slot(int, object)
    def _on_done(self, task_id: int, result: object) -> None:
        handlers = self._forget(task_id)
        if handlers and not handlers.token.cancelled and handlers.on_done:
            handlers.on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: object) -> None:
        handlers = self._tasks.get(task_id)
        if handlers and handlers.on_done is not None:
            self._forget(task_id)
        if handlers and not handlers.token.cancelled and handlers.on_error:
            assert isinstance(exc, BaseException)
            handlers.on_error(exc)

    @Slot(int, object)
    def _on_batch(self, task_id: int, items: object) -> None:
        handlers = self._tasks.get(task_id)
        if handlers and not handlers.token.cancelled and handlers.on_batch:
            assert isinstance(items, list)
            handlers.on_batch(items)

    @Slot(int)
    def _on_finished(self, task_id: int) -> None:
        handlers = self._forget(task_id)
        if handlers and handlers.on_finished:
            handlers.on_finished()


class Runner(Protocol):
    """What the controller needs from a task runner (threaded or synchronous)."""

    def run(
        self,
        fn: Callable[[CancelToken], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> CancelToken: ...

    def stream(
        self,
        fn: Callable[[CancelToken], Iterable[Any]],
        *,
        on_batch: Callable[[list[Any]], None],
        on_finished: Callable[[], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> CancelToken: ...

    def cancel_all(self) -> None: ...

    def shutdown(self, timeout_ms: int = 5000) -> bool: ...


class SyncTaskRunner:
    """Runs each task to its end before returning, delivering results on the calling thread.

    Streams are delivered in batches of ``batch_size`` items, so code that reacts to the
    first batch (selecting the first row) is exercised as with the threaded runner.
    """

    def __init__(self, *, batch_size: int = 50) -> None:
        self.batch_size = batch_size
        self._tokens: list[CancelToken] = []

    def run(
        self,
        fn: Callable[[CancelToken], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> CancelToken:
        token = self._token()
        try:
            result = fn(token)
        except Exception as exc:
            if on_error is not None and not token.cancelled:
                on_error(exc)
        else:
            if not token.cancelled:
                on_done(result)
        return token

    def stream(
        self,
        fn: Callable[[CancelToken], Iterable[Any]],
        *,
        on_batch: Callable[[list[Any]], None],
        on_finished: Callable[[], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> CancelToken:
        token = self._token()
        pending: list[Any] = []
        try:
            for item in fn(token):
                if token.cancelled:
                    break
                pending.append(item)
                if len(pending) >= self.batch_size:
                    on_batch(pending)
                    pending = []
            if pending and not token.cancelled:
                on_batch(pending)
        except Exception as exc:
            if on_error is not None and not token.cancelled:
                on_error(exc)
        finally:
            on_finished()
        return token

    def cancel_all(self) -> None:
        for token in self._tokens:
            token.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        self.cancel_all()
        return True

    def _token(self) -> CancelToken:
        token = CancelToken()
        self._tokens = [*[t for t in self._tokens if not t.cancelled][-32:], token]
        return token
