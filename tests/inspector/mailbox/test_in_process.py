"""Analysing in one process with a wall-clock limit: input order kept, a message stuck on a
lookup is its own error once the limit has passed and the stream goes on, cancelling stops
at once."""

from __future__ import annotations

import time
from pathlib import Path

from inspector.mailbox.in_process import analyze_with_limit
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer
from tests.integration.runner import run_main
from tests.support.dns_server import LoopbackDns
from tests.support.messages import make_message, write_folder


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
