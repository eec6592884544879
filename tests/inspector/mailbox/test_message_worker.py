"""One message on request in a worker process: the full report comes back; a message that
hangs (a lookup that never answers) or kills its worker is that message's error and the next
request is served; a caller that gives up never waits and never gets a stale answer."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from inspector.mailbox.message_worker import MessageWorker
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from tests.support.dns_server import LoopbackDns
from tests.support.messages import make_message

OFFLINE = AnalysisOptions(offline=True)


def ref(i: int) -> SourceRef:
    return SourceRef(f"m{i}.eml", 0, SourceKind.EML)


@pytest.fixture
def offline_worker() -> Iterator[MessageWorker]:
    worker = MessageWorker(OFFLINE)
    yield worker
    worker.close()


def slow_dns_options(server: LoopbackDns) -> AnalysisOptions:
    """Every question answered after 30 s, and a DNS budget that would wait for it."""
    server.delay = 30.0
    return AnalysisOptions(
        dns_servers=(server.server_spec,), dns_timeout=60.0, dns_budget=120.0, rdap=False
    )


def test_the_full_report_comes_back_for_each_request(offline_worker: MessageWorker) -> None:
    first = offline_worker.analyze(make_message(1), ref(1))
    second = offline_worker.analyze(make_message(2), ref(2))
    assert isinstance(first, Report) and first.message.subject == "Message number 1"
    assert first.source == ref(1) and first.headers and first.hops
    assert isinstance(second, Report) and second.message.subject == "Message number 2"


def test_a_message_stuck_on_a_lookup_is_its_error_after_the_limit(
    dns_server: LoopbackDns,
) -> None:
    worker = MessageWorker(slow_dns_options(dns_server), message_timeout=2.0)
    try:
        worker.warm()
        started = time.monotonic()
        result = worker.analyze(make_message(1), ref(1))
        assert time.monotonic() - started < 25  # a design bound: the limit, not the lookup
        assert isinstance(result, ReadError) and result.path == "m1.eml"
        assert "took longer than 2 s and was stopped" in result.message
        dns_server.delay = 0.0
        again = worker.analyze(make_message(2), ref(2))  # a fresh worker serves the next
        assert isinstance(again, Report) and again.message.subject == "Message number 2"
    finally:
        worker.close()


def test_a_message_that_kills_its_worker_is_its_error(dns_server: LoopbackDns) -> None:
    worker = MessageWorker(slow_dns_options(dns_server), message_timeout=60.0)
    try:
        worker.warm()
        pid = worker._slot.process.pid if worker._slot else None  # noqa: SLF001
        assert pid is not None
        threading.Timer(1.0, os.kill, (pid, signal.SIGKILL)).start()
        result = worker.analyze(make_message(1), ref(1))
        assert isinstance(result, ReadError)
        assert "analysis process stopped on this message (exit code -9)" in result.message
        dns_server.delay = 0.0
        assert isinstance(worker.analyze(make_message(2), ref(2)), Report)
    finally:
        worker.close()


def test_a_caller_that_gives_up_returns_at_once_and_its_answer_is_dropped(
    dns_server: LoopbackDns,
) -> None:
    dns_server.delay = 1.0
    options = AnalysisOptions(
        dns_servers=(dns_server.server_spec,), dns_timeout=10.0, dns_budget=30.0, rdap=False
    )
    worker = MessageWorker(options)
    try:
        worker.warm()
        give_up = threading.Event()
        threading.Timer(0.3, give_up.set).start()
        started = time.monotonic()
        assert worker.analyze(make_message(1), ref(1), cancel=give_up.is_set) is None
        assert time.monotonic() - started < 10  # a design bound: not the message's lookups
        result = worker.analyze(make_message(2), ref(2))
        assert isinstance(result, Report) and result.source == ref(2)
    finally:
        worker.close()


def test_a_request_cancelled_before_it_is_sent_is_not_analysed(
    offline_worker: MessageWorker,
) -> None:
    assert offline_worker.analyze(make_message(1), ref(1), cancel=lambda: True) is None
    result = offline_worker.analyze(make_message(2), ref(2))
    assert isinstance(result, Report) and result.source == ref(2)
