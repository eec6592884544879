"""Analysing in one process with a wall-clock limit: input order kept, a message stuck on a
lookup is its own error once the limit has passed and the stream goes on, cancelling stops
at once, the window of messages in flight stays bounded."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.mailbox.in_process import analyze_with_limit
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer
from tests.integration.runner import run_main
from tests.support.dns_server import LoopbackDns
from tests.support.messages import make_message, numbered_messages, write_folder

OFFLINE = AnalysisOptions(offline=True)


def items(count: int) -> list[tuple[SourceRef, bytes] | ReadError]:
    return [(SourceRef(f"m{i}.eml", 0, SourceKind.EML), make_message(i)) for i in range(count)]


def stuck_dns(server: LoopbackDns) -> AnalysisOptions:
    """Every question answered after 30 s, and timeouts that would wait for it."""
    server.delay = 30.0
    return AnalysisOptions(
        dns_servers=(server.server_spec,), dns_timeout=60.0, dns_budget=120.0, rdap=False
    )


def test_results_come_in_input_order_with_read_errors_in_place() -> None:
    given = items(9)
    given.insert(4, ReadError("broken.eml", "not a message"))
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        out = list(analyze_with_limit(analyzer, given, threads=3, message_timeout=60.0))
    assert out[4] == ReadError("broken.eml", "not a message")
    subjects = [o.message.subject for o in out if isinstance(o, Report)]
    assert subjects == [f"Message number {i}" for i in range(9)]


def test_messages_stuck_on_a_lookup_are_their_errors_after_the_limit(
    dns_server: LoopbackDns,
) -> None:
    started = time.monotonic()
    with Analyzer(stuck_dns(dns_server)) as analyzer:
        out = list(analyze_with_limit(analyzer, items(3), threads=2, message_timeout=1.0))
    assert time.monotonic() - started < 20  # a design bound: the limit, not the 30 s lookups
    errors = [o for o in out if isinstance(o, ReadError)]
    assert [e.path for e in errors] == ["m0.eml", "m1.eml", "m2.eml"]
    assert all("took longer than 1 s and was given up" in e.message for e in errors)


def test_cancelling_stops_the_stream_at_once(dns_server: LoopbackDns) -> None:
    started = time.monotonic()
    with Analyzer(stuck_dns(dns_server)) as analyzer:
        stream = analyze_with_limit(
            analyzer,
            items(4),
            threads=2,
            message_timeout=None,
            cancel=lambda: time.monotonic() - started > 0.5,
        )
        assert list(stream) == []
    assert time.monotonic() - started < 20  # a design bound: not the lookups


def test_the_command_line_gives_up_on_a_stuck_message_in_one_process(
    tmp_path: Path, dns_server: LoopbackDns
) -> None:
    stuck_dns(dns_server)
    folder = write_folder(tmp_path / "m", 2)
    run = run_main(
        "analyze", "--workers", "1", "--message-timeout", "1", "--no-rdap",
        "--dns-server", dns_server.server_spec, "--dns-timeout", "60", "--dns-budget", "120",
        str(folder),
        timeout=25,  # a design bound: the limit and start-up, not the 30 s lookups
    )  # fmt: skip
    assert run.status == 1
    assert run.err.count("took longer than 1 s and was given up") == 2
    assert "Traceback" not in run.err


def test_results_keep_input_order_even_when_later_ones_finish_first(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = analyzer.analyze

    def slow_first(raw: bytes, ref: SourceRef) -> Report:
        time.sleep(0.05 * (8 - int(ref.path[1:].split(".")[0])) if ref.path < "m8" else 0)
        return real(raw, ref)

    monkeypatch.setattr(analyzer, "analyze", slow_first)
    results = list(
        analyze_with_limit(analyzer, numbered_messages(10), threads=4, message_timeout=None)
    )
    assert [r.source.path for r in results if isinstance(r, Report)] == [
        f"m{i}.eml" for i in range(10)
    ]


def test_read_errors_pass_through_in_place(analyzer: Analyzer) -> None:
    items: list[tuple[SourceRef, bytes] | ReadError] = list(numbered_messages(3))
    items.insert(1, ReadError("bad.png", "not a message"))
    items.append(ReadError("gone.eml", "no such file"))
    results = list(analyze_with_limit(analyzer, items, threads=2, message_timeout=None))
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Report", "ReadError", "Report", "Report", "ReadError"]
    assert results[1] == ReadError("bad.png", "not a message")
    assert isinstance(results[3], Report) and results[3].source.path == "m2.eml"


def test_the_same_message_gives_the_same_report_in_a_batch(analyzer: Analyzer) -> None:
    (ref, raw) = numbered_messages(1)[0]
    alone = analyzer.analyze(raw, ref)
    (batched,) = analyze_with_limit(analyzer, [(ref, raw)], threads=3, message_timeout=None)
    assert isinstance(batched, Report)
    assert batched.findings == alone.findings
    assert batched.auth == alone.auth
    assert batched.hops == alone.hops


def test_cancel_stops_early(analyzer: Analyzer) -> None:
    pulled = 0

    def source() -> Iterator[tuple[SourceRef, bytes]]:
        nonlocal pulled
        for item in numbered_messages(200):
            pulled += 1
            yield item

    got: list[Report | ReadError] = []
    stop = threading.Event()
    for result in analyze_with_limit(
        analyzer, source(), threads=2, cancel=stop.is_set, message_timeout=None
    ):
        got.append(result)
        if len(got) == 3:
            stop.set()
    assert 3 <= len(got) <= 3 + 2 * 2
    assert pulled < 20, f"{pulled} of 200 inputs were read after cancelling"


def test_cancel_before_start_yields_nothing(analyzer: Analyzer) -> None:
    assert (
        list(
            analyze_with_limit(
                analyzer, numbered_messages(5), threads=2, cancel=lambda: True, message_timeout=None
            )
        )
        == []
    )


@pytest.mark.parametrize("workers", [1, 3])
def test_in_flight_window_is_bounded(analyzer: Analyzer, workers: int) -> None:
    """Inputs are read only as results are taken: memory stays constant for a big mailbox."""
    pulled = 0
    most_ahead = 0
    taken = 0

    def source() -> Iterator[tuple[SourceRef, bytes]]:
        nonlocal pulled, most_ahead
        for item in numbered_messages(40):
            pulled += 1
            most_ahead = max(most_ahead, pulled - taken)
            yield item

    for _ in analyze_with_limit(analyzer, source(), threads=workers, message_timeout=None):
        taken += 1
        time.sleep(0.002)  # a slow consumer (the GUI, a pipe) must not make inputs pile up
    assert taken == 40
    assert most_ahead <= 2 * workers + 1


def test_workers_below_one_still_work(analyzer: Analyzer) -> None:
    results = list(
        analyze_with_limit(analyzer, numbered_messages(3), threads=0, message_timeout=None)
    )
    assert len(results) == 3
