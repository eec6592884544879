"""Writing a report so that no kill, crash or full disk ever leaves something that looks like one.

Where Linux allows it, the file is made with ``O_TMPFILE``: an inode in the target's folder that
has no name at all while it is written (the writer, which may be Qt and only takes a path,
reaches it as ``/proc/self/fd/N``). Only when complete is it given its name with ``linkat``,
which also refuses to replace an existing file unless asked to. A run killed with SIGKILL at any
moment therefore leaves nothing behind: the kernel frees an unnamed inode when its last
descriptor closes.

Filesystems without ``O_TMPFILE`` (some network and FUSE ones) get a named temporary file,
``.NAME.PID.partial``: hidden, clearly unfinished, and removed by the next run that writes the
same report once process PID no longer exists. The same name is used for the instant between
linking and renaming when an existing report is replaced (``force``).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path

PARTIAL_SUFFIX = ".partial"


def partial_path(target: Path, pid: int | None = None) -> Path:
    return target.with_name(f".{target.name}.{os.getpid() if pid is None else pid}{PARTIAL_SUFFIX}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def remove_stale_partials(target: Path) -> list[Path]:
    """Delete ``.NAME.PID.partial`` files left beside ``target`` by runs that died."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+){re.escape(PARTIAL_SUFFIX)}")
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)
                removed.append(target.parent / name)
    return removed


def anonymous_file(directory_fd: int, mode: int = 0o644) -> int | None:
    """A descriptor of a nameless file in the folder ``directory_fd``, or None where the
    system cannot make one."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(".", flag | os.O_RDWR | os.O_CLOEXEC, mode, dir_fd=directory_fd)
    except OSError:
        return None  # EOPNOTSUPP, EISDIR on old kernels, ...


def _link(source: str, name: str, directory_fd: int) -> None:
    """``linkat(..., AT_SYMLINK_FOLLOW)``: the explicit folder descriptor is what makes Python
    call linkat (plain ``link`` would link the /proc symlink itself and fail with EXDEV)."""
    os.link(source, name, src_dir_fd=directory_fd, dst_dir_fd=directory_fd, follow_symlinks=True)


def _publish_link(source: str, target: Path, directory_fd: int, *, force: bool) -> None:
    """Name the finished nameless file (``source`` is its /proc/self/fd path)."""
    try:
        _link(source, target.name, directory_fd)
        return
    except FileExistsError:
        if not force:
            raise
    partial = partial_path(target).name
    with contextlib.suppress(FileNotFoundError):
        os.unlink(partial, dir_fd=directory_fd)
    _link(source, partial, directory_fd)
    try:
        os.replace(partial, target.name, src_dir_fd=directory_fd, dst_dir_fd=directory_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=directory_fd)
        raise


def _publish_named(partial: Path, target: Path, *, force: bool) -> None:
    if force:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)  # fails if target exists, atomically
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links: the check and the rename are separate
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(partial, target)


def write_atomically(
    path: Path, writer: Callable[[str], object], *, force: bool, private: bool = False
) -> None:
    """Run ``writer(temp_path)`` and give the result the name ``path`` only once complete.

    ``private`` files (cases and DNS recordings hold a client's whole messages and lookups)
    are readable by their owner only, from the moment they exist; reports are made to be
    handed over and follow the umask.

    Raises FileExistsError when ``path`` exists and ``force`` is false (checked atomically by
    the final link, so a file that appears meanwhile is never replaced)."""
    mode = 0o600 if private else 0o644
    directory = path.parent if str(path.parent) else Path(".")
    remove_stale_partials(path)
    directory_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fd = anonymous_file(directory_fd, mode)
        if fd is not None:
            try:
                proc_path = f"/proc/self/fd/{fd}"
                writer(proc_path)
                _publish_link(proc_path, path, directory_fd, force=force)
            finally:
                os.close(fd)
            return
    finally:
        os.close(directory_fd)
    partial = partial_path(path)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode))
        writer(str(partial))
        _publish_named(partial, path, force=force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
