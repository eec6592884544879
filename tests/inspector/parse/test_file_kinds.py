"""Why a folder walk does not read a path: each kind of non-file named, regular files and
folders (and links to files) passed through."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from inspector.parse.file_kinds import os_error_text, skip_reason


def test_files_folders_and_links_to_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "m.eml").write_bytes(b"From: a@example.com\n\nx\n")
    (tmp_path / "link.eml").symlink_to(tmp_path / "m.eml")
    (tmp_path / "sub").mkdir()
    for name in ("m.eml", "link.eml", "sub"):
        assert skip_reason(str(tmp_path / name)) is None


def test_fifo_and_socket(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert skip_reason(str(tmp_path / "pipe")) == "skipped: a named pipe (FIFO), not a file"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock"))
        assert skip_reason(str(tmp_path / "sock")) == "skipped: a socket, not a file"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_device_and_link_to_a_device(tmp_path: Path) -> None:
    assert skip_reason("/dev/null") == "skipped: a character device, not a file"
    (tmp_path / "dev").symlink_to("/dev/null")
    assert skip_reason(str(tmp_path / "dev")) == (
        "skipped: a symbolic link to a character device, not a file"
    )


def test_broken_looping_and_folder_links(tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sublink").symlink_to(tmp_path / "sub")
    assert "broken symbolic link" in (skip_reason(str(tmp_path / "gone")) or "")
    assert "loops" in (skip_reason(str(tmp_path / "a")) or "")
    assert "link to a folder" in (skip_reason(str(tmp_path / "sublink")) or "")


def test_os_error_text() -> None:
    assert os_error_text(PermissionError(13, "Permission denied")) == "permission denied"
    assert os_error_text(FileNotFoundError(2, "x")) == "no such file or directory"
    assert os_error_text(OSError(5, "Input/output error")) == "cannot read: Input/output error"
