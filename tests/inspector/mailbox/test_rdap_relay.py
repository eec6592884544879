"""One RDAP cache across worker processes: a question is sent to the RDAP server once however
many workers need it (also when they ask at the same moment), the per-message cap still holds
in each worker, and a worker never waits longer than an RDAP question may take."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from inspector.mailbox.process_pool import ProcessPool
from inspector.mailbox.rdap_relay import RdapRelay, asks_rdap
from inspector.mailbox.relay_client import RdapRelayClient
from inspector.model.codes import RdapKind, RdapStatus
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.net.lookup import RdapAnswer
from inspector.net.rdap import RdapClient
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from tests.support.dns_server import LoopbackDns
from tests.support.messages import write_mbox
from tests.support.rdap_server import RdapServer, rdap_domain, write_bootstrap


def online(tmp_path: Path, dns: LoopbackDns, rdap: RdapServer) -> AnalysisOptions:
    boot = write_bootstrap(tmp_path / "boot", rdap.base_url)
    return AnalysisOptions(
        dns_servers=(dns.server_spec,), dns_timeout=5.0, dns_budget=60.0, rdap_bootstrap=str(boot)
    )


def errors_of(report: Report) -> tuple[str, ...]:
    """Rendered in the worker: only the errors travel back."""
    return report.errors


def test_workers_share_one_rdap_cache_so_each_question_is_sent_once(
    tmp_path: Path, dns_server: LoopbackDns, rdap_server: RdapServer
) -> None:
    rdap_server.add_domain("brand.example", rdap_domain("brand.example"))
    rdap_server.delay = 0.1  # questions from both workers overlap in time
    mbox = write_mbox(tmp_path / "m.mbox", 16)
    options = online(tmp_path, dns_server, rdap_server)
    with ProcessPool(2) as pool:
        out = list(pool.run(iter_messages([str(mbox)]), options, render=errors_of))
    assert len(out) == 16 and not any(isinstance(o, ReadError) for o in out)
    asked = Counter(rdap_server.requests)
    assert "/domain/brand.example" in asked
    assert [path for path, n in asked.items() if n > 1] == []
    found = pool.evidence.rdap[(RdapKind.DOMAIN, "brand.example")]
    assert found.status is RdapStatus.OK  # every worker's answers come back for a recording


def test_questions_asked_at_the_same_moment_are_sent_once(
    tmp_path: Path, dns_server: LoopbackDns, rdap_server: RdapServer
) -> None:
    rdap_server.add_domain("brand.example", rdap_domain("brand.example"))
    rdap_server.delay = 0.3
    relay = RdapRelay(online(tmp_path, dns_server, rdap_server), 8)
    try:
        with ThreadPoolExecutor(8) as threads:
            answers = list(
                threads.map(lambda _: relay.answer(RdapKind.DOMAIN, "brand.example"), range(8))
            )
    finally:
        relay.close()
    assert {a.status for a in answers} == {RdapStatus.OK}
    assert rdap_server.requests == ["/domain/brand.example"]


def test_an_upstream_answer_is_kept_and_counted_against_the_message_cap() -> None:
    asked: list[str] = []

    def upstream(kind: RdapKind, query: str) -> RdapAnswer:
        asked.append(query)
        return RdapAnswer(query, kind, RdapStatus.NOT_FOUND)

    client = RdapClient(AnalysisOptions(rdap_max_requests=2, rdap_bootstrap="x"), upstream=upstream)
    message = client.session()
    assert message.domain("a.example").status is RdapStatus.NOT_FOUND
    assert message.domain("a.example").status is RdapStatus.NOT_FOUND  # from the cache
    assert message.domain("b.example").status is RdapStatus.NOT_FOUND
    assert message.domain("c.example").status is RdapStatus.CAPPED
    assert client.session().domain("c.example").status is RdapStatus.NOT_FOUND
    assert asked == ["a.example", "b.example", "c.example"]


def test_a_worker_stops_waiting_when_no_rdap_answer_comes() -> None:
    client = RdapRelayClient(lambda *_question: True, rdap_timeout=0.1)  # nobody answers
    started = time.monotonic()
    answer = client(RdapKind.DOMAIN, "brand.example")
    assert answer.status is RdapStatus.TIMEOUT
    assert time.monotonic() - started < 30  # a design bound: the question's time plus grace


def test_a_worker_whose_parent_has_gone_gets_an_error_at_once() -> None:
    answer = RdapRelayClient(lambda *_question: False, rdap_timeout=30.0)(RdapKind.IP, "192.0.2.1")
    assert answer.status is RdapStatus.ERROR and "parent" in answer.error


def test_an_answer_reaches_the_question_that_asked_it() -> None:
    sent: list[int] = []

    def send(ident: int, *_question: object) -> bool:
        sent.append(ident)
        return True

    client = RdapRelayClient(send, rdap_timeout=30.0)
    found = RdapAnswer("brand.example", RdapKind.DOMAIN, RdapStatus.OK, {"ldhName": "x"})
    threading.Timer(0.2, lambda: client.answered(sent[0], found)).start()
    assert client(RdapKind.DOMAIN, "brand.example") == found


def test_only_live_rdap_is_shared() -> None:
    assert asks_rdap(AnalysisOptions())
    assert not asks_rdap(AnalysisOptions(offline=True))
    assert not asks_rdap(AnalysisOptions(rdap=False))
    assert not asks_rdap(AnalysisOptions(intel=False))
    assert not asks_rdap(AnalysisOptions(replay_dns="answers.json"))
