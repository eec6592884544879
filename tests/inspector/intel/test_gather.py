"""The orchestrator: batching, roles, offline; and end to end over loopback DNS and RDAP."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from inspector.intel.gather import gather_intel
from inspector.model.auth import AuthSummary
from inspector.model.codes import DnsStatus, IpScope, Masking, RdapStatus
from inspector.model.intel import Link, LookupStatus, PlatformMatch
from inspector.model.route import Hop, Route
from inspector.net.rdap import RdapClient
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from tests.inspector.intel.test_ownership import NOW, message
from tests.support.dns_server import LoopbackDns
from tests.support.fake_dns import FakeDns
from tests.support.rdap_server import RdapServer, sample_domains, write_bootstrap

CLIENT = "203.0.113.25"
REV = "25.113.0.203"
HOPS = (Hop(0, "from x", helo="mx.public.test", ip=CLIENT, ip_scope=IpScope.DOCUMENTATION),)
ROUTE = Route(boundary_index=0, client_ip=CLIENT, client_helo="mx.public.test")
OPTS = AnalysisOptions(
    blocklists_ip=("zen.spamhaus.org",), blocklists_domain=("dbl.spamhaus.org",), rdap=False
)


def test_offline_looks_up_nothing() -> None:
    dns = FakeDns({}, offline=True)
    platform = PlatformMatch("Example ESP", ("header",), 0.9)
    intel = gather_intel(
        message(), HOPS, ROUTE, AuthSummary(), dns, None, OPTS, now=NOW, platform=platform
    )
    assert intel.status == "offline"
    assert intel.platform == platform
    assert dns.asked == []
    assert {d.status for d in intel.domains} == {"offline"}
    assert intel.hops_intel[0].status == "offline"


def test_intel_disabled_is_offline_too() -> None:
    dns = FakeDns({})
    opts = AnalysisOptions(intel=False)
    intel = gather_intel(message(), HOPS, ROUTE, AuthSummary(), dns, None, opts, now=NOW)
    assert intel.status == "offline" and dns.asked == []


def test_one_first_batch_carries_ptr_cymru_and_all_blocklists() -> None:
    batches: list[list[tuple[str, str]]] = []

    class Recording(FakeDns):
        def query_many(self, questions):  # type: ignore[no-untyped-def]
            batches.append(list(questions))
            return super().query_many(batches[-1])

    dns = Recording({}, strict=False)
    links = [Link("https://shop.test/x", "shop.test")]
    intel = gather_intel(
        message(), HOPS, ROUTE, AuthSummary(), dns, None, OPTS, now=NOW, links=links
    )
    first = set(batches[0])
    assert (f"{REV}.in-addr.arpa", "PTR") in first
    assert (f"{REV}.origin.asn.cymru.com", "TXT") in first
    assert (f"{REV}.zen.spamhaus.org", "A") in first
    for domain in ("public.test", "redacted.test", "shop.test"):
        assert (f"{domain}.dbl.spamhaus.org", "A") in first
    # reply-to domains are not asked on domain lists
    assert ("proxied.test.dbl.spamhaus.org", "A") not in first
    assert intel.status == "ok"
    roles = [(d.role, d.domain, d.status) for d in intel.domains]
    assert ("link", "shop.test", "skipped") in roles
    link_intel = next(d for d in intel.domains if d.domain == "shop.test")
    assert link_intel.blocklists[0].status == "not_listed"


def test_end_to_end_over_loopback(
    tmp_path: Path, dns_server: LoopbackDns, rdap_server: RdapServer
) -> None:
    yesterday = (NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, data in sample_domains(yesterday).items():
        rdap_server.add_domain(name, data)
    rdap_server.add_ip(CLIENT, {"name": "DOC-NET", "country": "NL"})
    dns_server.add(f"{REV}.in-addr.arpa", "PTR", "mx.public.test.")
    dns_server.add("mx.public.test", "A", CLIENT)
    dns_server.add(
        f"{REV}.origin.asn.cymru.com", "TXT", "64500 | 203.0.113.0/24 | NL | ripencc | 2010-01-01"
    )
    dns_server.add(
        "AS64500.asn.cymru.com", "TXT", "64500 | NL | ripencc | 2001 | EXAMPLE-AS Example BV, NL"
    )
    dns_server.add(f"{REV}.zen.spamhaus.org", "A", "127.255.255.254")
    dns_server.add("redacted.test.dbl.spamhaus.org", "A", "127.0.1.2")

    boot = write_bootstrap(tmp_path / "boot", rdap_server.base_url)
    options = AnalysisOptions(
        dns_servers=(dns_server.server_spec,),
        dns_timeout=1.0,
        blocklists_ip=("zen.spamhaus.org",),
        blocklists_domain=("dbl.spamhaus.org",),
        rdap_bootstrap=str(boot),
    )
    resolver = Resolver(options)
    try:
        intel = gather_intel(
            message(),
            HOPS,
            ROUTE,
            AuthSummary(),
            resolver.session(),
            RdapClient(options),
            options,
            now=NOW,
            links=[Link("https://fresh.test/", "fresh.test")],
        )
    finally:
        resolver.close()
    (hop,) = intel.hops_intel
    assert hop.ptr == "mx.public.test" and hop.fcrdns is True and hop.helo_matches is True
    assert hop.asn == "AS64500" and hop.as_name == "EXAMPLE-AS Example BV, NL"
    assert hop.network_owner == "DOC-NET"
    assert hop.blocklists[0].status == "refused"
    by_role = {d.role: d for d in intel.domains}
    assert by_role["from"].masking is Masking.PUBLIC
    assert by_role["reply_to"].masking is Masking.PROXY
    assert by_role["return_path"].masking is Masking.REDACTED
    assert by_role["return_path"].blocklists[0].status == "listed"
    assert by_role["link"].age_days == 1
    assert dns_server.queries  # the real resolver asked the loopback server
    assert ("mx.public.test", "A") in dns_server.queries


def test_dns_failure_is_a_value_not_an_exception() -> None:
    recs = {(f"{REV}.in-addr.arpa", "PTR"): DnsStatus.TIMEOUT}
    intel = gather_intel(
        message(), HOPS, ROUTE, AuthSummary(), FakeDns(recs, strict=False), None, OPTS, now=NOW
    )
    assert intel.hops_intel[0].status is LookupStatus.PARTIAL
    assert intel.hops_intel[0].fcrdns is None


def test_batch_rdap_client_is_capped_per_message(tmp_path: Path, rdap_server: RdapServer) -> None:
    for name, data in sample_domains("2020-01-01T00:00:00Z").items():
        rdap_server.add_domain(name, data)
    boot = write_bootstrap(tmp_path / "boot", rdap_server.base_url)
    options = AnalysisOptions(
        rdap_bootstrap=str(boot), rdap_max_requests=1, blocklists_ip=(), blocklists_domain=()
    )
    batch = RdapClient(options)  # what the pipeline holds for a whole batch
    no_hops: tuple[Hop, ...] = ()
    for _ in range(2):
        intel = gather_intel(
            message(), no_hops, Route(), AuthSummary(), FakeDns({}), batch, options, now=NOW
        )
        statuses = [d.status for d in intel.domains]
        # each message gets its own single request (which domain wins it varies: threads)
        assert statuses.count(RdapStatus.OK) >= 1
        assert "capped" in statuses
    assert len(rdap_server.requests) == 2
