"""What a path on disk is, in words: why it cannot be read, or why a folder walk does not
read it.

A folder may hold things that are not files: named pipes (reading one waits forever for a
writer), devices, sockets, links to any of these, links whose target is gone and links that
loop. The walk never opens them, and says so for each one instead of passing over it in
silence: a user who does not see a path in the results must be told why.
"""

from __future__ import annotations

import errno
import os
import stat


def os_error_text(exc: OSError) -> str:
    """A short reason for a failed file operation."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot read: {exc.strerror or exc}"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def skip_reason(path: str) -> str | None:
    """Why a folder walk does not read ``path``; None for a regular file (or a link to one)
    and for a folder, which the walk reads."""
    try:
        own = os.lstat(path)
    except OSError as exc:
        return f"skipped: {os_error_text(exc)}"
    if stat.S_ISREG(own.st_mode) or stat.S_ISDIR(own.st_mode):
        return None
    if not stat.S_ISLNK(own.st_mode):
        return f"skipped: {_kind(own.st_mode)}, not a file"
    try:
        target = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "skipped: a symbolic link that loops (it never reaches a file)"
        if exc.errno == errno.ENOENT:
            return "skipped: a broken symbolic link (its target does not exist)"
        return f"skipped: a symbolic link that cannot be followed ({os_error_text(exc)})"
    if stat.S_ISREG(target.st_mode):
        return None
    if stat.S_ISDIR(target.st_mode):
        return "skipped: a symbolic link to a folder (links to folders are not followed)"
    return f"skipped: a symbolic link to {_kind(target.st_mode)}, not a file"
