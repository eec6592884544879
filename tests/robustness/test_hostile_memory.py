"""Memory amplification: big messages of short lines, alone and in an mbox. Each one is analysed
by the real command line in a child process whose own peak resident memory is asserted: at
most 8 times the input above what the same command needs for a tiny message. Per-line objects
made the peak 17 times a 60 MB message (1 GB) and 35 times an mbox."""

from __future__ import annotations

from pathlib import Path

from tests.robustness.measured import run_measured

HEAD = (
    b"From: Alice <alice@sender.example>\nTo: bob@receiver.example\nSubject: big\n"
    b"Date: Mon, 3 Mar 2025 10:00:00 +0000\nMessage-ID: <mem@sender.example>\n"
)
AMPLIFICATION = 8


def _baseline_mb(tmp_path: Path) -> float:
    tiny = tmp_path / "tiny.eml"
    tiny.write_bytes(HEAD + b"\nhello\n")
    run = run_measured("analyze", "--offline", "--workers", "1", str(tiny))
    assert run.returncode == 0, run.stderr[-2000:]
    return run.peak_mb


def test_html_message_of_short_lines(tmp_path: Path) -> None:
    path = tmp_path / "short-lines.eml"
    path.write_bytes(
        HEAD + b"MIME-Version: 1.0\nContent-Type: text/html\n\n" + b"<p>\n" * 4_000_000
    )
    size_mb = path.stat().st_size / 1048576
    run = run_measured("analyze", "--offline", "--workers", "1", str(path), timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.peak_mb < _baseline_mb(tmp_path) + AMPLIFICATION * size_mb, (run.peak_mb, size_mb)


def test_mbox_of_messages_of_short_lines(tmp_path: Path) -> None:
    message = HEAD + b"\n" + b"x\n" * 2_000_000
    path = tmp_path / "short-lines.mbox"
    path.write_bytes(b"From alice@sender.example Mon Mar  3 10:00:00 2025\n" + message + b"\n")
    with path.open("ab") as mbox:
        mbox.write(b"From alice@sender.example Mon Mar  3 10:00:01 2025\n" + message + b"\n")
    size_mb = path.stat().st_size / 1048576
    run = run_measured("analyze", "--offline", "--workers", "1", str(path), timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count("Subject:    big") == 2, run.stdout[-2000:]
    assert run.peak_mb < _baseline_mb(tmp_path) + AMPLIFICATION * size_mb, (run.peak_mb, size_mb)
