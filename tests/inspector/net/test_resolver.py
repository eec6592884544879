"""The resolver against a real DNS server on 127.0.0.1: real packets, real timeouts."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import dns.resolver
import pytest

from inspector.errors import InspectorError
from inspector.model.codes import DnsStatus
from inspector.net.lookup import DnsAnswer, DnsLookup
from inspector.net.resolver import DnsSession, Resolver
from inspector.net.server_spec import DnsConfigError, parse_server_spec
from inspector.net.snapshot import SnapshotError
from inspector.options import AnalysisOptions
from tests.support.dns_server import LoopbackDns

LONG_TXT = "".join(chr(ord("a") + i % 26) for i in range(3000))


@pytest.fixture
def zone(dns_server: LoopbackDns) -> LoopbackDns:
    dns_server.add("mail.example", "A", "192.0.2.10")
    dns_server.add("mail.example", "AAAA", "2001:db8::10")
    dns_server.add("example", "MX", "10 mail.example.")
    dns_server.add("example", "TXT", "v=spf1 ip4:192.0.2.0/24 -all")
    dns_server.add("sel._domainkey.example", "TXT", ["v=DKIM1; k=rsa; ", "p=QUJD"])
    dns_server.add("long.example", "TXT", LONG_TXT)
    dns_server.add("www.example", "CNAME", "mail.example.")
    dns_server.add("10.2.0.192.in-addr.arpa", "PTR", "mail.example.")
    dns_server.add("utf8.example", "TXT", "caf\u00e9")
    return dns_server


@pytest.fixture
def resolver(zone: LoopbackDns) -> Iterator[Resolver]:
    with Resolver.for_tests(zone.server_spec, timeout=1.0, budget=5.0) as r:
        yield r


def test_session_satisfies_the_lookup_protocol(resolver: Resolver) -> None:
    session: DnsLookup = resolver.session()
    assert isinstance(session, DnsSession)
    assert session.offline is False


def test_answers_in_text_form_over_udp(resolver: Resolver, zone: LoopbackDns) -> None:
    s = resolver.session()
    assert s.query("mail.example", "A") == DnsAnswer(
        "mail.example", "A", DnsStatus.ANSWER, ("192.0.2.10",)
    )
    assert s.query("mail.example", "AAAA").records == ("2001:db8::10",)
    assert s.query("example", "MX").records == ("10 mail.example.",)
    assert s.query("example", "TXT").records == ("v=spf1 ip4:192.0.2.0/24 -all",)
    assert s.query("sel._domainkey.example", "TXT").records == ("v=DKIM1; k=rsa; p=QUJD",)
    assert s.query("www.example", "A").records == ("192.0.2.10",)
    assert s.query("10.2.0.192.in-addr.arpa", "PTR").records == ("mail.example.",)
    assert s.query("utf8.example", "TXT").records == ("caf\u00e9",)
    assert set(zone.transports) == {"udp"}


def test_long_txt_falls_back_to_tcp(resolver: Resolver, zone: LoopbackDns) -> None:
    answer = resolver.session().query("long.example", "TXT")
    assert answer.status is DnsStatus.ANSWER
    assert answer.records == (LONG_TXT,)
    assert zone.transports == ["udp", "tcp"]


def test_nxdomain_is_not_nodata(resolver: Resolver) -> None:
    s = resolver.session()
    assert s.query("missing.example", "A").status is DnsStatus.NXDOMAIN
    assert s.query("mail.example", "MX").status is DnsStatus.NODATA
    assert s.query("_domainkey.example", "TXT").status is DnsStatus.NODATA  # empty non-terminal


def test_cache_is_shared_by_sessions_and_logged(resolver: Resolver, zone: LoopbackDns) -> None:
    first, second = resolver.session(), resolver.session()
    assert first.query("mail.example", "A").ok
    assert first.query("MAIL.Example.", "a").records == ("192.0.2.10",)
    assert second.query("mail.example", "A").ok
    assert first.query("missing.example", "A").status is DnsStatus.NXDOMAIN
    assert second.query("missing.example", "A").status is DnsStatus.NXDOMAIN
    assert zone.queries == [("mail.example", "A"), ("missing.example", "A")]
    servers = [entry.server for entry in first.evidence()]
    assert servers == [zone.server_spec, "cache", zone.server_spec]
    assert [entry.server for entry in second.evidence()] == ["cache", "cache"]


def test_cache_is_bounded_and_honours_ttl_above_the_floor(zone: LoopbackDns) -> None:
    options = AnalysisOptions(dns_servers=(zone.server_spec,), dns_timeout=1.0)
    with Resolver(options, cache_size=2, min_ttl=0.0) as r:
        s = r.session()
        for name in ("a1", "a2", "a3", "a1"):
            s.query(f"{name}.example", "A")
        assert [q[0] for q in zone.queries] == [f"{n}.example" for n in ("a1", "a2", "a3", "a1")]
        zone.add("short.example", "A", "192.0.2.99", ttl=1)
        s.query("short.example", "A")
        s.query("short.example", "A")
        assert zone.queries.count(("short.example", "A")) == 1
        time.sleep(1.05)
        s.query("short.example", "A")
        assert zone.queries.count(("short.example", "A")) == 2


def test_cache_is_bounded_in_record_text(zone: LoopbackDns) -> None:
    options = AnalysisOptions(dns_servers=(zone.server_spec,))
    zone.add("long2.example", "TXT", LONG_TXT)
    with Resolver(options, cache_chars=5000) as r:
        s = r.session()
        for name in ("long", "long2", "long2", "long"):
            assert s.query(f"{name}.example", "TXT").records == (LONG_TXT,)
    asked = [q[0] for q, how in zip(zone.queries, zone.transports, strict=True) if how == "tcp"]
    assert asked == ["long.example", "long2.example", "long.example"]


def test_evidence_log_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspector.net.resolver as module

    monkeypatch.setattr(module, "MAX_EVIDENCE", 3)
    with Resolver(AnalysisOptions(offline=True)) as r:
        s = r.session()
        for i in range(5):
            assert s.query(f"n{i}.example", "A").status is DnsStatus.OFFLINE
        assert [e.name for e in s.evidence()] == ["n0.example", "n1.example", "n2.example"]
        assert s.evidence_dropped == 2


def test_query_many_is_concurrent_and_keeps_keys_as_given() -> None:
    names = [f"host{i}.example" for i in range(20)]
    with (
        LoopbackDns({(n, "A"): ["192.0.2.1"] for n in names}, delay=0.2) as server,
        Resolver.for_tests(server.server_spec, timeout=2.0, budget=10.0) as r,
    ):
        s = r.session()
        questions = [(n, "A") for n in names] + [("HOST0.example.", "a")]
        started = time.monotonic()
        answers = s.query_many(questions)
        elapsed = time.monotonic() - started
    assert elapsed < 1.5  # serially this would be 20 * 0.2 s = 4 s
    assert set(answers) == set(questions)
    assert all(a.records == ("192.0.2.1",) for a in answers.values())
    assert answers[("HOST0.example.", "a")].name == "HOST0.example."
    assert len(server.queries) == 20  # the duplicate was asked once
    assert len(s.evidence()) == 20


def test_identical_questions_in_flight_send_one_packet() -> None:
    with (
        LoopbackDns({("slow.example", "A"): ["192.0.2.5"]}, delay=0.4) as server,
        Resolver.for_tests(server.server_spec, timeout=2.0) as r,
    ):
        results: list[DnsAnswer] = []
        barrier = threading.Barrier(4)

        def ask() -> None:
            barrier.wait()
            results.append(r.session().query("slow.example", "A"))

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(5)
    assert [a.records for a in results] == [("192.0.2.5",)] * 4
    assert server.queries == [("slow.example", "A")]


def test_a_waiter_is_bound_by_its_own_budget() -> None:
    with (
        LoopbackDns({("slow.example", "A"): ["192.0.2.5"]}, delay=1.0) as server,
        Resolver.for_tests(server.server_spec, timeout=2.0) as r,
    ):
        owner = threading.Thread(target=lambda: r.session().query("slow.example", "A"))
        owner.start()
        deadline = time.monotonic() + 2
        while not server.queries and time.monotonic() < deadline:
            time.sleep(0.01)  # the first asker's packet has reached the server
        started = time.monotonic()
        hurried = r.session(budget=0.2).query("slow.example", "A")
        assert time.monotonic() - started < 0.6
        assert hurried.status is DnsStatus.TIMEOUT
        owner.join(3)
        assert r.session().query("slow.example", "A").ok
        assert len(server.queries) == 1


def test_budget_bounds_a_silent_server() -> None:
    with (
        LoopbackDns(mode="silent") as server,
        Resolver.for_tests(server.server_spec, timeout=0.5, budget=2.0) as r,
    ):
        started = time.monotonic()
        answers = r.session().query_many([(f"q{i}.example", "TXT") for i in range(20)])
        assert time.monotonic() - started < 2.5
        assert {a.status for a in answers.values()} == {DnsStatus.TIMEOUT}

        s = r.session(budget=1.0)
        started = time.monotonic()
        statuses = [s.query(f"seq{i}.example", "A").status for i in range(20)]
        elapsed = time.monotonic() - started
        assert statuses == [DnsStatus.TIMEOUT] * 20
        assert 0.9 < elapsed < 1.6
        assert s.remaining() == 0.0
        sent = [q for q in server.queries if q[0].startswith("seq")]
        assert 2 <= len({q[0] for q in sent}) <= 3  # later questions never left the machine
        assert s.evidence()[-1].server == "budget"
        assert "budget" in s.evidence()[-1].detail


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("servfail", {DnsStatus.SERVFAIL}),
        ("refused", {DnsStatus.REFUSED}),
        ("garbage", {DnsStatus.TIMEOUT, DnsStatus.ERROR}),
    ],
)
def test_broken_servers_give_statuses(mode: str, expected: set[DnsStatus]) -> None:
    with (
        LoopbackDns({("a.example", "A"): ["192.0.2.1"]}, mode=mode) as server,
        Resolver.for_tests(server.server_spec, timeout=0.5, budget=3.0) as r,
    ):
        started = time.monotonic()
        answer = r.session().query("a.example", "A")
        assert time.monotonic() - started < 1.0
    assert answer.status in expected
    assert answer.temporary


def test_hostile_questions_are_errors_without_packets(
    resolver: Resolver, zone: LoopbackDns
) -> None:
    s = resolver.session()
    cases = [
        ("a..example", "A"),
        ("x" * 64 + ".example", "A"),
        (".".join(["abcdefghij"] * 30), "A"),
        ("", "A"),
        ("@", "A"),
        ("\\", "A"),
        ("\u200b.example", "A"),
        ("mail.example", "NOSUCHTYPE"),
        ("mail.example", "ANY"),
        (None, "A"),
    ]
    for name, rdtype in cases:
        answer = s.query(name, rdtype)  # type: ignore[arg-type]
        assert answer.status is DnsStatus.ERROR, (name, rdtype)
    assert all(entry.detail for entry in s.evidence())
    assert zone.queries == []


def test_huge_txt_over_tcp_within_time_bound(dns_server: LoopbackDns) -> None:
    dns_server.add("huge.example", "TXT", "h" * 65000)
    with Resolver.for_tests(dns_server.server_spec, timeout=2.0, budget=3.0) as r:
        started = time.monotonic()
        answer = r.session().query("huge.example", "TXT")
        elapsed = time.monotonic() - started
    assert elapsed < 2.5
    assert answer.status in (DnsStatus.ANSWER, DnsStatus.ERROR)
    if answer.ok:
        assert len(answer.records[0]) == 65000


def test_evidence_log_contents(resolver: Resolver, zone: LoopbackDns) -> None:
    s = resolver.session()
    s.query("example", "MX")
    s.query("missing.example", "txt")
    first, second = s.evidence()
    assert (first.name, first.rdtype, first.status) == ("example", "MX", DnsStatus.ANSWER)
    assert first.answers == ("10 mail.example.",)
    assert first.server == zone.server_spec
    assert first.asked_at is not None and first.asked_at.tzinfo is UTC
    assert 0.0 < first.elapsed_ms < 1000.0
    assert (second.rdtype, second.status, second.answers) == ("TXT", DnsStatus.NXDOMAIN, ())
    assert second.asked_at is not None and second.asked_at >= first.asked_at
    assert resolver.session().evidence() == ()


def test_offline_never_opens_a_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_socket(*args: object, **kwargs: object) -> None:
        raise AssertionError("offline mode opened a socket")

    monkeypatch.setattr(socket, "socket", no_socket)
    with Resolver(AnalysisOptions(offline=True, dns_servers=("192.0.2.53",))) as r:
        s = r.session()
        assert s.offline is True
        assert s.query("example", "TXT").status is DnsStatus.OFFLINE
        many = s.query_many([("a.example", "A"), ("b.example", "MX")])
        assert {a.status for a in many.values()} == {DnsStatus.OFFLINE}
        assert [e.server for e in s.evidence()] == ["offline"] * 3


def test_save_then_replay_gives_the_same_answers_without_packets(
    zone: LoopbackDns, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dns.json"
    questions = [
        ("example", "MX"),
        ("sel._domainkey.example", "TXT"),
        ("missing.example", "A"),
        ("mail.example", "MX"),
        ("long.example", "TXT"),
        ("bad..example", "A"),  # unaskable: ERROR live and in replay, not saved
    ]
    options = AnalysisOptions(dns_servers=(zone.server_spec,), save_dns=str(path))
    with Resolver(options) as live:
        recorded = {q: live.session().query(*q) for q in questions}
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "deliverability-inspector-dns-snapshot"
    assert len(document["answers"]) == len(questions) - 1
    assert recorded[("bad..example", "A")].status is DnsStatus.ERROR

    monkeypatch.setattr(socket, "socket", lambda *a, **k: pytest.fail("replay sent a packet"))
    sent_before = len(zone.queries)
    with Resolver(AnalysisOptions(replay_dns=str(path))) as replay:
        s = replay.session()
        assert s.offline is False
        assert {q: s.query(*q) for q in questions} == recorded
        assert s.query("EXAMPLE.", "mx").records == recorded[("example", "MX")].records
        assert s.query("other.example", "A").status is DnsStatus.NOT_IN_REPLAY
        many = s.query_many([("example", "MX"), ("nope.example", "TXT")])
        assert many[("nope.example", "TXT")].status is DnsStatus.NOT_IN_REPLAY
        assert {e.server for e in s.evidence()} == {"replay", ""}  # "": never asked
    assert len(zone.queries) == sent_before


def test_save_prefers_real_answers_and_needs_a_path(resolver: Resolver, tmp_path: Path) -> None:
    with pytest.raises(InspectorError):
        resolver.save_snapshot()
    resolver.session(budget=0.0).query("mail.example", "A")  # budget spent: TIMEOUT
    resolver.session().query("mail.example", "A")
    resolver.session(budget=0.0).query("mail.example", "A")  # cache hit after all
    resolver.save_snapshot(str(tmp_path / "s.json"))
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["answers"]
    assert saved == [
        {"name": "mail.example", "type": "A", "status": "answer", "records": ["192.0.2.10"]}
    ]


def test_replay_of_a_hostile_file_is_an_inspector_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "deliverability-inspector-dns-snapshot", "version": 1, "answers": 7}'
    )
    with pytest.raises(SnapshotError, match="answers"):
        Resolver(AnalysisOptions(replay_dns=str(bad)))
    with pytest.raises(SnapshotError):
        Resolver(AnalysisOptions(replay_dns=str(tmp_path / "absent.json")))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("192.0.2.1", ("192.0.2.1", 53)),
        ("192.0.2.1:5353", ("192.0.2.1", 5353)),
        ("::1", ("::1", 53)),
        ("[::1]", ("::1", 53)),
        ("[::1]:5353", ("::1", 5353)),
        (" [2001:DB8::1]:53 ", ("2001:db8::1", 53)),
    ],
)
def test_server_spec_parsing(spec: str, expected: tuple[str, int]) -> None:
    assert parse_server_spec(spec) == expected


@pytest.mark.parametrize(
    "spec", ["", "dns.example", "192.0.2.1:0", "192.0.2.1:99999", "[::1", "[::1]x53", "1.2.3.4:a"]
)
def test_bad_server_specs_are_config_errors(spec: str) -> None:
    with pytest.raises(DnsConfigError):
        parse_server_spec(spec)
    with pytest.raises(InspectorError):
        Resolver(AnalysisOptions(dns_servers=(spec,)))


def test_ipv6_server_is_labelled_with_brackets() -> None:
    with Resolver(AnalysisOptions(dns_servers=("[::1]:5353", "127.0.0.1"))) as r:
        assert r.servers == "[::1]:5353, 127.0.0.1:53"


def test_unreadable_system_config_gives_error_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: dns.resolver.Resolver, *args: object) -> None:
        raise dns.resolver.NoResolverConfiguration("no /etc/resolv.conf")

    monkeypatch.setattr(dns.resolver.Resolver, "read_resolv_conf", broken)
    with Resolver(AnalysisOptions()) as r:
        answer = r.session().query("example", "A")
        assert answer.status is DnsStatus.ERROR
        assert "system DNS" in r.unavailable


def test_close_is_idempotent_and_later_questions_do_not_raise(resolver: Resolver) -> None:
    resolver.session().query_many([("mail.example", "A"), ("example", "MX")])
    resolver.close()
    resolver.close()
    s = resolver.session()
    assert s.query("mail.example", "A").ok  # still in the cache
    assert s.query("fresh.example", "A").status is DnsStatus.ERROR
    assert s.query_many([("x.example", "A"), ("y.example", "A")])[("x.example", "A")].temporary
