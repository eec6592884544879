"""Worker processes: input order kept, a crashing or endlessly running message costs only
itself, cancelling and memory stay bounded, and the answers every worker used come back for one
recording."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.mailbox.process_pool import ProcessPool, default_workers, start_context
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from tests.support.messages import make_message, write_folder, write_mbox

OFFLINE = AnalysisOptions(offline=True)
CRASH_SUBJECT = "Message number 4"
HANG_SUBJECT = "Message number 5"


def subject_of(report: Report) -> str:
    """Rendered in the worker: only the subject travels back."""
    return report.message.subject or ""


def subject_or_die(report: Report) -> str:
    """Ends its worker process outright on one message, as a crash in C code would."""
    if report.message.subject == CRASH_SUBJECT:
        os._exit(3)
    return report.message.subject or ""


def subject_or_hang(report: Report) -> str:
    """Never returns on one message, as a loop in hostile input would (busy, not crashed)."""
    while report.message.subject == HANG_SUBJECT:
        pass
    return report.message.subject or ""


def test_results_come_back_in_input_order_with_read_errors_in_place(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", 12)
    refs: list[SourceRef | ReadError] = [
        SourceRef(str(folder / f"{i:05d}.eml"), 0, SourceKind.EML) for i in range(12)
    ]
    refs.insert(3, ReadError("broken.eml", "not a message"))
    refs.insert(8, SourceRef(str(folder / "gone.eml"), 0, SourceKind.EML))
    with ProcessPool(2) as pool:
        out = list(pool.run(refs, OFFLINE, render=subject_of))
    assert out[3] == ReadError("broken.eml", "not a message")
    assert isinstance(out[8], ReadError) and "could not be read again" in out[8].message
    subjects = [o for o in out if isinstance(o, str)]
    assert subjects == [f"Message number {i}" for i in range(12)]


def test_the_default_result_is_the_report_itself(tmp_path: Path) -> None:
    items = [(SourceRef("a.eml", 0, SourceKind.EML), make_message(1))]
    with ProcessPool(2) as pool:
        (report,) = list(pool.run(items, OFFLINE))
    assert isinstance(report, Report) and report.message.subject == "Message number 1"


def test_a_message_that_kills_its_worker_is_that_message_s_error(tmp_path: Path) -> None:
    mbox = write_mbox(tmp_path / "m.mbox", 10)
    with ProcessPool(2) as pool:
        out = list(pool.run(iter_messages([str(mbox)]), OFFLINE, render=subject_or_die))
        again = list(pool.run(iter_messages([str(mbox)]), OFFLINE, render=subject_of))
    assert len(out) == 10
    assert isinstance(out[4], ReadError)
    assert "analysis process stopped on this message (exit code 3)" in out[4].message
    assert out[4].index == 4
    assert [o for o in out if isinstance(o, str)] == [
        f"Message number {i}" for i in range(10) if i != 4
    ]
    assert len(again) == 10 and all(isinstance(o, str) for o in again)  # workers replaced


def test_a_message_that_never_finishes_is_stopped_and_the_rest_go_on(tmp_path: Path) -> None:
    mbox = write_mbox(tmp_path / "m.mbox", 12)
    started = time.monotonic()
    with ProcessPool(2, message_timeout=3.0) as pool:
        out = list(pool.run(iter_messages([str(mbox)]), OFFLINE, render=subject_or_hang))
        again = list(pool.run(iter_messages([str(mbox)]), OFFLINE, render=subject_of))
    assert len(out) == 12
    assert isinstance(out[5], ReadError) and out[5].index == 5
    assert "took longer than 3 s and was stopped" in out[5].message
    assert out[:5] + out[6:] == [f"Message number {i}" for i in range(12) if i != 5]
    assert len(again) == 12 and all(isinstance(o, str) for o in again)  # worker replaced
    assert time.monotonic() - started < 120  # a design bound: the limit, not a hang


def test_cancel_ends_the_workers_at_once(tmp_path: Path) -> None:
    mbox = write_mbox(tmp_path / "big.mbox", 3000)
    seen: list[object] = []
    pool = ProcessPool(2)
    started = time.monotonic()
    try:
        for item in pool.run(
            iter_messages([str(mbox)]), OFFLINE, render=subject_of, cancel=lambda: len(seen) >= 5
        ):
            seen.append(item)
        assert pool.slots == []  # ended, not left running the rest
    finally:
        pool.close()
    assert len(seen) == 5
    assert time.monotonic() - started < 60


def test_in_flight_messages_are_bounded_whatever_the_input_length(tmp_path: Path) -> None:
    read = 0

    def endless() -> Iterator[tuple[SourceRef, bytes]]:
        nonlocal read
        for i in range(10_000):
            read += 1
            yield SourceRef("x.mbox", i, SourceKind.MBOX), make_message(i)

    most_ahead = 0
    with ProcessPool(2) as pool:
        for done, _ in enumerate(pool.run(endless(), OFFLINE, render=subject_of), start=1):
            most_ahead = max(most_ahead, read - done)
            if done == 60:
                break
    assert most_ahead <= 2 * 2 * 2 + 1  # workers * queued per worker * 2, and the next one


def test_every_worker_s_dns_answers_come_back(tmp_path: Path) -> None:
    samples = Path("resources/samples")
    if not (samples / "dns.json").is_file():
        pytest.skip("the bundled samples and their DNS recording are not in this checkout")
    options = AnalysisOptions(replay_dns=str(samples / "dns.json"))
    emls = sorted(str(p) for p in samples.glob("*.eml"))
    with ProcessPool(2) as pool:
        list(pool.run(iter_messages(emls), options, render=subject_of))
        answers = set(pool.evidence.dns)
    from inspector.pipeline import Analyzer

    with Analyzer(options) as alone:
        for item in iter_messages(emls):
            assert not isinstance(item, ReadError)
            alone.analyze(item[1], item[0])
        expected = {(a.name, a.rdtype) for a in alone.resolver.answers_used()}
    assert answers == expected and answers


def test_default_is_one_worker_per_usable_core() -> None:
    assert 1 <= default_workers() <= (os.cpu_count() or 1)


def test_worker_count_is_kept_within_bounds() -> None:
    assert ProcessPool(0).workers == 1
    assert ProcessPool(10_000).workers == 64


def test_workers_are_never_forked_beside_another_thread() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert start_context().get_start_method() == "spawn"
    finally:
        release.set()
        other.join()
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        assert start_context().get_start_method() == "fork"
