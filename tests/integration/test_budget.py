"""DNS time limits end to end: a server that never answers (or answers garbage) costs a
message at most its ``--dns-budget``, and the checks say temperror instead of hanging."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.cli.main import build_parser, options_from_args
from inspector.options import AnalysisOptions
from tests.integration.runner import run_cli, run_main, write_messages
from tests.support.dns_server import LoopbackDns
from tests.support.signed import signed_case

CASE = signed_case("budget", domain="bank.example")


@pytest.fixture
def message(tmp_path: Path) -> str:
    (path,) = write_messages(tmp_path, [(CASE.name, CASE.raw)])
    return path


@pytest.fixture(autouse=True)
def _guard(network_attempts: list[object]) -> Iterator[None]:
    yield
    assert network_attempts == []


def test_default_budget_is_at_most_ten_seconds() -> None:
    assert AnalysisOptions().dns_budget <= 10
    assert AnalysisOptions().dns_timeout <= AnalysisOptions().dns_budget
    args = build_parser().parse_args(["analyze", "x.eml"])
    assert options_from_args(args).dns_budget <= 10


def _analyze(server: LoopbackDns, path: str) -> tuple[float, dict[str, object]]:
    started = time.monotonic()
    run = run_cli(
        "analyze",
        "--json",
        "--no-rdap",
        "--dns-server",
        server.server_spec,
        "--dns-timeout",
        "0.5",
        "--dns-budget",
        "3",
        path,
    )
    elapsed = time.monotonic() - started
    assert run.status == 0, run.err
    report: dict[str, object] = json.loads(run.out)
    return elapsed, report


def test_silent_server_costs_at_most_the_budget(message: str) -> None:
    with LoopbackDns(mode="silent") as server:
        elapsed, report = _analyze(server, message)
        assert server.queries, "the resolver did ask"
    assert elapsed < 6, f"took {elapsed:.1f} s with a 3 s budget"
    auth = report["auth"]
    assert isinstance(auth, dict)
    assert auth["spf"]["result"] == "temperror"
    assert auth["dmarc"]["result"] == "temperror"
    assert [d["result"] for d in auth["dkim"]] == ["temperror"]
    statuses = {q["status"] for q in report["dns"]}  # type: ignore[attr-defined]
    assert statuses <= {"timeout", "error"}
    assert "timeout" in statuses
    assert report["errors"] == []
    ids = {f["id"] for f in report["findings"]}  # type: ignore[attr-defined]
    assert {"dkim.temperror", "spf.temperror"} <= ids


def test_garbage_answers_are_errors_not_crashes(message: str) -> None:
    with LoopbackDns(mode="garbage") as server:
        elapsed, report = _analyze(server, message)
    assert elapsed < 6
    auth = report["auth"]
    assert isinstance(auth, dict)
    assert auth["spf"]["result"] == "temperror"
    assert auth["dkim"][0]["result"] == "temperror"
    assert report["errors"] == []


def test_budget_holds_per_message_in_a_batch(tmp_path: Path) -> None:
    """Three messages against a silent server: each gets its own budget, concurrently, so
    the batch takes about one budget, not three."""
    named = [(f"m{i}", signed_case(f"m{i}", domain=f"d{i}.example").raw) for i in range(3)]
    paths = write_messages(tmp_path, named)
    with LoopbackDns(mode="silent") as server:
        started = time.monotonic()
        run = run_cli(
            "analyze",
            "--json",
            "--no-rdap",
            "--dns-server",
            server.server_spec,
            "--dns-timeout",
            "0.5",
            "--dns-budget",
            "2",
            *paths,
        )
        elapsed = time.monotonic() - started
    assert run.status == 0, run.err
    assert len(run.out.splitlines()) == 3
    assert elapsed < 6, f"a 3-message batch took {elapsed:.1f} s with 2 s budgets"


def test_subprocess_with_silent_server_exits_in_time(message: str) -> None:
    with LoopbackDns(mode="silent") as server:
        started = time.monotonic()
        run = run_main(
            "analyze",
            "--json",
            "--no-rdap",
            "--dns-server",
            server.server_spec,
            "--dns-timeout",
            "0.5",
            "--dns-budget",
            "3",
            message,
            timeout=30,
        )
        elapsed = time.monotonic() - started
    assert run.status == 0, run.err
    assert "Traceback" not in run.err
    assert json.loads(run.out)["auth"]["spf"]["result"] == "temperror"
    assert elapsed < 12, f"process took {elapsed:.1f} s (3 s DNS budget + start-up)"
