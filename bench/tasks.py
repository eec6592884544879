"""Benchmark steps that need a process of their own: ``python -m bench.tasks NAME ARGS...``.

Each prints one JSON object on its last stdout line. A fresh process per step makes peak
memory (``ru_maxrss`` never goes down) and cold imports mean something.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from inspector.model.codes import SourceKind

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def maxrss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    Why VmHWM and not ``ru_maxrss``: Linux keeps ``ru_maxrss`` across fork and exec, so a child
    started by a big parent reports the parent's peak; VmHWM belongs to this program's own
    address space."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def task_memory(mbox: str) -> dict[str, object]:
    """Index the mbox (keep every reference, as the GUI list does), then analyse it all."""
    from inspector.mailbox.in_process import analyze_with_limit
    from inspector.model.message import ReadError, SourceRef
    from inspector.options import AnalysisOptions
    from inspector.parse.sources import iter_messages, iter_refs
    from inspector.pipeline import Analyzer

    imported = maxrss_mb()
    started = time.perf_counter()
    refs: list[SourceRef] = [r for r in iter_refs([mbox]) if not isinstance(r, ReadError)]
    indexed = time.perf_counter() - started
    after_index = maxrss_mb()
    count = errors = 0
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        for report in analyze_with_limit(
            analyzer, iter_messages([mbox]), threads=8, message_timeout=None
        ):
            if not isinstance(report, ReadError):
                count += 1
                errors += sum(1 for e in report.errors if "internal error" in e)
    return {
        "messages": count,
        "refs": len(refs),
        "import_mb": round(imported, 1),
        "index_mb": round(after_index, 1),
        "peak_mb": round(maxrss_mb(), 1),
        "index_s": round(indexed, 2),
        "total_s": round(time.perf_counter() - started, 2),
        "internal_errors": errors,
    }


def task_baseline_memory() -> dict[str, object]:
    """The floor: the interpreter with the analysis core imported, nothing analysed."""
    import inspector.pipeline  # noqa: F401

    return {"peak_mb": round(maxrss_mb(), 1)}


def task_dns(folder: str, count: str, delay: str, workers: str) -> dict[str, object]:
    """Analyse ``count`` messages online against a loopback DNS server adding ``delay``."""
    from bench.measure import load_folder
    from inspector.mailbox.in_process import analyze_with_limit
    from inspector.model.message import ReadError, SourceRef
    from inspector.options import AnalysisOptions
    from inspector.pipeline import Analyzer
    from tests.support.dns_server import LoopbackDns

    raws = load_folder(Path(folder), int(count))
    items = [(SourceRef(f"<bench {n}>", n, SourceKind.EML), raw) for n, raw in enumerate(raws)]
    with LoopbackDns(delay=float(delay)) as server:
        options = AnalysisOptions(
            offline=False,
            dns_servers=(server.server_spec,),
            dns_timeout=2.0,
            dns_budget=10.0,
            rdap=False,  # RDAP would leave the machine; the figure is about DNS latency
        )
        started = time.perf_counter()
        done = errors = temperrors = 0
        with Analyzer(options) as analyzer:
            for report in analyze_with_limit(
                analyzer, items, threads=int(workers), message_timeout=None
            ):
                if isinstance(report, ReadError):
                    continue
                done += 1
                errors += sum(1 for e in report.errors if "internal error" in e)
                temperrors += sum(1 for q in report.dns if "timeout" in str(q.status).lower())
        wall = time.perf_counter() - started
        questions = list(server.queries)
    unique = len(set(questions))
    return {
        "messages": done,
        "workers": int(workers),
        "wall_s": round(wall, 2),
        "queries": len(questions),
        "unique_lookups": unique,
        "timeouts_in_evidence": temperrors,
        "internal_errors": errors,
    }


def task_pdf(folder: str, count: str) -> dict[str, object]:
    """PDF export of one message and of a ``count``-message mailbox report."""
    from bench.measure import load_folder
    from inspector.model.message import SourceRef
    from inspector.options import AnalysisOptions
    from inspector.pipeline import Analyzer
    from inspector.report.client import render_html
    from ui.pdf_writer import write_pdf

    raws = load_folder(Path(folder), int(count))
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        reports = [
            analyzer.analyze(raw, SourceRef(f"msg-{n:05d}.eml", 0, SourceKind.EML))
            for n, raw in enumerate(raws)
        ]
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        floor = []
        for n in range(3):
            t = time.perf_counter()
            write_pdf("<html><body><p>One paragraph.</p></body></html>", f"{tmp}/floor{n}.pdf")
            floor.append(time.perf_counter() - t)
        one = []
        for n in range(3):
            t = time.perf_counter()
            pages = write_pdf(render_html([reports[n]]), f"{tmp}/one{n}.pdf")
            one.append(time.perf_counter() - t)
        t = time.perf_counter()
        html = render_html(reports)
        html_s = time.perf_counter() - t
        t = time.perf_counter()
        mailbox_pages = write_pdf(html, f"{tmp}/mailbox.pdf")
        mailbox_s = time.perf_counter() - t
        size = os.path.getsize(f"{tmp}/mailbox.pdf")
    out.update(
        floor_s=sorted(floor)[1],
        one_s=sorted(one)[1],
        one_pages=pages,
        mailbox_messages=len(reports),
        mailbox_html_s=round(html_s, 2),
        mailbox_pdf_s=round(mailbox_s, 2),
        mailbox_total_s=round(html_s + mailbox_s, 2),
        mailbox_pages=mailbox_pages,
        mailbox_bytes=size,
        mailbox_html_chars=len(html),
        peak_mb=round(maxrss_mb(), 1),
    )
    return out


def task_report_memory(mbox: str, fmt: str) -> dict[str, object]:
    """``main.py report`` of the whole mbox to one format, offline, in this process: its
    peak memory is the figure (reports must be streamed, never all held)."""
    import main as entry

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"report.{fmt}"
        started = time.perf_counter()
        status = entry.main(["report", "--offline", mbox, "-o", str(out)])
        seconds = time.perf_counter() - started
        size = out.stat().st_size if out.exists() else 0
    return {
        "format": fmt,
        "status": status,
        "seconds": round(seconds, 1),
        "bytes": size,
        "peak_mb": round(maxrss_mb(), 1),
    }


def task_profile(folder: str, count: str) -> dict[str, object]:
    """Where the offline analysis spends its time (cProfile, own time and cumulative)."""
    from bench.measure import analyze_offline, load_folder

    raws = load_folder(Path(folder), int(count))
    analyze_offline(raws[0])
    prof = cProfile.Profile()
    prof.enable()
    for raw in raws:
        analyze_offline(raw)
    prof.disable()
    result: dict[str, object] = {"messages": len(raws)}
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.strip_dirs().sort_stats(key).print_stats(18)
        result[key] = buf.getvalue().split("\n")[6:]
    return result


def task_stages(folder: str, count: str) -> dict[str, object]:
    """Milliseconds per message in each pipeline stage and each rule, timed by wrapping them
    in this process only (no profiler overhead, so the split is the real one)."""
    from collections import defaultdict

    import inspector.pipeline as pipeline
    from bench.measure import load_folder
    from inspector.model.message import SourceRef
    from inspector.options import AnalysisOptions
    from inspector.rules import registry

    spent: defaultdict[str, float] = defaultdict(float)
    original_run = pipeline._Stages.run

    def timed_run(self: Any, name: str, fn: Any, fallback: Any) -> Any:
        t = time.perf_counter()
        try:
            return original_run(self, name, fn, fallback)
        finally:
            spent[f"stage {name}"] += time.perf_counter() - t

    def wrap(label: str, fn: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                result = fn(*args, **kwargs)
                # Rules are generators: their work happens while they are iterated.
                return list(result) if isinstance(result, Iterator) else result
            finally:
                spent[label] += time.perf_counter() - t

        timed.__qualname__ = getattr(fn, "__qualname__", label)
        timed.__module__ = getattr(fn, "__module__", "")
        return timed

    registry.load_all()
    pipeline._Stages.run = timed_run  # type: ignore[method-assign]
    pipeline.parse_message = wrap("parse_message", pipeline.parse_message)
    pipeline.run_rules = wrap("all rules", pipeline.run_rules)
    rules = registry._RULES
    rules[:] = [wrap(f"rule {registry.theme_of(f)}.{f.__qualname__}", f) for f in rules]

    raws = load_folder(Path(folder), int(count))
    analyzer = pipeline.Analyzer(AnalysisOptions(offline=True))
    analyzer.analyze(raws[0], SourceRef("<warm>"))
    spent.clear()
    started = time.perf_counter()
    for n, raw in enumerate(raws):
        analyzer.analyze(raw, SourceRef(f"<bench {n}>", n))
    total = time.perf_counter() - started
    per_msg = {k: round(v / len(raws) * 1000, 2) for k, v in spent.items()}
    stages = {k: v for k, v in per_msg.items() if not k.startswith("rule ")}
    rule_times = {k: v for k, v in per_msg.items() if k.startswith("rule ")}
    return {
        "messages": len(raws),
        "ms_per_message": round(total / len(raws) * 1000, 2),
        "stages": dict(sorted(stages.items(), key=lambda kv: -kv[1])),
        "top_rules": dict(sorted(rule_times.items(), key=lambda kv: -kv[1])[:12]),
    }


def task_import_window() -> dict[str, object]:
    """Fallback cold start: import the main window and build it offscreen, timed in-process."""
    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import ui.main_window as mw

    window = mw.MainWindow()  # type: ignore[call-arg]
    window.show()
    app.processEvents()
    return {"seconds": round(time.perf_counter() - started, 3)}


TASKS = {
    "memory": task_memory,
    "baseline_memory": task_baseline_memory,
    "dns": task_dns,
    "pdf": task_pdf,
    "report_memory": task_report_memory,
    "profile": task_profile,
    "stages": task_stages,
    "import_window": task_import_window,
}


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = TASKS[argv[0]](*argv[1:])  # type: ignore[operator]
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    # PySide6 has aborted during interpreter finalization after a large write_pdf ("none_dealloc"
    # while garbage-collecting); the figures are out, so leave without finalizing.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
