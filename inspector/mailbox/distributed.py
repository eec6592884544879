"""Analysing archives too large for one machine on a Dask cluster (an optional extra).

Why Dask: an ESP's seed-list or bounce archive of millions of messages needs many machines,
and scheduling, retries, data locality and worker loss are solved problems there; this module
only maps the analysis over files. Install with ``pip install -r requirements-dask.txt``; the
default install and the frozen application do without it (it is imported only here, only when
used).

The unit of work is one file (a message, an mbox, an Outlook .msg): folders are expanded into
their files, so every worker must see the same paths (a shared file system). Results come back
in the order of the files, at most ``window`` files in flight, so the caller's memory stays
flat with the archive's size. Use from Python::

    from distributed import Client
    from inspector.mailbox.distributed import analyze_files

    with Client("tcp://scheduler:8786") as client:
        for line in analyze_files(["/archive"], client):
            ...  # a JSON text per message, or a ReadError for an unreadable input
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from inspector.errors import InspectorError
from inspector.model.message import ReadError
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer
from inspector.report.json import report_to_json
from inspector.report.text import format_error

#: Files submitted ahead of the one being written out.
DEFAULT_WINDOW = 64
CONNECT_SECONDS = 10


class DaskMissingError(InspectorError):
    """The optional Dask extra is not installed."""


def expand_files(paths: Iterable[str]) -> Iterator[str]:
    """Every file under ``paths``, in a stable order (hidden names skipped)."""
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    yield os.path.join(folder, name)


def analyze_file(path: str, options: AnalysisOptions) -> list[str | ReadError]:
    """A JSON text per message of one file, or a ReadError (runs on a Dask worker)."""

    out: list[str | ReadError] = []
    with Analyzer(options) as analyzer:
        for item in iter_messages([path]):
            if isinstance(item, ReadError):
                out.append(item)
            else:
                out.append(report_to_json(analyzer.analyze(item[1], item[0])))
    return out


def analyze_files(
    paths: Iterable[str],
    client: Any,
    options: AnalysisOptions | None = None,
    *,
    window: int = DEFAULT_WINDOW,
) -> Iterator[str | ReadError]:
    """Analyse every file under ``paths`` on the cluster behind ``client`` (a
    ``distributed.Client``): a JSON text per message, in file order, or a ReadError for an
    input that could not be read or whose analysis the cluster lost."""
    chosen = options or AnalysisOptions(offline=True)
    pending: deque[tuple[str, Any]] = deque()
    files = iter(expand_files(paths))
    while True:
        while len(pending) < max(1, window):
            path = next(files, None)
            if path is None:
                break
            future = client.submit(analyze_file, path, chosen, pure=False)
            pending.append((path, future))
        if not pending:
            return
        path, future = pending.popleft()
        try:
            results: list[str | ReadError] = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost or failed task costs only its file
            results = [ReadError(path, f"the cluster could not analyse this file: {exc!r}")]
        finally:
            future.release()
        yield from results


def write_json_lines(
    paths: Iterable[str],
    address: str,
    options: AnalysisOptions,
    *,
    out: TextIO,
    err: TextIO,
) -> int:
    """``main.py analyze --scheduler ADDRESS``: JSON Lines on ``out``, unreadable inputs on
    ``err``; 1 when some input could not be analysed, else 0."""
    try:
        from distributed import Client  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise DaskMissingError(
            "--scheduler needs the Dask extra: pip install -r requirements-dask.txt"
        ) from None

    failed = False
    try:
        client = Client(address, timeout=CONNECT_SECONDS)  # type: ignore[no-untyped-call,unused-ignore]
    except (OSError, ValueError) as exc:  # refused, timed out, or not an address
        raise InspectorError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        for item in analyze_files(paths, client, options):
            if isinstance(item, ReadError):
                failed = True
                err.write(format_error(item) + "\n")
            else:
                out.write(item + "\n")
            out.flush()
    return 1 if failed else 0
