"""evaluate_dmarc: discovery, alignment, policies, reports authorization, edge cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.auth.dmarc import evaluate_dmarc
from inspector.model.auth import DkimResult, DmarcResult, SpfResult
from inspector.model.codes import AuthStatus, DmarcDiscovery, DnsStatus
from tests.support.fake_dns import FakeDns

Zone = dict[tuple[str, str], Sequence[str] | DnsStatus]
NO_SPF = SpfResult(AuthStatus.SKIPPED, "not checked")


def dkim(domain: str, result: AuthStatus = AuthStatus.PASS) -> DkimResult:
    return DkimResult(result, domain=domain)


def spf(domain: str, result: AuthStatus = AuthStatus.PASS) -> SpfResult:
    return SpfResult(result, domain=domain)


def evaluate(
    zone: Zone,
    *domains: str,
    d: Sequence[DkimResult] = (),
    s: SpfResult = NO_SPF,
    discovery: DmarcDiscovery = DmarcDiscovery.PSL,
    offline: bool = False,
) -> tuple[DmarcResult, FakeDns]:
    fake = FakeDns(zone, strict=False, offline=offline)
    got = evaluate_dmarc(
        fake, from_domains=domains or ("example.com",), dkim=d, spf=s, discovery=discovery
    )
    return got, fake


REJECT: Zone = {("_dmarc.example.com", "TXT"): ["v=DMARC1; p=reject; rua=mailto:d@example.com"]}


def test_pass_by_aligned_dkim() -> None:
    got, _ = evaluate(REJECT, d=[dkim("mail.example.com")])
    assert got.result is AuthStatus.PASS
    assert got.dkim_aligned and not got.spf_aligned
    assert got.disposition == "none" and got.applied_policy == "reject"


def test_fail_unaligned_esp_setup() -> None:
    got, _ = evaluate(REJECT, d=[dkim("esp.example.net")], s=spf("bounces.esp.example.net"))
    assert got.result is AuthStatus.FAIL
    assert got.dkim_domain == "esp.example.net"
    assert got.spf_domain == "bounces.esp.example.net"
    assert "not aligned" in got.reason and got.disposition == "reject"


def test_spf_only_counts_when_it_passed() -> None:
    got, _ = evaluate(REJECT, s=spf("example.com", AuthStatus.SOFTFAIL))
    assert got.result is AuthStatus.FAIL and not got.spf_aligned


def test_org_fallback_and_subdomain_policy() -> None:
    zone: Zone = {("_dmarc.example.com", "TXT"): ["v=DMARC1; p=reject; sp=none"]}
    got, fake = evaluate(zone, "news.example.com")
    assert got.record_domain == "example.com"
    assert got.applied_policy == "none"
    assert [n for n, _ in fake.asked][:2] == ["_dmarc.news.example.com", "_dmarc.example.com"]


def test_np_for_nonexistent_subdomain() -> None:
    zone: Zone = {
        ("_dmarc.example.com", "TXT"): ["v=DMARC1; p=none; sp=quarantine; np=reject"],
        ("real.example.com", "MX"): ["10 mx.example.com."],
    }
    ghost, _ = evaluate(zone, "ghost.example.com")
    assert ghost.applied_policy == "reject"
    real, _ = evaluate(zone, "real.example.com")
    assert real.applied_policy == "quarantine"


def test_pct_and_testing() -> None:
    zone: Zone = {("_dmarc.example.com", "TXT"): ["v=DMARC1; p=reject; pct=25; t=y"]}
    got, _ = evaluate(zone)
    assert got.pct == 25 and got.testing
    assert got.applied_policy == "quarantine"
    assert "25%" in (got.disposition or "")


def test_several_records_mean_none_without_fallback() -> None:
    zone: Zone = {
        ("_dmarc.a.example.com", "TXT"): ["v=DMARC1; p=reject", "v=DMARC1; p=none"],
        ("_dmarc.example.com", "TXT"): ["v=DMARC1; p=reject"],
    }
    got, _ = evaluate(zone, "a.example.com", d=[dkim("a.example.com")])
    assert got.result is AuthStatus.NONE and got.record_count == 2
    assert got.applied_policy is None


def test_no_record_and_unusable_record() -> None:
    got, _ = evaluate({})
    assert got.result is AuthStatus.NONE and "no DMARC record" in got.reason
    bad, _ = evaluate({("_dmarc.example.com", "TXT"): ["v=DMARC1; adkim=s"]})
    assert bad.result is AuthStatus.NONE and bad.syntax


def test_temperror_and_offline() -> None:
    got, _ = evaluate({("_dmarc.example.com", "TXT"): DnsStatus.TIMEOUT})
    assert got.result is AuthStatus.TEMPERROR
    off, fake = evaluate(REJECT, offline=True)
    assert off.result is AuthStatus.SKIPPED and off.reason == "not checked (offline)"
    assert fake.asked == []


def test_external_report_authorization() -> None:
    zone: Zone = {
        ("_dmarc.example.com", "TXT"): [
            "v=DMARC1; p=none; rua=mailto:d@example.com,mailto:x@vendor.example,"
            "mailto:y@other.example"
        ],
        ("example.com._report._dmarc.vendor.example", "TXT"): ["v=DMARC1"],
    }
    got, fake = evaluate(zone)
    assert got.unauthorized_reports == ("mailto:y@other.example",)
    assert any("other.example" in p for p in got.problems)
    assert ("example.com._report._dmarc.example.com", "TXT") not in fake.asked


def test_several_from_domains_worst_wins() -> None:
    zone: Zone = {
        **REJECT,
        ("_dmarc.example.net", "TXT"): ["v=DMARC1; p=quarantine"],
    }
    got, _ = evaluate(zone, "example.com", "example.net", "Example.com", d=[dkim("example.com")])
    assert got.result is AuthStatus.FAIL and got.from_domain == "example.net"
    assert got.from_domains == ("example.com", "example.net")
    assert any("several From domains" in p for p in got.problems)


def test_no_from_domain() -> None:
    got = evaluate_dmarc(FakeDns({}), from_domains=["", "[1.2.3.4]"], dkim=[], spf=NO_SPF)
    assert got.result is AuthStatus.NONE and got.problems


def test_tree_walk_finds_intermediate_record() -> None:
    zone: Zone = {("_dmarc.b.example.com", "TXT"): ["v=DMARC1; p=reject; psd=n"]}
    got, _ = evaluate(
        zone, "a.b.example.com", s=spf("c.b.example.com"), discovery=DmarcDiscovery.TREEWALK
    )
    assert got.record_domain == "b.example.com" and got.spf_aligned
    assert got.discovery == "treewalk"


def test_through_real_resolver_and_loopback_server(dns_server: Any) -> None:
    from inspector.net.resolver import Resolver

    dns_server.add("_dmarc.example.com", "TXT", ["v=DMARC1; p=quar", "antine"])
    with Resolver.for_tests(dns_server.server_spec, timeout=0.3, budget=2.0) as resolver:
        got = evaluate_dmarc(resolver.session(), from_domains=["example.com"], dkim=[], spf=NO_SPF)
    assert got.result is AuthStatus.FAIL and got.applied_policy == "quarantine"
    dns_server.mode = "servfail"
    with Resolver.for_tests(dns_server.server_spec, timeout=0.3, budget=2.0) as resolver:
        got = evaluate_dmarc(resolver.session(), from_domains=["example.com"], dkim=[], spf=NO_SPF)
    assert got.result is AuthStatus.TEMPERROR


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(max_size=80), max_size=3),
    st.sampled_from(list(DmarcDiscovery)),
    st.text(max_size=40),
)
def test_fuzzed_records_and_domains_never_raise(
    texts: list[str], discovery: DmarcDiscovery, d: str
) -> None:
    zone: Zone = {("_dmarc.example.com", "TXT"): ["v=DMARC1;" + t for t in texts]}
    got, _ = evaluate(
        zone, "example.com", d or "x", d=[dkim(d or "example.com")], s=spf(d), discovery=discovery
    )
    assert got.result in set(AuthStatus)
