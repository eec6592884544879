"""One DNS cache across worker processes: a question is sent once however many workers need
it, and a worker never waits longer than it asked to when the parent does not answer."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from inspector.mailbox.dns_relay import asks_network
from inspector.mailbox.process_pool import ProcessPool
from inspector.mailbox.relay_client import RelayClient
from inspector.model.codes import DnsStatus
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from tests.support.dns_server import LoopbackDns
from tests.support.messages import write_mbox


def dns_statuses(report: Report) -> list[str]:
    """Rendered in the worker: what each of the message's questions came back as."""
    return [q.status.value for q in report.dns]


def test_workers_share_one_cache_so_each_question_is_sent_once(
    tmp_path: Path, dns_server: LoopbackDns
) -> None:
    dns_server.add("brand.example", "TXT", "v=spf1 ip4:203.0.113.0/24 -all")
    dns_server.add("_dmarc.brand.example", "TXT", "v=DMARC1; p=none")
    dns_server.delay = 0.05  # questions from both workers overlap in time
    mbox = write_mbox(tmp_path / "m.mbox", 16)
    options = AnalysisOptions(
        dns_servers=(dns_server.server_spec,), dns_timeout=5.0, dns_budget=60.0, rdap=False
    )
    with ProcessPool(2) as pool:
        out = list(pool.run(iter_messages([str(mbox)]), options, render=dns_statuses))
    assert len(out) == 16 and not any(isinstance(o, ReadError) for o in out)
    assert all(statuses for statuses in out)  # every message did ask
    sent = Counter(dns_server.queries)
    assert ("brand.example", "TXT") in sent and ("_dmarc.brand.example", "TXT") in sent
    assert [q for q, n in sent.items() if n > 1] == []


def test_a_worker_stops_waiting_when_no_answer_comes() -> None:
    client = RelayClient(lambda *_question: True)  # sent, but nobody answers
    started = time.monotonic()
    outcome = client("brand.example", "TXT", 0.2)
    assert outcome.status is DnsStatus.TIMEOUT
    assert time.monotonic() - started < 30  # a design bound: lifetime plus the grace


def test_a_worker_whose_parent_has_gone_gets_an_error_at_once() -> None:
    outcome = RelayClient(lambda *_question: False)("brand.example", "TXT", 30.0)
    assert outcome.status is DnsStatus.ERROR and "parent" in outcome.detail


def test_only_runs_that_ask_the_network_share_answers() -> None:
    assert asks_network(AnalysisOptions())
    assert not asks_network(AnalysisOptions(offline=True))
    assert not asks_network(AnalysisOptions(replay_dns="answers.json"))
