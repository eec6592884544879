"""Write one benchmark run to bench/results/<date>.json and a readable <date>.md beside it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol


class TargetLike(Protocol):
    name: str
    value: float | None
    limit: float
    unit: str
    higher_is_better: bool

    @property
    def held(self) -> bool | None: ...

    def line(self) -> str: ...


def write_results(
    directory: Path,
    stamp: datetime,
    meta: dict[str, Any],
    figures: dict[str, Any],
    targets: Sequence[TargetLike],
    notes: Sequence[str],
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    base = directory / stamp.strftime("%Y-%m-%d")
    data = {
        **meta,
        "figures": figures,
        "targets": [
            {
                "name": t.name,
                "value": t.value,
                "limit": t.limit,
                "unit": t.unit,
                "comparison": ">=" if t.higher_is_better else "<",
                "held": t.held,
            }
            for t in targets
        ],
        "notes": list(notes),
    }
    json_path = base.with_suffix(".json")
    json_path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    md_path = base.with_suffix(".md")
    md_path.write_text(_markdown(data, targets))
    return [json_path, md_path]


def _f(value: Any, digits: int = 0) -> str:
    return f"{value:,.{digits}f}" if isinstance(value, int | float) else "n/a"


def _markdown(data: dict[str, Any], targets: Sequence[TargetLike]) -> str:
    fig = data["figures"]
    lines = [
        f"# Benchmark run {data['date']}",
        "",
        f"Python {data['python']} on {data['machine']}; {data['seconds']:.0f} s in all"
        f"{' (quick: one run per figure)' if data['quick'] else ''}. Corpus:"
        f" {data['corpus']['unique_messages']} distinct messages repeated with distinct"
        f" Message-IDs to {data['corpus']['messages']:,}.",
        "",
        "## Targets",
        "",
        "| target | value | limit | result |",
        "|---|---|---|---|",
    ]
    for t in targets:
        state = {True: "held", False: "**missed**", None: "not measured"}[t.held]
        op = ">=" if t.higher_is_better else "<"
        value = "n/a" if t.value is None else f"{t.value:,.3g} {t.unit}"
        lines.append(f"| {t.name} | {value} | {op} {t.limit:,.3g} {t.unit} | {state} |")
    lines += ["", "## Figures", ""]
    tp = fig.get("throughput")
    if tp:
        lines += [
            f"Offline analysis of {tp['messages']:,} messages (medians of"
            f" {len(tp['analysis_one_process']['runs'])} runs), messages per second:",
            "",
            "| | ours | stdlib full parse | ratio |",
            "|---|---|---|---|",
            f"| 1 process | {_f(tp['analysis_one_process']['median'])} |"
            f" {_f(tp['stdlib_one_process']['median'])} |"
            f" {tp['analysis_one_process']['median'] / tp['stdlib_one_process']['median']:.2f} |",
            f"| {tp['processes']} processes | {_f(tp['analysis_all_cores']['median'])} |"
            f" {_f(tp['stdlib_all_cores']['median'])} |"
            f" {tp['analysis_all_cores']['median'] / tp['stdlib_all_cores']['median']:.2f} |",
            "",
        ]
    gui = fig.get("gui")
    if gui:
        lines += ["GUI, opening the 10,000-message mbox offscreen:", ""]
        lines += [f"- {k}: {v}" for k, v in gui.items()]
        lines.append("")
    mem = fig.get("memory")
    if mem:
        lines += [
            "Peak memory (VmHWM, one process per size: index the mbox, keep every reference,"
            " then analyse it all offline with 8 threads):",
            "",
            "| messages | peak MB | after indexing MB | end-to-end msg/s |",
            "|---|---|---|---|",
        ]
        for size, r in mem["by_size"].items():
            rate = r["messages"] / r["total_s"] if r["total_s"] else 0
            lines.append(
                f"| {int(size):,} | {r['peak_mb']:.0f} | {r['index_mb']:.0f} | {rate:.0f} |"
            )
        lines += [
            "",
            f"Import-only floor {mem['import_only_mb']:.0f} MB; slope"
            f" {mem['slope_mb_per_1000']:+.2f} MB per 1,000 messages.",
            "",
        ]
    dns = fig.get("dns_latency")
    if dns:
        lines += [
            f"DNS with 50 ms added to every answer: {dns['messages']:,} messages,"
            f" {dns['workers']} workers, {dns['unique_lookups']:,} unique lookups"
            f" ({dns['queries']:,} questions): {dns['wall_s']:.1f} s wall against"
            f" {dns['ideal_s']:.1f} s (unique x 50 ms / 32), ratio"
            f" {dns['wall_s'] / dns['ideal_s']:.1f}.",
            "",
        ]
    pdf = fig.get("pdf")
    if pdf:
        lines += [
            f"PDF: one message {pdf['one_s'] * 1000:.0f} ms ({pdf['one_pages']} pages; a"
            f" one-paragraph PDF {pdf['floor_s'] * 1000:.0f} ms); a"
            f" {pdf['mailbox_messages']:,}-message mailbox report {pdf['mailbox_total_s']:.1f} s"
            f" ({pdf['mailbox_pages']:,} pages, {pdf['mailbox_bytes'] / 1e6:.1f} MB).",
            "",
        ]
    cold = fig.get("cold_start")
    if cold:
        lines += ["Cold start:", ""] + [f"- {k}: {v}" for k, v in cold.items()] + [""]
    ref = fig.get("reference_filters")
    lines += [
        "Reference filters: "
        + (", ".join(f"{k} at {v}" for k, v in ref.items()) if ref else "none installed")
        + ".",
        "",
    ]
    stages = fig.get("stages")
    if stages:
        lines += [
            f"Where the offline analysis spends its {stages['ms_per_message']:.2f} ms per message"
            f" ({stages['messages']} messages; stages and rules timed by wrapping them):",
            "",
            "| part | ms per message |",
            "|---|---|",
            *[f"| {k} | {v:.2f} |" for k, v in stages["stages"].items()],
            *[f"| {k} | {v:.2f} |" for k, v in list(stages["top_rules"].items())[:6]],
            "",
        ]
    prof = fig.get("profile")
    if prof:
        lines += ["Profile (cProfile, own time):", "", "```", *prof["tottime"][:20], "```", ""]
        lines += ["Profile (cumulative):", "", "```", *prof["cumulative"][:25], "```", ""]
    if data["notes"]:
        lines += ["Notes:", ""] + [f"- {n}" for n in data["notes"]] + [""]
    lines.append(f"Step seconds: {data['step_seconds']}")
    return "\n".join(lines) + "\n"
