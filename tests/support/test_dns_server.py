"""The loopback DNS server itself, checked with dnspython's own client over UDP and TCP."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from tests.support.dns_server import LoopbackDns


def ask(
    server: LoopbackDns, name: str, rdtype: str, *, tcp: bool = False, payload: int = 0
) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype, use_edns=0 if payload else False, payload=payload)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, server.host, port=server.port, timeout=2)


def texts(response: dns.message.Message) -> list[str]:
    return [rdata.to_text() for rrset in response.answer for rdata in rrset]


def test_answers_authoritatively_over_udp_and_tcp(dns_server: LoopbackDns) -> None:
    dns_server.add("Host.Example.", "A", "192.0.2.1")
    dns_server.add("host.example", "AAAA", "2001:db8::1")
    for tcp in (False, True):
        response = ask(dns_server, "host.example", "A", tcp=tcp)
        assert response.rcode() == dns.rcode.NOERROR
        assert response.flags & dns.flags.AA
        assert texts(response) == ["192.0.2.1"]
    assert texts(ask(dns_server, "HOST.example.", "AAAA")) == ["2001:db8::1"]
    assert dns_server.queries == [("host.example", "A")] * 2 + [("host.example", "AAAA")]
    assert dns_server.transports == ["udp", "tcp", "udp"]
    assert dns_server.server_spec == f"127.0.0.1:{dns_server.port}"


def test_nxdomain_nodata_and_empty_non_terminal(dns_server: LoopbackDns) -> None:
    dns_server.add("a.b.example", "TXT", "hello")
    nx = ask(dns_server, "missing.example", "TXT")
    assert nx.rcode() == dns.rcode.NXDOMAIN and not nx.answer
    nodata = ask(dns_server, "a.b.example", "MX")
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer
    ent = ask(dns_server, "b.example", "TXT")
    assert ent.rcode() == dns.rcode.NOERROR and not ent.answer


def test_cname_is_followed_inside_the_zone(dns_server: LoopbackDns) -> None:
    dns_server.add("www.example", "CNAME", "web.example")
    dns_server.add("web.example", "CNAME", "host.example.")
    dns_server.add("host.example", "A", "192.0.2.7")
    response = ask(dns_server, "www.example", "A")
    assert texts(response) == ["web.example.", "host.example.", "192.0.2.7"]
    assert texts(ask(dns_server, "www.example", "CNAME")) == ["web.example."]
    dangling = LoopbackDns({("x.example", "CNAME"): ["nowhere.example"]})
    with dangling:
        assert ask(dangling, "x.example", "A").rcode() == dns.rcode.NXDOMAIN


def test_record_types_in_text_form() -> None:
    records = {
        ("example", "MX"): ["10 mx.example.", "20 mx2.example"],
        ("example", "NS"): ["ns1.example."],
        ("1.2.0.192.in-addr.arpa", "PTR"): ["host.example."],
        ("example", "SPF"): ["v=spf1 -all"],
        ("example", "CAA"): ['0 issue "ca.example"'],
        ("example", "TXT"): "v=spf1 ip4:192.0.2.0/24 -all",
    }
    with LoopbackDns(records) as server:
        assert sorted(texts(ask(server, "example", "MX"))) == ["10 mx.example.", "20 mx2.example."]
        assert texts(ask(server, "example", "NS")) == ["ns1.example."]
        assert texts(ask(server, "1.2.0.192.in-addr.arpa", "PTR")) == ["host.example."]
        spf = ask(server, "example", "SPF")
        assert spf.answer[0].rdtype == dns.rdatatype.SPF
        assert texts(spf) == ['"v=spf1 -all"']
        assert texts(ask(server, "example", "CAA")) == ['0 issue "ca.example"']
        assert texts(ask(server, "example", "TXT")) == ['"v=spf1 ip4:192.0.2.0/24 -all"']


def test_long_txt_is_split_truncated_on_udp_and_whole_on_tcp(dns_server: LoopbackDns) -> None:
    value = "".join(chr(ord("a") + i % 26) for i in range(3000))
    dns_server.add("long.example", "TXT", value)
    udp = ask(dns_server, "long.example", "TXT")
    assert udp.flags & dns.flags.TC and not udp.answer
    tcp = ask(dns_server, "long.example", "TXT", tcp=True)
    assert not tcp.flags & dns.flags.TC
    strings = tcp.answer[0][0].strings
    assert [len(s) for s in strings] == [255] * 11 + [195]
    assert b"".join(strings).decode() == value
    edns = ask(dns_server, "long.example", "TXT", payload=4096)
    assert not edns.flags & dns.flags.TC
    assert b"".join(edns.answer[0][0].strings).decode() == value
    small_edns = ask(dns_server, "long.example", "TXT", payload=1232)
    assert small_edns.flags & dns.flags.TC


def test_explicit_multi_string_txt_and_zone_text(dns_server: LoopbackDns) -> None:
    dns_server.add("multi.example", "TXT", ["v=DKIM1; k=rsa; ", "p=ABC"])
    assert ask(dns_server, "multi.example", "TXT").answer[0][0].strings == (
        b"v=DKIM1; k=rsa; ",
        b"p=ABC",
    )
    with pytest.raises(ValueError, match="255"):
        dns_server.add("bad.example", "TXT", ["x" * 256])
    dns_server.add_zone_text(
        "$ORIGIN zone.example.\n"
        "@ 60 IN MX 5 mail\n"
        "mail 60 IN A 192.0.2.9\n"
        '_dmarc IN TXT "v=DMARC1; p=none"\n'
    )
    assert texts(ask(dns_server, "zone.example", "MX")) == ["5 mail.zone.example."]
    assert texts(ask(dns_server, "mail.zone.example", "A")) == ["192.0.2.9"]
    assert texts(ask(dns_server, "_dmarc.zone.example", "TXT")) == ['"v=DMARC1; p=none"']


def test_huge_txt_is_served_over_tcp(dns_server: LoopbackDns) -> None:
    dns_server.add("huge.example", "TXT", "z" * 65000)
    started = time.monotonic()
    response = ask(dns_server, "huge.example", "TXT", tcp=True)
    assert time.monotonic() - started < 2
    assert len(b"".join(response.answer[0][0].strings)) == 65000


def test_failure_modes() -> None:
    with LoopbackDns({("a.example", "A"): ["192.0.2.1"]}, mode="servfail") as server:
        assert ask(server, "a.example", "A").rcode() == dns.rcode.SERVFAIL
        server.mode = "refused"
        assert ask(server, "a.example", "A", tcp=True).rcode() == dns.rcode.REFUSED
        server.mode = "garbage"
        with pytest.raises(dns.exception.DNSException):
            ask(server, "a.example", "A")
        server.mode = "silent"
        query = dns.message.make_query("a.example", "A")
        with pytest.raises(dns.exception.Timeout):
            dns.query.udp(query, server.host, port=server.port, timeout=0.3)
        assert len(server.queries) == 4
        server.mode = "normal"
        assert texts(ask(server, "a.example", "A")) == ["192.0.2.1"]
    with pytest.raises(ValueError, match="mode"):
        LoopbackDns(mode="chaotic")


def test_malformed_query_gets_formerr_and_server_keeps_going(dns_server: LoopbackDns) -> None:
    import socket

    dns_server.add("a.example", "A", "192.0.2.1")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        sock.sendto(b"\x12\x34\xff\xff\x00", (dns_server.host, dns_server.port))
        reply = dns.message.from_wire(sock.recv(512))
    assert reply.id == 0x1234 and reply.rcode() == dns.rcode.FORMERR
    assert texts(ask(dns_server, "a.example", "A")) == ["192.0.2.1"]


def test_delay_applies_to_concurrent_queries_in_parallel() -> None:
    names = [f"n{i}.example" for i in range(10)]
    with LoopbackDns({(n, "A"): ["192.0.2.1"] for n in names}, delay=0.3) as server:
        started = time.monotonic()
        with ThreadPoolExecutor(10) as pool:
            answers = list(pool.map(lambda n: texts(ask(server, n, "A")), names))
        elapsed = time.monotonic() - started
    assert answers == [["192.0.2.1"]] * 10
    assert 0.3 <= elapsed < 1.5


def test_stop_closes_the_port() -> None:
    server = LoopbackDns().start()
    port = server.port
    server.stop()
    query = dns.message.make_query("a.example", "A")
    with pytest.raises((dns.exception.Timeout, OSError)):
        dns.query.tcp(query, "127.0.0.1", port=port, timeout=0.5)
