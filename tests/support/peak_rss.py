"""Peak resident memory of a command, measured from outside it.

A small launcher forks, execs the command and reads the child's ``ru_maxrss`` from
``wait4``. Why a launcher: Linux carries a process's peak across fork and exec, so a command
started straight from a big test process would report at least the test process's size; the
launcher is a bare interpreter, a floor of a few MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\nPEAK_RSS_KB={usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True)
class Measured:
    status: int
    out: str
    err: str
    peak_mb: float


def run_measured(
    argv: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 300
) -> Measured:
    """Run ``argv`` (argv[0] an absolute executable) and return its output and peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv],
        env=env if env is not None else dict(os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    err, peak = split_peak(done.stderr)
    return Measured(done.returncode, done.stdout, err, peak)


def split_peak(stderr: str) -> tuple[str, float]:
    """The command's own stderr, and the peak (MB) the launcher appended to it."""
    marker = [ln for ln in stderr.splitlines() if ln.startswith("PEAK_RSS_KB=")]
    assert marker, stderr[-2000:]
    peak = int(marker[-1].split("=", 1)[1]) / 1024.0
    rest = "\n".join(ln for ln in stderr.splitlines() if not ln.startswith("PEAK_RSS_KB="))
    return rest.removesuffix("\n"), peak
