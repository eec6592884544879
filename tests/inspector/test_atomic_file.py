"""Reports appear whole or not at all: a writer that fails, a file that exists, a run killed
with SIGKILL in the middle of writing, on filesystems with and without O_TMPFILE."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inspector import atomic_file
from inspector.atomic_file import partial_path, remove_stale_partials, write_atomically


@pytest.fixture(params=["nameless", "named-partial"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of writing: O_TMPFILE where the system has it, the named fallback anyway."""
    if request.param == "named-partial":
        monkeypatch.setattr(atomic_file, "anonymous_file", lambda _fd, _mode=0o644: None)
    return str(request.param)


def _write(text: str) -> object:
    return lambda tmp: Path(tmp).write_text(text, encoding="utf-8")


def test_the_report_is_written_and_nothing_else(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "out.html"
    write_atomically(target, _write("<p>report</p>"), force=False)  # type: ignore[arg-type]
    assert target.read_text("utf-8") == "<p>report</p>"
    assert os.listdir(tmp_path) == ["out.html"]


def test_a_private_file_is_readable_by_its_owner_only(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "client.dicase"
    write_atomically(target, _write("case"), force=False, private=True)  # type: ignore[arg-type]
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_report_follows_the_umask(tmp_path: Path, mode: str) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "r.html", _write("r"), force=False)  # type: ignore[arg-type]
    finally:
        os.umask(old)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "out.json"
    target.write_text("mine")
    with pytest.raises(FileExistsError):
        write_atomically(target, _write("new"), force=False)  # type: ignore[arg-type]
    assert target.read_text() == "mine"
    assert os.listdir(tmp_path) == ["out.json"]
    write_atomically(target, _write("new"), force=True)  # type: ignore[arg-type]
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.json"]


def test_a_failing_writer_leaves_nothing(tmp_path: Path, mode: str) -> None:
    def fail(tmp: str) -> None:
        Path(tmp).write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(tmp_path / "out.pdf", fail, force=False)
    assert os.listdir(tmp_path) == []


_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from inspector import atomic_file
if sys.argv[2] == "named-partial":
    atomic_file.anonymous_file = lambda _fd, _mode=0o644: None
def writer(tmp):
    Path(tmp).write_text("half a report")
    os.kill(os.getpid(), signal.SIGKILL)
atomic_file.write_atomically(Path(sys.argv[1]), writer, force=False)
"""


def _killed_while_writing(target: Path, mode: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_KILLED_WRITER), str(target), mode],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == -9, done.stderr


def test_sigkill_while_writing_leaves_nothing_that_looks_like_output(tmp_path: Path) -> None:
    folder = os.open(tmp_path, os.O_RDONLY)
    probe = atomic_file.anonymous_file(folder)
    os.close(folder)
    if probe is None:
        pytest.skip("this filesystem has no O_TMPFILE; the named fallback is tested below")
    os.close(probe)
    _killed_while_writing(tmp_path / "out.pdf", "nameless")
    assert os.listdir(tmp_path) == []


def test_a_partial_left_by_a_killed_run_is_removed_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    _killed_while_writing(target, "named-partial")
    (left,) = os.listdir(tmp_path)
    assert left.startswith(".out.pdf.") and left.endswith(".partial")
    write_atomically(target, _write("whole"), force=False)  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == ["out.pdf"]


def test_a_partial_of_a_running_writer_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    mine = partial_path(target)
    mine.write_text("being written")
    dead = partial_path(target, pid=2**22 + 1)  # above any Linux pid_max
    dead.write_text("abandoned")
    other = tmp_path / ".other.json.99.partial"
    other.write_text("another report's")
    assert remove_stale_partials(target) == [dead]
    assert sorted(os.listdir(tmp_path)) == sorted([mine.name, other.name])
