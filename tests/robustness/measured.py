"""Run the command line in a child process and measure it from outside: wall time and the
child's own peak resident memory (from ``os.wait4``, which reports that child alone), so what
a test promises about time and memory holds for the real program."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from tests.robustness.support import PROJECT
from tests.support.peak_rss import LAUNCHER, split_peak

_POLL = 0.02


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the child's maximum resident set size
    raw_stdout: bytes = b""  # as written, for tests that check the encoding itself


def run_measured(*args: str, timeout: float = 120, env: dict[str, str] | None = None) -> Measured:
    """``main.py ARGS`` in a fresh interpreter and its own process group (``env`` added to the
    environment); the group is killed, and the test failed, past ``timeout``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, sys.executable, str(PROJECT / "main.py"), *args],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        while True:
            pid, status, _ = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                os.wait4(child.pid, 0)
                child.returncode = -signal.SIGKILL
                raise AssertionError(f"main.py {' '.join(args)[:200]} ran past {timeout} s")
            time.sleep(_POLL)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr, peak = split_peak(err.read().decode("utf-8", "replace"))
        raw = out.read()
        return Measured(
            child.returncode, raw.decode("utf-8", "replace"), stderr, seconds, peak, raw
        )
