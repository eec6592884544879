"""The Dask extra on a local cluster over loopback: the same JSON as a local run, in file
order, unreadable inputs reported, through the Python entry point and ``--scheduler``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.model.message import ReadError
from inspector.options import AnalysisOptions
from tests.integration.runner import run_cli
from tests.support.messages import write_folder, write_mbox

distributed = pytest.importorskip(
    "distributed", reason="the Dask extra is not installed (pip install -r requirements-dask.txt)"
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


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    folder = write_folder(tmp_path / "folder", 5)
    (folder / "zz-empty.eml").write_bytes(b"")
    mbox = write_mbox(tmp_path / "box.mbox", 4)
    return [str(mbox), str(folder)]


def test_analyze_files_matches_a_local_run_in_file_order(cluster: Any, inputs: list[str]) -> None:
    from inspector.mailbox.distributed import analyze_files

    with distributed.Client(cluster) as client:
        out = list(analyze_files(inputs, client, AnalysisOptions(offline=True), window=2))
    errors = [o for o in out if isinstance(o, ReadError)]
    assert len(errors) == 1 and "empty" in errors[0].message
    remote = [without_timings(o) for o in out if isinstance(o, str)]
    local = run_cli("analyze", "--json", "--offline", "--workers", "1", *inputs)
    assert remote == [without_timings(line) for line in local.out.splitlines()]
    assert [r["message"]["subject"] for r in remote] == [
        *(f"Message number {i}" for i in range(4)),
        *(f"Message number {i}" for i in range(5)),
    ]


def test_scheduler_option_writes_json_lines(cluster: Any, inputs: list[str]) -> None:
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    run = run_cli("analyze", "--offline", "--scheduler", address, *inputs)
    assert run.status == 1  # the empty file
    assert len(run.out.splitlines()) == 9
    assert "empty" in run.err and "Traceback" not in run.err


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspector.mailbox.distributed as dask_extra

    monkeypatch.setattr(dask_extra, "CONNECT_SECONDS", 2)
    run = run_cli("analyze", "--offline", "--scheduler", "tcp://127.0.0.1:9", "x.eml")
    assert run.status == 1
    assert "cannot reach the Dask scheduler" in run.err and "Traceback" not in run.err
