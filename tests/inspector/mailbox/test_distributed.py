"""The Dask extra on a local cluster over loopback: the same JSON as a local run, in file
order, unreadable inputs reported, through the Python entry point and ``--scheduler``. The
cluster runs in a process of its own (tests/support/dask_cluster.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.runner import PROJECT, run_cli, run_main
from tests.support.messages import write_folder, write_mbox

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="the Dask extra is not installed (pip install -r requirements-dask.txt)",
)

TIMINGS = ("analyzed_at", "asked_at", "elapsed_ms")


def without_timings(text: str) -> Any:
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in TIMINGS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(text))


def _cluster_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.support.dask_cluster", *args]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(PROJECT))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    process = subprocess.Popen(
        _cluster_command(),
        cwd=PROJECT,
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    folder = write_folder(tmp_path / "folder", 5)
    (folder / "zz-empty.eml").write_bytes(b"")
    mbox = write_mbox(tmp_path / "box.mbox", 4)
    return [str(mbox), str(folder)]


def test_analyze_files_matches_a_local_run_in_file_order(inputs: list[str]) -> None:
    done = subprocess.run(
        _cluster_command("--analyze", *inputs),
        cwd=PROJECT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    out = [json.loads(line) for line in done.stdout.splitlines()]
    errors = [o["error"] for o in out if "error" in o]
    assert len(errors) == 1 and "empty" in errors[0]
    remote = [without_timings(o["json"]) for o in out if "json" in o]
    local = run_cli("analyze", "--json", "--offline", "--workers", "1", *inputs)
    assert remote == [without_timings(line) for line in local.out.splitlines()]
    assert [r["message"]["subject"] for r in remote] == [
        *(f"Message number {i}" for i in range(4)),
        *(f"Message number {i}" for i in range(5)),
    ]


def test_scheduler_option_writes_json_lines(scheduler: str, inputs: list[str]) -> None:
    assert scheduler.startswith("tcp://127.0.0.1:")
    run = run_main("analyze", "--offline", "--scheduler", scheduler, *inputs, timeout=180)
    assert run.status == 1  # the empty file
    assert len(run.out.splitlines()) == 9
    assert "empty" in run.err and "Traceback" not in run.err


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    run = run_main("analyze", "--offline", "--scheduler", "tcp://127.0.0.1:9", "x.eml", timeout=120)
    assert run.status == 1
    assert "cannot reach the Dask scheduler" in run.err and "Traceback" not in run.err
