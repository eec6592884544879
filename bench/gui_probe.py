"""Open a mailbox in the real main window offscreen and time it: ``python -m bench.gui_probe MBOX``.

A 10 ms QTimer heartbeat on the GUI thread records when it actually fired; the longest gap
between two beats is the longest time the window could not repaint or take input. The same
heartbeat runs for one second before the mailbox is opened, so the idle gap (the noise floor
of this machine) is measured in the same process. Prints one JSON line.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tasks import maxrss_mb  # noqa: E402

BEAT_MS = 10
IDLE_MS = 1000
STALL_S = 0.1  # a GUI-thread gap longer than this is a stall worth a stack sample
TAIL_S = 0.06  # heartbeats still counted after the load ends


class StallWatch(threading.Thread):
    """Samples the GUI thread's stack while a heartbeat is overdue, so a stall names its cause."""

    def __init__(self, beats: list[float], gui_thread: int) -> None:
        super().__init__(daemon=True)
        self.beats = beats
        self.gui_thread = gui_thread
        self.samples: Counter[str] = Counter()
        self.others: Counter[str] = Counter()  # what the other threads run meanwhile
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.02):
            if not self.beats or time.perf_counter() - self.beats[-1] < STALL_S:
                continue
            frames = sys._current_frames()
            frame = frames.get(self.gui_thread)
            if frame is None:
                continue
            self.samples[_describe(frame, 6)] += 1
            # A GUI thread stuck without a Python frame is in Qt's C++ code or waiting for the
            # interpreter lock; the busy thread that holds the lock shows up here.
            for ident, other in frames.items():
                if ident not in (self.gui_thread, threading.get_ident()):
                    self.others[_describe(other, 4)] += 1


def tree_rss_mb(root: int, leave_out: int = 0) -> float:
    """Resident memory of ``root`` and all its descendants now, in MB (Linux /proc), without
    ``leave_out`` (the sampling process itself)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024.0
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid == leave_out:
            continue
        total += rss.get(pid, 0.0)
        todo.extend(children.get(pid, ()))
    return total


def _sample_tree(root: int, peak: Any, stop: Any) -> None:
    while not stop.wait(0.1):
        peak.value = max(peak.value, tree_rss_mb(root, leave_out=os.getpid()))


class TreeMemory:
    """The peak of the sum of every process's memory: the window, the analysis child and its
    workers (each process's own peak may fall at different times; the sum is what the machine
    must hold). Sampled from a process of its own: walking /proc is Python work, and in the
    window's process it would take the interpreter lock from the GUI thread being measured."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._peak = context.Value("d", 0.0)
        self.stop = context.Event()
        self._process = context.Process(
            target=_sample_tree, args=(os.getpid(), self._peak, self.stop), daemon=True
        )

    def start(self) -> None:
        if os.path.isdir("/proc"):
            self._process.start()

    @property
    def peak(self) -> float:
        self.stop.set()
        if self._process.pid is not None:
            self._process.join(5)
        return float(self._peak.value)


def _describe(frame: Any, depth: int) -> str:
    stack = traceback.extract_stack(frame)[-depth:]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))


def main(argv: list[str]) -> int:
    mbox = argv[0]
    limit_s = float(argv[1]) if len(argv) > 1 else 300.0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Never read or write the user's own settings from a benchmark.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="bench-gui-")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    from ui.app import settle_heap
    from ui.controller import Controller
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    window = MainWindow(Controller(AppSettings(offline=True), persist=False))
    if os.environ.get("BENCH_GUI_EXPERIMENT") == "nosort":  # diagnosis only, not the figure
        window.list_panel.table.setSortingEnabled(False)
    window.show()
    settle_heap()  # as the application does once its window is up
    beats: list[float] = []
    marks: dict[str, float] = {}
    heartbeat = QTimer()
    heartbeat.setInterval(BEAT_MS)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))

    def first_rows(*_: object) -> None:
        marks.setdefault("first_row", time.perf_counter())

    def finished(rows: int) -> None:
        if "timed_out" not in marks:  # a load we cancelled at the limit did not complete
            marks["done"] = time.perf_counter()
            marks["rows"] = rows
        # The window's own end-of-load handlers ran just before this one (they were connected
        # first); the heartbeats of the next few milliseconds close the gap they made, so the
        # measured span runs a little past the end and the quit waits for those beats.
        QTimer.singleShot(int(TAIL_S * 1000), watch.stop.set)
        QTimer.singleShot(int(TAIL_S * 1000) + 20, app.quit)

    def give_up() -> None:
        marks["timed_out"] = time.perf_counter()
        marks["rows_at_limit"] = window.list_panel.model.rowCount()
        window.controller.cancel_loading()
        QTimer.singleShot(2000, app.quit)

    def start() -> None:
        marks["idle_end"] = time.perf_counter()
        marks["open"] = time.perf_counter()
        window.controller.open_paths([mbox])

    def listed(rows: int) -> None:
        marks.setdefault("listed", time.perf_counter())
        marks["listed_rows"] = rows

    window.list_panel.model.rowsInserted.connect(first_rows)
    window.controller.list_complete.connect(listed)
    window.controller.load_finished.connect(finished)
    watch = StallWatch(beats, threading.get_ident())
    watch.start()
    memory = TreeMemory()
    memory.start()
    heartbeat.start()
    marks["idle_start"] = time.perf_counter()
    QTimer.singleShot(IDLE_MS, start)
    QTimer.singleShot(int(IDLE_MS + limit_s * 1000), give_up)
    app.exec()
    heartbeat.stop()
    watch.stop.set()
    memory.stop.set()

    def max_gap(lo: float, hi: float) -> float:
        inside = [t for t in beats if lo <= t <= hi]
        gaps = [b - a for a, b in itertools.pairwise(inside)]
        return max(gaps, default=0.0)

    def top_gaps(lo: float, hi: float) -> list[str]:
        inside = [t for t in beats if lo <= t <= hi]
        gaps = sorted(((b - a, a) for a, b in itertools.pairwise(inside)), reverse=True)
        return [f"{g * 1000:.0f} ms at +{a - lo:.2f} s" for g, a in gaps[:5] if g > STALL_S]

    opened = marks["open"]
    end = marks["done"] + TAIL_S if "done" in marks else marks.get("timed_out", time.perf_counter())
    result = {
        "first_row_s": round(marks["first_row"] - opened, 3) if "first_row" in marks else None,
        "listed_s": round(marks["listed"] - opened, 2) if "listed" in marks else None,
        "listed_rows": marks.get("listed_rows"),
        "complete_s": round(marks["done"] - opened, 2) if "done" in marks else None,
        "rows": marks.get("rows", marks.get("rows_at_limit")),
        "timed_out_after_s": limit_s if "timed_out" in marks else None,
        "max_stall_ms": round(max_gap(opened, end) * 1000, 1),
        "idle_max_gap_ms": round(max_gap(marks["idle_start"], marks["idle_end"]) * 1000, 1),
        "top_stalls": top_gaps(opened, end),
        "stall_stacks": [f"{n * 20} ms: {k}" for k, n in watch.samples.most_common(6)],
        "other_threads": [
            f"{n * 20} ms: {k}"
            for k, n in watch.others.most_common(12)
            if "wait" not in k and "select" not in k
        ][:6],
        "peak_mb": round(maxrss_mb(), 1),
        "tree_peak_mb": round(max(memory.peak, maxrss_mb()), 1),
    }
    window.controller.session.close()
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    # PySide6 has aborted in interpreter finalization after this run ("bool_dealloc" during
    # garbage collection); the figures are out, so leave without finalizing.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
