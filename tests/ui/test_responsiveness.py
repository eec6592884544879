"""The GUI thread keeps serving events while a big mailbox loads (a heartbeat timer).

The bound here is a design bound, not a speed target: analysis done on the GUI thread stalls
it for seconds, which this catches on any machine. The < 100 ms target is measured by
``make bench`` (bench/), where a loaded CI machine cannot make it flaky.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests.support.messages import write_mbox

MESSAGES = 5000
MAX_STALL_MS = 1500


@pytest.mark.slow
def test_longest_gui_stall_while_5000_messages_load(qtbot, threaded_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = threaded_window
    mbox = write_mbox(tmp_path / "big.mbox", MESSAGES)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    first_row: list[float] = []
    started = time.perf_counter()
    window.list_panel.model.rowsInserted.connect(
        lambda *_: first_row.append(time.perf_counter() - started) if not first_row else None
    )
    with qtbot.waitSignal(window.controller.load_finished, timeout=600_000) as done:
        window.controller.open_paths([str(mbox)])
    heartbeat.stop()
    total = time.perf_counter() - started
    longest = max(gaps[1:] or [0.0])
    print(
        f"\n{MESSAGES} messages: first row {first_row[0]:.2f} s, complete {total:.1f} s, "
        f"longest GUI-thread stall {longest:.0f} ms over {len(gaps)} heartbeats"
    )
    assert done.args[0] == MESSAGES
    assert longest < MAX_STALL_MS
