"""Reading a user-supplied RDAP bootstrap or whois-server file without trusting it.

The location comes from the command line or the settings, so it may name a device (``/dev/zero``),
a FIFO that never ends, or a multi-gigabyte file. IANA's largest bootstrap registry (dns.json) is
about 70 KB, so anything over ``MAX_BOOTSTRAP_BYTES`` is refused rather than read; the check is
made on the opened descriptor, so a file swapped after a path check cannot slip through.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

MAX_BOOTSTRAP_BYTES = 4 * 1024 * 1024


class BootstrapFileError(ValueError):
    """The bootstrap location is not a readable, plausibly sized JSON file or folder."""


def bootstrap_location_problem(location: str) -> str | None:
    """Why ``location`` cannot serve as a bootstrap file or folder, or None when it can."""
    try:
        info = os.stat(location)
    except OSError as exc:
        return f"{location}: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return f"{location} is not a regular file or a folder"
    if info.st_size > MAX_BOOTSTRAP_BYTES:
        return (
            f"{location} is {info.st_size:,} bytes; a bootstrap file is at most "
            f"{MAX_BOOTSTRAP_BYTES:,}"
        )
    return None


def read_bootstrap_json(path: Path) -> Any:
    """The JSON document at ``path``; BootstrapFileError for anything but a small regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BootstrapFileError(f"{path}: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise BootstrapFileError(f"{path} is not a regular file")
        data = handle.read(MAX_BOOTSTRAP_BYTES + 1)
    if len(data) > MAX_BOOTSTRAP_BYTES:
        raise BootstrapFileError(f"{path} is larger than {MAX_BOOTSTRAP_BYTES:,} bytes")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BootstrapFileError(f"{path} is not JSON: {exc}") from exc
