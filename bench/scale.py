"""Every core for a mailbox (issue 19): the CLI on worker processes against itself on one, and
the GUI's time to analyse every row against the same run's multi-process CLI rate.

Ratios are taken in one run, so both sides see the same machine load. The GUI probe reports
the peak memory of the window's process and of all its descendants together (the analysis
child and its workers), sampled from /proc.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import corpus as corpus_mod

if TYPE_CHECKING:
    from bench.run import Bench

ROOT = Path(__file__).resolve().parent.parent
CLI_LIMIT_S = 900.0


def scale_mbox(b: Bench, messages: int) -> Path:
    """The benchmark mbox, or one of its first ``messages`` messages for a shorter check."""
    if messages >= corpus_mod.TOTAL:
        return b.corpus.mbox
    path = corpus_mod.WORK / f"mailbox-scale-{messages}.mbox"
    if not path.is_file():
        unique = corpus_mod.load_unique()
        with path.open("wb") as out:
            for raw in corpus_mod.expanded(unique, messages):
                out.write(corpus_mod.mbox_entry(raw))
    return path


def cli_seconds(mbox: Path, workers: int) -> tuple[float, int]:
    """Wall seconds of ``main.py analyze --offline --json`` over the mbox, and lines out."""
    command = ["main.py", "analyze", "--offline", "--json", "--workers", str(workers), str(mbox)]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, *command], cwd=ROOT, capture_output=True, timeout=CLI_LIMIT_S, check=False
    )
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"analyze --workers {workers} failed: {proc.stderr[-1500:]!r}")
    return seconds, proc.stdout.count(b"\n")


def measure_cli(b: Bench, mbox: Path, messages: int) -> float:
    """The multi-process CLI rate (messages per second), after checking it against one
    process; the GUI figure is compared with it."""
    from bench.run import Target
    from inspector.mailbox.process_pool import default_workers

    procs = default_workers()
    one_s, one_lines = cli_seconds(mbox, 1)
    many_s, many_lines = cli_seconds(mbox, procs)
    one_rate, many_rate = messages / one_s, messages / many_s
    b.figures["cli_scale"] = {
        "messages": messages,
        "processes": procs,
        "one_process_s": round(one_s, 2),
        "workers_s": round(many_s, 2),
        "one_process_rate": round(one_rate, 1),
        "workers_rate": round(many_rate, 1),
        "lines": [one_lines, many_lines],
    }
    b.say(
        f"  CLI, {messages:,} messages offline: 1 process {one_rate:,.0f} msg/s ({one_s:.1f} s),"
        f" {procs} worker processes {many_rate:,.0f} msg/s ({many_s:.1f} s),"
        f" ratio {many_rate / one_rate:.2f}"
    )
    b.target(
        Target(
            f"CLI: {procs} worker processes / 1 process",
            many_rate / one_rate,
            1.7,
            "x",
            higher_is_better=True,
        )
    )
    return many_rate


def measure_scale(b: Bench, messages: int) -> None:
    from bench.gui import GUI_LIMIT_S
    from bench.run import Target

    mbox = scale_mbox(b, messages)
    rate = measure_cli(b, mbox, messages)
    out = subprocess.run(
        [sys.executable, "-m", "bench.gui_probe", str(mbox), str(GUI_LIMIT_S)],
        cwd=ROOT,
        env=_gui_env(),
        capture_output=True,
        text=True,
        timeout=GUI_LIMIT_S + 120,
        check=False,
    ).stdout
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError("the GUI probe printed no figures")
    r: dict[str, Any] = json.loads(lines[-1])
    b.figures["gui_scale"] = r
    ideal = messages / rate
    complete = r["complete_s"]
    b.say(
        f"  GUI: every row of {messages:,} analysed after "
        + (f"{complete:.1f} s" if complete is not None else "(not finished)")
        + f"; {messages:,} / the CLI's multi-process rate = {ideal:.1f} s"
    )
    b.say(
        f"  GUI: longest GUI-thread stall {r['max_stall_ms']:.0f} ms; peak memory of all"
        f" processes together {r['tree_peak_mb']:.0f} MB (GUI process {r['peak_mb']:.0f} MB)"
    )
    b.target(
        Target(
            "GUI: every row analysed / (messages / CLI multi-process rate)",
            complete / ideal if complete is not None else None,
            1.3,
            "x",
        )
    )
    b.target(Target("GUI: longest GUI-thread stall (workers)", r["max_stall_ms"], 100.0, "ms"))
    b.target(Target("GUI: peak memory, all processes", r["tree_peak_mb"], 600.0, "MB"))


def _gui_env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
