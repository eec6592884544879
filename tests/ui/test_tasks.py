"""The task runners: results reach the GUI thread, errors are reported, cancelled work is
dropped, streams arrive whole and in order; the synchronous runner behaves the same."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ui.tasks import GUI_SWITCH_INTERVAL_S, CancelToken, SyncTaskRunner, TaskRunner

WAIT_MS = 20_000


def test_run_delivers_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    worker: list[threading.Thread] = []
    got: list[tuple[object, threading.Thread]] = []

    def work(_t: CancelToken) -> int:
        worker.append(threading.current_thread())
        return 42

    runner.run(work, on_done=lambda r: got.append((r, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT_MS)
    assert got[0][0] == 42
    assert got[0][1] is threading.main_thread()
    assert worker[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    assert runner.shutdown(WAIT_MS)


def test_run_reports_errors(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    errors: list[BaseException] = []

    def boom(_t: CancelToken) -> None:
        raise ValueError("bad input")

    runner.run(boom, on_done=lambda _r: pytest.fail("done after an error"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad input"
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)


def test_cancelled_result_is_never_delivered(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    release = threading.Event()
    done: list[object] = []
    token = runner.run(lambda _t: release.wait(WAIT_MS / 1000), on_done=done.append)
    token.cancel()
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    QApplication.processEvents()
    assert done == []


def test_stream_delivers_every_item_in_order_then_finishes(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    items: list[int] = []
    finished: list[bool] = []

    def produce(_t: CancelToken) -> Iterator[int]:
        yield from range(2000)

    runner.stream(produce, on_batch=items.extend, on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=WAIT_MS)
    assert items == list(range(2000))


def test_stream_stops_when_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    items: list[int] = []
    finished: list[bool] = []
    token_box: list[CancelToken] = []

    def produce(token: CancelToken) -> Iterator[int]:
        for i in range(10**9):
            if i == 100:
                token.cancel()
            yield i

    token_box.append(
        runner.stream(produce, on_batch=items.extend, on_finished=lambda: finished.append(True))
    )
    qtbot.waitUntil(lambda: bool(finished), timeout=WAIT_MS)
    assert len(items) <= 101
    assert token_box[0].cancelled


def test_background_threads_hand_the_gui_thread_the_interpreter_quickly(qtbot) -> None:  # type: ignore[no-untyped-def]
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        TaskRunner()
        assert sys.getswitchinterval() <= GUI_SWITCH_INTERVAL_S
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S / 2)
        TaskRunner()
        assert sys.getswitchinterval() == pytest.approx(GUI_SWITCH_INTERVAL_S / 2)  # never longer
    finally:
        sys.setswitchinterval(before)


def test_sync_runner_finishes_before_returning() -> None:
    runner = SyncTaskRunner(batch_size=3)
    done: list[object] = []
    runner.run(lambda _t: "ok", on_done=done.append)
    assert done == ["ok"]
    batches: list[list[int]] = []
    finished: list[bool] = []
    runner.stream(
        lambda _t: iter(range(7)),
        on_batch=batches.append,
        on_finished=lambda: finished.append(True),
    )
    assert batches == [[0, 1, 2], [3, 4, 5], [6]] and finished == [True]


def test_sync_runner_reports_errors_and_still_finishes() -> None:
    runner = SyncTaskRunner()
    errors: list[BaseException] = []
    finished: list[bool] = []

    def broken(_t: CancelToken) -> Iterator[int]:
        yield 1
        raise OSError("disk gone")

    runner.stream(
        broken,
        on_batch=lambda _b: None,
        on_finished=lambda: finished.append(True),
        on_error=errors.append,
    )
    assert isinstance(errors[0], OSError) and finished == [True]
    runner.run(lambda _t: 1 / 0, on_done=lambda _r: None, on_error=errors.append)
    assert isinstance(errors[1], ZeroDivisionError)
