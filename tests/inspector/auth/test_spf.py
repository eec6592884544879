"""check_spf: identities, statuses, explanation data, limits, hostile records, concurrency."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.auth.spf import check_spf
from inspector.auth.spf_tree import split_terms, walk_tree
from inspector.model.codes import AuthStatus, DnsStatus
from inspector.net.lookup import DnsAnswer
from tests.support.fake_dns import FakeDns

Zone = Mapping[tuple[str, str], Sequence[str] | DnsStatus]

BASE: dict[tuple[str, str], Sequence[str] | DnsStatus] = {
    ("example.com", "TXT"): ["v=spf1 include:_spf.example.com mx -all"],
    ("_spf.example.com", "TXT"): ["v=spf1 ip4:192.0.2.0/24 ~all"],
    ("example.com", "MX"): ["10 mx.example.com."],
    ("mx.example.com", "A"): ["198.51.100.25"],
    ("mx.example.com", "TXT"): ["v=spf1 a -all"],
}


def dns(extra: Zone | None = None, **kw: bool) -> FakeDns:
    return FakeDns({**BASE, **(extra or {})}, strict=False, **kw)


def test_pass_through_include_records_mechanism_tree_and_counts() -> None:
    got = check_spf(
        dns(), client_ip="192.0.2.7", helo="mx.example.com", mail_from="<a@example.com>"
    )
    assert got.result is AuthStatus.PASS
    assert got.domain == "example.com" and got.mail_from == "a@example.com"
    assert got.mechanism == "include:_spf.example.com"
    assert got.record == "v=spf1 include:_spf.example.com mx -all"
    assert got.lookups == 1
    assert got.tree_lookups == 2  # include + mx, although evaluation stopped at the include
    assert got.tree is not None and got.tree.result == "pass"
    (child,) = got.tree.children
    assert (child.domain, child.via, child.result) == ("_spf.example.com", "include", "pass")
    assert got.helo is AuthStatus.FAIL and got.helo_domain == "mx.example.com"
    assert "192.0.2.7" in got.reason


def test_fail_and_mx_pass() -> None:
    fail = check_spf(
        dns(), client_ip="203.0.113.9", helo="x.example.net", mail_from="a@example.com"
    )
    assert fail.result is AuthStatus.FAIL
    assert fail.mechanism == "-all"
    ok = check_spf(dns(), client_ip="198.51.100.25", helo="", mail_from="a@example.com")
    assert ok.result is AuthStatus.PASS and ok.mechanism == "mx"
    assert ok.helo is None


def test_softfail_neutral_none() -> None:
    zone: Zone = {
        ("soft.example", "TXT"): ["v=spf1 ~all"],
        ("neutral.example", "TXT"): ["v=spf1 ?all"],
        ("nospf.example", "TXT"): ["google-site-verification=abc"],
    }
    ip = "192.0.2.1"
    assert check_spf(dns(zone), client_ip=ip, helo=None, mail_from="a@soft.example").result is (
        AuthStatus.SOFTFAIL
    )
    assert check_spf(dns(zone), client_ip=ip, helo=None, mail_from="a@neutral.example").result is (
        AuthStatus.NEUTRAL
    )
    none = check_spf(dns(zone), client_ip=ip, helo=None, mail_from="a@nospf.example")
    assert none.result is AuthStatus.NONE and "no SPF record" in none.reason


def test_null_sender_uses_postmaster_at_helo() -> None:
    got = check_spf(dns(), client_ip="198.51.100.25", helo="mx.example.com", mail_from="<>")
    assert got.result is AuthStatus.PASS
    assert got.domain == "mx.example.com" and got.mail_from is None
    assert got.helo is AuthStatus.PASS
    assert "null sender" in got.reason
    absent = check_spf(dns(), client_ip="198.51.100.25", helo="mx.example.com", mail_from=None)
    assert absent.domain == "mx.example.com" and "no Return-Path" in absent.reason


def test_bracketed_ipv6_client() -> None:
    zone: Zone = {("v6.example", "TXT"): ["v=spf1 ip6:2001:db8::/32 -all"]}
    got = check_spf(dns(zone), client_ip="[IPv6:2001:db8::5]", helo=None, mail_from="a@v6.example")
    assert got.result is AuthStatus.PASS and got.client_ip == "2001:db8::5"


def test_helo_literal_is_not_checked() -> None:
    got = check_spf(dns(), client_ip="192.0.2.7", helo="[192.0.2.7]", mail_from="a@example.com")
    assert got.result is AuthStatus.PASS
    assert got.helo is AuthStatus.NONE


def test_skipped_without_client_ip_or_identity() -> None:
    fake = dns()
    assert check_spf(fake, client_ip=None, helo="h.example", mail_from="a@example.com").result is (
        AuthStatus.SKIPPED
    )
    bad = check_spf(fake, client_ip="not-an-ip", helo=None, mail_from="a@example.com")
    assert bad.result is AuthStatus.SKIPPED and "not an IP" in bad.reason
    assert check_spf(fake, client_ip="192.0.2.1", helo=None, mail_from=None).result is (
        AuthStatus.SKIPPED
    )
    assert fake.asked == []


def test_offline_is_skipped_and_asks_nothing_of_the_network() -> None:
    got = check_spf(
        dns(offline=True), client_ip="192.0.2.7", helo="mx.example.com", mail_from="a@example.com"
    )
    assert got.result is AuthStatus.SKIPPED
    assert got.reason == "not checked (offline)"


class _OfflineAnswers(FakeDns):
    """A session that is not flagged offline but answers OFFLINE (e.g. a replay gap)."""

    def query(self, name: str, rdtype: str) -> DnsAnswer:
        return DnsAnswer(name, rdtype, DnsStatus.OFFLINE)


def test_offline_answers_are_skipped() -> None:
    got = check_spf(_OfflineAnswers({}), client_ip="192.0.2.7", helo=None, mail_from="a@b.example")
    assert got.result is AuthStatus.SKIPPED and got.reason == "not checked (offline)"


def test_timeout_is_temperror() -> None:
    zone: Zone = {("slow.example", "TXT"): DnsStatus.TIMEOUT}
    got = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="a@slow.example")
    assert got.result is AuthStatus.TEMPERROR
    assert "timeout" in got.reason


def test_include_loop_is_quick_permerror() -> None:
    zone: Zone = {
        ("a.example", "TXT"): ["v=spf1 include:b.example -all"],
        ("b.example", "TXT"): ["v=spf1 include:a.example -all"],
    }
    started = time.monotonic()
    got = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="x@a.example")
    assert time.monotonic() - started < 2.0
    assert got.result is AuthStatus.PERMERROR
    assert any("include loop" in p for p in got.problems)


def test_too_many_lookups_is_permerror_with_count() -> None:
    includes = " ".join(f"include:i{n}.example" for n in range(12))
    zone: dict[tuple[str, str], Sequence[str] | DnsStatus] = {
        ("many.example", "TXT"): [f"v=spf1 {includes} -all"],
    }
    for n in range(12):
        zone[(f"i{n}.example", "TXT")] = [f"v=spf1 ip4:10.0.{n}.0/24 -all"]
    got = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="x@many.example")
    assert got.result is AuthStatus.PERMERROR
    assert "Too many DNS lookups" in got.reason
    assert got.lookups == 11
    assert got.tree_lookups == 12


def test_void_lookups_limit() -> None:
    zone: Zone = {
        ("void.example", "TXT"): [
            "v=spf1 a:n1.void.example a:n2.void.example a:n3.void.example -all"
        ]
    }
    got = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="x@void.example")
    assert got.result is AuthStatus.PERMERROR
    assert "Void lookup" in got.reason
    assert got.void_lookups == 3


def test_multiple_records_and_ptr_and_plus_all_are_problems() -> None:
    zone: Zone = {
        ("two.example", "TXT"): ["v=spf1 -all", "v=spf1 +all"],
        ("ptr.example", "TXT"): ["v=spf1 ptr +all"],
        ("ptr.example", "PTR"): [],
        ("1.2.0.192.in-addr.arpa", "PTR"): DnsStatus.NXDOMAIN,
    }
    two = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="x@two.example")
    assert two.result is AuthStatus.PERMERROR
    assert any("multiple SPF records" in p for p in two.problems)
    ptr = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="x@ptr.example")
    assert ptr.result is AuthStatus.PASS and ptr.mechanism == "+all"
    assert any("ptr" in p for p in ptr.problems)
    assert any("'+all'" in p for p in ptr.problems)


def test_redirect_tree() -> None:
    zone: Zone = {
        ("r.example", "TXT"): ["v=spf1 redirect=_spf.r.example"],
        ("_spf.r.example", "TXT"): ["v=spf1 ip4:192.0.2.1 -all"],
    }
    got = check_spf(dns(zone), client_ip="192.0.2.1", helo=None, mail_from="x@r.example")
    assert got.result is AuthStatus.PASS
    assert got.tree is not None
    (child,) = got.tree.children
    assert child.via == "redirect" and child.result == "pass"


def test_hostile_names_and_records_never_raise() -> None:
    long_label = "a" * 70
    zone: Zone = {
        ("h.example", "TXT"): [f"v=spf1 include:{long_label}.example a:%{{l}}.{'b.' * 130}x -all"],
        ("u.example", "TXT"): ["v=spf1 a:\u00e9.example -all"],
    }
    for sender in ("x" * 300 + "@h.example", "x@u.example", "@@@", "x@" + "y." * 200):
        got = check_spf(dns(zone), client_ip="192.0.2.1", helo="z" * 400, mail_from=sender)
        assert isinstance(got.result, AuthStatus)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_fuzzed_records_never_raise(tail: str) -> None:
    zone: Zone = {("f.example", "TXT"): [f"v=spf1 {tail}"]}
    got = check_spf(dns(zone), client_ip="2001:db8::1", helo=None, mail_from="x@f.example")
    assert got.result in set(AuthStatus)


class _SlowDns(FakeDns):
    """Answers after a pause so concurrent checks interleave."""

    def query(self, name: str, rdtype: str) -> DnsAnswer:
        time.sleep(0.01)
        return super().query(name, rdtype)


def test_concurrent_checks_use_their_own_sessions() -> None:
    allow: Zone = {
        ("c.example", "TXT"): ["v=spf1 include:i.c.example -all"],
        ("i.c.example", "TXT"): ["v=spf1 ip4:192.0.2.1 -all"],
    }
    deny: Zone = {
        ("c.example", "TXT"): ["v=spf1 include:i.c.example -all"],
        ("i.c.example", "TXT"): ["v=spf1 ip4:198.51.100.1 -all"],
    }
    results: dict[int, AuthStatus] = {}

    def run(n: int) -> None:
        session = _SlowDns(allow if n % 2 else deny, strict=False)
        got = check_spf(session, client_ip="192.0.2.1", helo=None, mail_from="x@c.example")
        results[n] = got.result

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[n] is (AuthStatus.PASS if n % 2 else AuthStatus.FAIL) for n in range(8))


def test_split_terms_and_walk_bounds() -> None:
    assert split_terms("v=spf1 -ip4:1.2.3.4 redirect=x.example ~all") == [
        ("-", "ip4", "1.2.3.4"),
        ("", "redirect=", "x.example"),
        ("~", "all", ""),
    ]
    zone = {(f"d{n}.example", "TXT"): [f"v=spf1 include:d{n + 1}.example"] for n in range(100)}
    walked = walk_tree(FakeDns(zone, strict=False), "d0.example")
    assert walked.root is not None
    assert walked.lookups <= 41


def test_through_real_resolver_offline_and_silent_server(dns_server: Any) -> None:
    from inspector.net.resolver import Resolver
    from inspector.options import AnalysisOptions

    offline = Resolver(AnalysisOptions(offline=True)).session()
    got = check_spf(offline, client_ip="192.0.2.1", helo=None, mail_from="a@example.com")
    assert got.result is AuthStatus.SKIPPED and got.reason == "not checked (offline)"

    dns_server.add("ok.example", "TXT", "v=spf1 ip4:192.0.2.0/24 -all")
    with Resolver.for_tests(dns_server.server_spec, timeout=0.3, budget=2.0) as resolver:
        session = resolver.session()
        ok = check_spf(session, client_ip="192.0.2.1", helo=None, mail_from="a@ok.example")
        assert ok.result is AuthStatus.PASS
        assert any(q.name == "ok.example" for q in session.evidence())
    dns_server.mode = "silent"
    with Resolver.for_tests(dns_server.server_spec, timeout=0.3, budget=2.0) as resolver:
        started = time.monotonic()
        slow = check_spf(
            resolver.session(), client_ip="192.0.2.1", helo=None, mail_from="a@ok.example"
        )
        assert slow.result is AuthStatus.TEMPERROR
        assert time.monotonic() - started < 3.0
