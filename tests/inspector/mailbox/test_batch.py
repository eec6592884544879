"""The analysis process: results stream back in order, slimmed for the list, cancelling ends
the child at once."""

from __future__ import annotations

import time
from pathlib import Path

from inspector.mailbox.batch import LIST_COMPLETE, BatchWorker
from inspector.mailbox.listing import ListedReport
from inspector.model.message import ReadError
from inspector.options import AnalysisOptions
from inspector.parse.index import IndexEntry
from tests.support.messages import write_folder, write_mbox


def test_results_stream_back_in_input_order(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", 5)
    (folder / "zz-not-a-message.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    worker = BatchWorker()
    try:
        items = list(worker.run([str(folder)], AnalysisOptions(offline=True), cancel=lambda: False))
        again = list(
            worker.run(
                [str(folder / "00001.eml")],
                AnalysisOptions(offline=True),
                cancel=lambda: False,
            )
        )
    finally:
        worker.stop()
    listed = [i.subject for i in items if isinstance(i, IndexEntry)]
    assert listed == [f"Message number {i}" for i in range(5)]
    assert items.index(LIST_COMPLETE) == 6  # the list (5 + 1 unreadable) comes first
    reports = [i.report for i in items if isinstance(i, ListedReport)]
    assert [r.message.subject for r in reports] == [f"Message number {i}" for i in range(5)]
    assert all(r.summary.risk and not r.headers and not r.hops for r in reports)
    assert any(isinstance(i, ReadError) and "not a message" in i.message for i in items)
    assert len([i for i in again if isinstance(i, ListedReport)]) == 1  # the warm child again


def test_cancel_ends_the_child_quickly(tmp_path: Path) -> None:
    mbox = write_mbox(tmp_path / "big.mbox", 3000)
    worker = BatchWorker(workers=2)
    seen: list[object] = []
    started = time.monotonic()
    try:
        for item in worker.run(
            [str(mbox)], AnalysisOptions(offline=True), cancel=lambda: len(seen) >= 20
        ):
            seen.append(item)
    finally:
        worker.stop()
    assert len(seen) == 20
    assert time.monotonic() - started < 30


def test_several_workers_give_the_same_stream_as_one(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", 7)
    worker = BatchWorker(workers=2)
    try:
        items = list(worker.run([str(folder)], AnalysisOptions(offline=True), cancel=lambda: False))
    finally:
        worker.stop()
    assert items.index(LIST_COMPLETE) == 7
    reports = [i.report for i in items if isinstance(i, ListedReport)]
    assert [r.message.subject for r in reports] == [f"Message number {i}" for i in range(7)]
    assert all(r.findings and not r.headers and not r.dns for r in reports)
