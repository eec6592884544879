"""Nothing in a folder is passed over in silence: named pipes, devices, links to devices,
broken links and link loops are each reported with the reason, and the run exits 1 as it does
for unreadable inputs. A FIFO is never opened (reading one would wait forever)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.robustness.measured import run_measured
from tests.support.messages import make_message


def test_cli_reports_each_skipped_path_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "good.eml").write_bytes(make_message(0))
    os.mkfifo(folder / "pipe")
    (folder / "null").symlink_to("/dev/null")
    (folder / "gone").symlink_to(folder / "nowhere")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    run = run_measured("analyze", "--offline", str(folder), timeout=60)
    assert run.returncode == 1, (run.stdout[-1000:], run.stderr[-1000:])
    assert run.stdout.count("Subject:") == 1  # the message itself is analysed
    expected = {
        "pipe": "a named pipe (FIFO), not a file",
        "null": "a symbolic link to a character device, not a file",
        "gone": "a broken symbolic link (its target does not exist)",
        "loop-a": "a symbolic link that loops",
        "loop-b": "a symbolic link that loops",
    }
    for name, reason in expected.items():
        assert f"{folder / name}: skipped: {reason}" in run.stderr, (name, run.stderr)
