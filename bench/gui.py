"""GUI figures: opening the 10,000-message mbox in the main window, and cold start.

Both run in subprocesses (a fresh interpreter is what a user starts). Baselines measured in the
same run: the stdlib ``mailbox`` module listing the same mbox (headers only, what a plain
index would cost), a bare PySide6 window's cold start, and the heartbeat's idle gap.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.run import Bench

ROOT = Path(__file__).resolve().parent.parent
GUI_LIMIT_S = 150.0  # give up waiting for the complete list after this long (target: 20 s)


def stdlib_listing(mbox: Path) -> dict[str, float]:
    """Seconds for ``mailbox.mbox`` to hand out its first message's headers and all of them."""
    import mailbox

    started = time.perf_counter()
    box = mailbox.mbox(str(mbox), create=False)
    parser = BytesHeaderParser(policy=compat32)
    first = None
    count = 0
    for key in box.iterkeys():
        headers = parser.parsebytes(box.get_bytes(key))
        _ = (headers["From"], headers["Subject"], headers["Date"])
        count += 1
        if first is None:
            first = time.perf_counter() - started
    box.close()
    return {"first_s": first or 0.0, "complete_s": time.perf_counter() - started, "count": count}


def _run(
    cmd: list[str], timeout: float, env: dict[str, str] | None = None, *, lenient: bool = False
) -> str:
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    full_env.update(env or {})
    proc = subprocess.run(
        cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0 and not (lenient and '"rows"' in proc.stdout):
        raise RuntimeError(
            f"{' '.join(cmd[1:3])} failed ({proc.returncode}): {proc.stderr[-1500:]}"
        )
    return proc.stdout


def measure_gui(b: Bench) -> None:
    from bench.run import Target

    mbox = b.corpus.mbox
    base = stdlib_listing(mbox)
    out = _run(
        [sys.executable, "-m", "bench.gui_probe", str(mbox), str(GUI_LIMIT_S)],
        timeout=GUI_LIMIT_S + 120,
        lenient=True,
    )
    r: dict[str, Any] = json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])
    r["stdlib_mailbox_first_s"] = round(base["first_s"], 3)
    r["stdlib_mailbox_complete_s"] = round(base["complete_s"], 2)
    b.figures["gui"] = r
    first, complete, listed = r["first_row_s"], r["complete_s"], r.get("listed_s")
    b.say(
        f"  first row after {first} s (stdlib mailbox: first headers after"
        f" {base['first_s']:.2f} s, ratio {first / base['first_s']:.1f})"
        if first is not None
        else "  no row appeared"
    )
    if listed is not None:
        b.say(
            f"  complete list of {r['listed_rows']:,} rows after {listed:.1f} s (stdlib mailbox"
            f" lists all headers in {base['complete_s']:.1f} s, ratio"
            f" {listed / base['complete_s']:.1f})"
        )
    if complete is not None:
        b.say(f"  every row analysed (risk, authentication filled in) after {complete:.1f} s")
    else:
        rate = r["rows"] / GUI_LIMIT_S if r["rows"] else 0.0
        r["projected_complete_s"] = round(10_000 / rate, 0) if rate else None
        b.say(
            f"  list NOT complete after {GUI_LIMIT_S:.0f} s: {r['rows']:,} rows"
            f" (at that pace the 10,000 rows would take about"
            f" {r['projected_complete_s'] or float('inf'):.0f} s)"
        )
        complete = GUI_LIMIT_S  # a lower bound: the target is missed either way
    b.say(
        f"  longest GUI-thread stall {r['max_stall_ms']:.0f} ms (idle heartbeat gap"
        f" {r['idle_max_gap_ms']:.0f} ms); GUI process peak {r['peak_mb']:.0f} MB"
    )
    for line in r.get("top_stalls", [])[:3]:
        b.say(f"    stall {line}")
    for line in r.get("stall_stacks", [])[:3]:
        b.say(f"    GUI thread during stalls: {line}")
    for line in r.get("other_threads", [])[:3]:
        b.say(f"    other threads during stalls: {line}")
    b.target(Target("GUI: first row", first, 1.0, "s"))
    b.target(
        Target(
            "GUI: complete 10,000-message list",
            listed if listed is not None else complete,
            20.0,
            "s",
        )
    )
    b.target(Target("GUI: longest GUI-thread stall", r["max_stall_ms"], 100.0, "ms"))


_BARE_WINDOW = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.resize(1400, 860); w.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "sys.exit(app.exec())\n"
)


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    _run(cmd, timeout=120, env=env)
    return time.perf_counter() - started


def measure_cold_start(b: Bench) -> None:
    with tempfile.TemporaryDirectory() as config:
        env = {"XDG_CONFIG_HOME": config}  # never touch the user's settings
        app_cmd = [sys.executable, "main.py", "--offline", "--quit-after-show"]
        bare_cmd = [sys.executable, "-c", _BARE_WINDOW]
        _timed(bare_cmd, env)  # let the OS cache the Qt libraries once; both gain equally
        app = [_timed(app_cmd, env) for _ in range(b.runs)]
        bare = [_timed(bare_cmd, env) for _ in range(b.runs)]
    app_s, bare_s = statistics.median(app), statistics.median(bare)
    b.figures["cold_start"] = {
        "app_s": round(app_s, 3),
        "app_runs": [round(x, 3) for x in app],
        "bare_pyside6_window_s": round(bare_s, 3),
        "how": "main.py --offline --quit-after-show (quits once the window is shown)",
    }
    b.say(
        f"  main.py to a shown window: {app_s:.2f} s (a bare PySide6 window: {bare_s:.2f} s,"
        f" ratio {app_s / bare_s:.1f})"
    )
