"""``make bench``: peak memory of ``main.py report`` per format at two mailbox sizes (issue 16).

Each report runs in a fresh process (``bench.tasks report_memory``), so its peak is its own.
Reports are streamed, so the peak must stay flat from 2,500 to 10,000 messages and under the
target at 10,000.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bench.corpus import SIZES, TOTAL

if TYPE_CHECKING:
    from bench.run import Bench

REPORT_FORMATS = ("pdf", "html", "json")


def measure_report_memory(b: Bench) -> None:
    """Peak memory of ``main.py report`` per format at two mailbox sizes: the figure must stay
    flat (reports are streamed), under the target at the largest size."""
    from bench.run import Target, run_task

    sizes = (SIZES[0], TOTAL)
    results: dict[str, dict[str, Any]] = {}
    for fmt in REPORT_FORMATS:
        by_size = {}
        for size in sizes:
            path = b.corpus.prefixes[size]
            by_size[str(size)] = run_task("report_memory", path, fmt, timeout=1800)
        results[fmt] = by_size
        small, large = by_size[str(sizes[0])], by_size[str(sizes[1])]
        slope = (large["peak_mb"] - small["peak_mb"]) / ((sizes[1] - sizes[0]) / 1000)
        b.say(
            f"  {fmt}: {sizes[0]:,} messages {small['peak_mb']:.0f} MB, {sizes[1]:,} messages"
            f" {large['peak_mb']:.0f} MB ({slope:+.1f} MB per 1,000; {large['seconds']:.0f} s,"
            f" {large['bytes'] / 1e6:.1f} MB written)"
        )
        b.target(
            Target(f"report peak memory, {sizes[1]:,} messages, {fmt}", large["peak_mb"], 600, "MB")
        )
        b.target(Target(f"report memory slope, {fmt}", slope, 5.0, "MB per 1,000 messages"))
    b.figures["report_memory"] = results
