"""Relay intelligence: PTR, FCrDNS, HELO, Team Cymru, dynamic space, blocklists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel import infrastructure as infra
from inspector.model.codes import DnsStatus, IpScope, RdapKind, RdapStatus
from inspector.model.intel import LookupStatus
from inspector.model.route import Hop, Route
from inspector.net.lookup import RdapAnswer
from tests.support.fake_dns import FakeDns

CLIENT = "203.0.113.25"
REV = "25.113.0.203"


def hops(**kw: object) -> tuple[Hop, ...]:
    return (
        Hop(
            0,
            "from a",
            helo="mx.sender.test",
            ip=CLIENT,
            ip_scope=IpScope.DOCUMENTATION,
            boundary=True,
        ),
        Hop(1, "from b", helo="int", ip="10.0.0.5", ip_scope=IpScope.PRIVATE, internal=True),
    )


ROUTE = Route(boundary_index=0, client_ip=CLIENT, client_helo="mx.sender.test")


def records(ptr: list[str] | DnsStatus, forward: dict[str, list[str]] | None = None) -> dict:
    out: dict = {
        (f"{REV}.in-addr.arpa", "PTR"): ptr,
        (f"{REV}.origin.asn.cymru.com", "TXT"): ["64500 | 203.0.113.0/24 | NL | ripencc | 2010"],
        ("AS64500.asn.cymru.com", "TXT"): [
            "64500 | NL | ripencc | 2001 | EXAMPLE-AS Example BV, NL"
        ],
        (f"{REV}.zen.spamhaus.org", "A"): DnsStatus.NXDOMAIN,
    }
    for name, addrs in (forward or {}).items():
        out[(name, "A")] = addrs
    return out


class FakeRdap:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def domain(self, name: str) -> RdapAnswer:
        raise AssertionError("no domain lookups here")

    def ip(self, address: str) -> RdapAnswer:
        self.asked.append(address)
        data = {
            "name": "EXAMPLE-NET",
            "entities": [
                {
                    "roles": ["registrant"],
                    "vcardArray": [
                        "vcard",
                        [
                            ["fn", {}, "text", "Example BV"],
                            ["adr", {"cc": "NL"}, "text", ["", "", "", "", "", "", ""]],
                        ],
                    ],
                }
            ],
        }
        return RdapAnswer(address, RdapKind.IP, RdapStatus.OK, data)


def test_external_targets_client_first_and_no_internal() -> None:
    extra = Hop(2, "from c", helo="relay", ip="198.51.100.9", ip_scope=IpScope.PUBLIC)
    targets = infra.external_targets((*hops(), extra), ROUTE)
    assert [t.ip for t in targets] == [CLIENT, "198.51.100.9"]
    assert targets[0].helo == "mx.sender.test"


def test_confirmed_ptr_matching_helo_and_cymru() -> None:
    dns = FakeDns(records(["mx.sender.test."], {"mx.sender.test": [CLIENT]}))
    rdap = FakeRdap()
    (intel,) = infra.analyse_hops(hops(), ROUTE, dns, rdap, ["zen.spamhaus.org"])
    assert intel.ptr == "mx.sender.test"
    assert intel.fcrdns is True
    assert intel.helo_matches is True
    assert (intel.asn, intel.prefix, intel.country) == ("AS64500", "203.0.113.0/24", "NL")
    assert intel.as_name == "EXAMPLE-AS Example BV, NL"
    assert intel.network_owner == "Example BV"
    assert intel.dynamic is False
    assert intel.blocklists[0].status == "not_listed"
    assert rdap.asked == [CLIENT]


def test_ptr_not_forward_confirmed() -> None:
    dns = FakeDns(records(["mail.other.test."], {"mail.other.test": ["192.0.2.1"]}))
    (intel,) = infra.analyse_hops(hops(), ROUTE, dns, None, ["zen.spamhaus.org"])
    assert intel.fcrdns is False
    assert intel.helo_matches is False


def test_no_ptr() -> None:
    dns = FakeDns(records(DnsStatus.NXDOMAIN))
    (intel,) = infra.analyse_hops(hops(), ROUTE, dns, None, ["zen.spamhaus.org"])
    assert intel.ptr is None and intel.fcrdns is False and intel.helo_matches is None
    assert intel.status == "ok"


def test_ptr_timeout_is_undecided() -> None:
    dns = FakeDns(records(DnsStatus.TIMEOUT))
    (intel,) = infra.analyse_hops(hops(), ROUTE, dns, None, ["zen.spamhaus.org"])
    assert intel.fcrdns is None and intel.status is LookupStatus.PARTIAL
    assert intel.status_detail == "PTR timeout"


def test_dynamic_names() -> None:
    ip = "203.0.113.25"
    for name in [
        "203-0-113-25.dsl.isp.test",
        "25.113.0.203.dynamic.isp.test",
        "host-203-000-113-025.isp.test",
        "cb007119.isp.test",
        "pool-25.cable.isp.test",
        "customer.broadband.isp.test",
        "ppp-1.isp.test",
    ]:
        assert infra.reverse_name_kind(name, ip), name
    for name in ["mx1.sender.test", "mail.dslreports.test", "smtp.cable.test"]:
        assert infra.reverse_name_kind(name, ip) == "", name
    assert "2001" in infra.reverse_name_kind(
        "2001-0db8-0000-0000-0000-0000-0000-0001.isp.test", "2001:db8::1"
    )


def test_pbl_listing_marks_dynamic() -> None:
    recs = records(["mx.sender.test."], {"mx.sender.test": [CLIENT]})
    recs[(f"{REV}.zen.spamhaus.org", "A")] = ["127.0.0.11"]
    (intel,) = infra.analyse_hops(hops(), ROUTE, FakeDns(recs), None, ["zen.spamhaus.org"])
    assert intel.dynamic and "PBL" in intel.dynamic_reason


def test_generic_ptr_is_dynamic() -> None:
    name = "203-0-113-25.cust.isp.test"
    dns = FakeDns(records([name + "."], {name: [CLIENT]}))
    (intel,) = infra.analyse_hops(hops(), ROUTE, dns, None, ["zen.spamhaus.org"])
    assert intel.dynamic and "embeds the address" in intel.dynamic_reason


def test_helo_rules() -> None:
    assert infra.helo_matches("mx.sender.test", "mx.sender.test.") is True
    assert infra.helo_matches("out2.sender.test", "mx.sender.test") is True
    assert infra.helo_matches("[203.0.113.25]", "mx.sender.test") is False
    assert infra.helo_matches("203.0.113.25", "mx.sender.test") is False
    assert infra.helo_matches(None, "mx.sender.test") is None


def test_cymru_parsing_is_defensive() -> None:
    assert infra.parse_cymru_origin(["64500 64501 | 192.0.2.0/24 | US | arin | x"])[0] == "64500"
    assert infra.parse_cymru_origin(["garbage"]) == (None, None, None)
    assert infra.parse_cymru_asname(["1 | 2"]) is None
    assert (infra.cymru_origin_name("2001:db8::1") or "").endswith(".origin6.asn.cymru.com")


def test_hosting_networks() -> None:
    assert infra.hosting_network("AS16509", None) == "Amazon Web Services"
    assert infra.hosting_network("AS64500", "EXAMPLE-HOSTING Example BV") is not None
    assert infra.hosting_network("AS64500", "EXAMPLE-AS Example BV") is None


def test_offline_asks_nothing() -> None:
    dns = FakeDns({}, offline=True)
    (intel,) = infra.analyse_hops(hops(), ROUTE, dns, FakeRdap(), ["zen.spamhaus.org"])
    assert intel.status == "offline" and dns.asked == []


def test_ipv6_client() -> None:
    ip = "2001:db8::25"
    route = Route(boundary_index=0, client_ip=ip)
    hop = Hop(0, "x", helo="mx.sender.test", ip=ip, ip_scope=IpScope.DOCUMENTATION)
    dns = FakeDns({}, strict=False)
    (intel,) = infra.analyse_hops((hop,), route, dns, None, ["zen.spamhaus.org"])
    asked = {n for n, _ in dns.asked}
    assert any(n.endswith(".ip6.arpa") for n in asked)
    assert any(n.endswith(".origin6.asn.cymru.com") for n in asked)
    assert any(n.endswith("8.b.d.0.1.0.0.2.zen.spamhaus.org") for n in asked)
    assert intel.ptr is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=40))
def test_name_checks_never_raise(name: str, ip: str) -> None:
    infra.reverse_name_kind(name, ip)
    infra.reverse_name_kind(name, "203.0.113.25")
    infra.helo_matches(name, ip or None)
    infra.parse_cymru_origin([name])
    infra.parse_cymru_asname([name])


def test_rented_server_names_from_the_hosting_data() -> None:
    assert infra.rented_server_name("li123-45.members.linode.com")
    assert infra.rented_server_name("ec2-198-51-100-1.compute-1.amazonaws.com")
    assert not infra.rented_server_name("mail.example.org")
    assert not infra.rented_server_name(None)
