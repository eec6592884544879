"""Argument types that turn unusable command-line values into usage errors (exit status 2).

Each check happens while arguments are parsed, before any message is read, so a typo costs
nothing and never half-runs: an unbounded ``--workers`` would start that many threads, a
``--rdap-bootstrap`` naming a device would be read whole, and a ``--save-dns`` in a missing
folder would only fail (or, worse, create folders) after the whole analysis.
"""

from __future__ import annotations

import argparse
import os

from inspector.net.bootstrap_file import bootstrap_location_problem
from inspector.net.server_spec import DnsConfigError, parse_server_spec

MIN_WORKERS = 1
MAX_WORKERS = 64
MAX_SECONDS_LIMIT = 86400.0


def server_spec(value: str) -> str:
    """Accept ``ip``, ``ip:port``, ``[v6]:port`` or a bare IPv6 address."""
    try:
        parse_server_spec(value)
    except DnsConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value.strip()


def worker_count(value: str) -> int:
    """An integer in MIN_WORKERS..MAX_WORKERS: more threads than that only add contention."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not MIN_WORKERS <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f"{count} is out of range; use {MIN_WORKERS} to {MAX_WORKERS}"
        )
    return count


def seconds_limit(value: str) -> float:
    """A time limit in seconds: positive and finite (a day at most, which is no limit)."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 < seconds <= MAX_SECONDS_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{value} is out of range; use more than 0 and at most {MAX_SECONDS_LIMIT:g}"
        )
    return seconds


def bootstrap_location(value: str) -> str:
    """A folder, or a regular file small enough to be a bootstrap registry."""
    problem = bootstrap_location_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def file_in_existing_folder(value: str) -> str:
    """A file to be written later, whose folder must already exist (none is ever created)."""
    folder = os.path.dirname(value) or "."
    if not os.path.isdir(folder):
        raise argparse.ArgumentTypeError(f"folder {folder} does not exist")
    if os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"{value} is a folder, not a file")
    return value
