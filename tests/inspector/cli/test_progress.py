"""The progress bar: drawn only for a person at a terminal, with count, rate and time left."""

from __future__ import annotations

import io
from pathlib import Path

from inspector.cli.progress import ProgressBar, total_size


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_written_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    clock = Clock()
    bar = ProgressBar(stream, 1000, clock=clock)
    for _ in range(50):
        bar.read(10)
        clock.now += 1
        bar.done()
    bar.close()
    assert not bar.enabled
    assert stream.getvalue() == ""


def test_a_terminal_sees_count_rate_and_time_left_then_a_clean_line() -> None:
    stream = Terminal()
    clock = Clock()
    bar = ProgressBar(stream, 1000, clock=clock)
    for _ in range(25):
        bar.read(10)
        clock.now += 0.5
        bar.done()
    drawn = stream.getvalue()
    assert "\r" in drawn and "25 messages" in drawn
    assert "2.0/s" in drawn  # 25 in 12.5 s
    assert "25%" in drawn and "about 0:37 left" in drawn  # a quarter read in 12.5 s
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_without_a_known_size_there_is_no_time_left() -> None:
    clock = Clock()
    bar = ProgressBar(Terminal(), None, clock=clock)
    bar.read(100)
    clock.now += 2
    bar.done()
    assert bar.line(clock.now) == "1 messages, 0.5/s"


def test_the_size_of_files_and_folders_is_known_and_stdin_s_is_not(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.eml").write_bytes(b"y" * 5)
    assert total_size([str(tmp_path)]) == 15
    assert total_size([str(tmp_path / "a.eml"), str(tmp_path / "missing.eml")]) == 10
    assert total_size([str(tmp_path), "-"]) is None


def test_messages_read_ahead_do_not_count_until_their_result_is_out() -> None:
    clock = Clock()
    bar = ProgressBar(Terminal(), 100, clock=clock)
    for _ in range(8):
        bar.read(10)  # the workers' window: read, not yet analysed
    clock.now += 10
    bar.done()
    assert "10%" in bar.line(clock.now) and "about 1:30 left" in bar.line(clock.now)
