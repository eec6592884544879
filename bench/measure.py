"""Throughput of the offline analysis and of the stdlib baseline, in one process and in a pool.

The functions given to the pool live at module level so multiprocessing can pickle them; each
worker builds its Analyzer once (as the CLI does per run) and returns only a count, so the
figure measures analysis, not the pickling of reports.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import multiprocessing
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inspector.model.codes import SourceKind
from inspector.model.message import SourceRef
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer

_ANALYZER: Analyzer | None = None
_REF = SourceRef("<bench>", 0, SourceKind.EML)


def load_folder(folder: Path, count: int) -> list[bytes]:
    """The first ``count`` messages of the benchmark folder, in memory (reading is not timed)."""
    return [p.read_bytes() for p in sorted(folder.iterdir())[:count]]


def stdlib_full_parse(raw: bytes) -> int:
    """The baseline: what Python's own email package does for a complete parse."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = 0
    for part in msg.walk():
        if part.is_multipart():
            continue
        # The stdlib's own content managers refuse some parts; that is part of its cost too.
        with contextlib.suppress(Exception):
            part.get_content()  # type: ignore[attr-defined]
        parts += 1
    return parts


def _init_analyzer() -> None:
    global _ANALYZER
    _ANALYZER = Analyzer(AnalysisOptions(offline=True))


def analyze_offline(raw: bytes) -> int:
    """Analyse one message offline; returns the number of internal errors (stage crashes)."""
    if _ANALYZER is None:
        _init_analyzer()
    assert _ANALYZER is not None
    report = _ANALYZER.analyze(raw, _REF)
    return sum(1 for e in report.errors if "internal error" in e)


def rate_sequential(fn: Callable[[bytes], int], raws: Sequence[bytes]) -> tuple[float, int]:
    """Messages per second in this process, and the sum of what ``fn`` returned."""
    fn(raws[0])  # warm caches and lazy imports, as any long run would
    started = time.perf_counter()
    total = sum(fn(raw) for raw in raws)
    return len(raws) / (time.perf_counter() - started), total


def _warm_worker(fn: Callable[[bytes], int], raw: bytes, ready: Any) -> None:
    fn(raw)  # lazy imports and data tables (public suffix list, ...) load here, untimed
    ready.wait()


def rate_pool(fn: Callable[[bytes], int], raws: Sequence[bytes], procs: int) -> float:
    """Messages per second with ``procs`` worker processes (start-up and warm-up not timed)."""
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Barrier(procs + 1)
    with ctx.Pool(procs, initializer=_warm_worker, initargs=(fn, raws[0], ready)) as pool:
        ready.wait(timeout=300)  # every worker has started and analysed one message
        started = time.perf_counter()
        for _ in pool.imap_unordered(fn, raws, chunksize=16):
            pass
        return len(raws) / (time.perf_counter() - started)


def median_of(runs: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    values = [measure() for _ in range(runs)]
    return statistics.median(values), values
