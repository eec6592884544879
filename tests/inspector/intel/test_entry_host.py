"""The entry host as a postmaster reads it: generic names, rented servers, a HELO naming
another address or an unrelated domain; no DNS."""

from __future__ import annotations

from inspector.intel.entry_host import embedded_ip, entry_host, hosting_from_name, unrelated_helo
from inspector.model.auth import AuthStatus, DkimResult
from inspector.model.intel import PlatformMatch
from inspector.model.route import Hop, Route
from tests.inspector.intel.msgs import build


def test_hosting_networks_are_recognised_from_names() -> None:
    assert hosting_from_name("172-234-133-106.ip.linodeusercontent.com") == (
        "Akamai Connected Cloud (Linode)"
    )
    assert hosting_from_name("ec2-3-4-5-6.compute-1.amazonaws.com") == ("Amazon Web Services (EC2)")
    assert hosting_from_name("static.1.2.0.192.clients.your-server.de") == "Hetzner"
    assert hosting_from_name("vmi123456.contaboserver.net") == "Contabo"
    assert hosting_from_name("mail.example.com") is None
    assert hosting_from_name(None) is None


def test_an_address_in_the_helo_that_is_not_the_client() -> None:
    # the Plesk name embeds 18.133.252.80 while the host connected from 18.133.179.48
    assert embedded_ip("keen-burnell.18-133-252-80.plesk.page", "18.133.179.48") == (
        "18.133.252.80"
    )
    assert embedded_ip("194-233-167-112.ip.linodeusercontent.com", "194.233.167.112") is None
    assert embedded_ip("112-167-233-194.example.net", "194.233.167.112") is None  # reversed
    assert embedded_ip("[198.51.100.7]", "203.0.113.9") == "198.51.100.7"
    assert embedded_ip("[203.0.113.9]", "203.0.113.9") is None
    assert embedded_ip("mail.example.com", "203.0.113.9") is None
    assert embedded_ip("x.1-2-3-999.example", "203.0.113.9") is None


def test_a_helo_that_belongs_to_nobody_in_the_message() -> None:
    assert unrelated_helo("778057.cn", None, ["aprimarse.com"], None) == "778057.cn"
    assert unrelated_helo("mail.example.com", None, ["example.com"], None) is None
    assert unrelated_helo("mx.host.example", "mx.host.example", ["a.example"], None) is None
    esp = PlatformMatch("Mailgun", ("HELO",), 0.9)
    assert unrelated_helo("m1.mailgun.net", None, ["a.example"], esp) is None
    assert unrelated_helo("localhost", None, ["a.example"], None) is None


def test_entry_host_reads_the_boundary_hop() -> None:
    pm = build([("From", "Shop <news@aprimarse.example>")])
    hop = Hop(
        index=0,
        raw="from 194-233-167-112.ip.linodeusercontent.com",
        helo="194-233-167-112.ip.linodeusercontent.com",
        ip="194.233.167.112",
        boundary=True,
    )
    route = Route(
        boundary_index=0,
        client_ip="194.233.167.112",
        client_helo="194-233-167-112.ip.linodeusercontent.com",
    )
    fact = entry_host(pm, (hop,), route, (), None, None)
    assert fact is not None
    assert "embeds the address" in fact.generic_name
    assert fact.hosting == "Akamai Connected Cloud (Linode)"
    assert fact.embedded_ip is None
    assert entry_host(pm, (), Route(), (), None, None) is None
    signed = entry_host(
        pm,
        (),
        Route(client_ip="192.0.2.1", client_helo="out.signer.example"),
        (DkimResult(AuthStatus.SKIPPED, domain="signer.example"),),
        None,
        None,
    )
    assert signed is not None and signed.unrelated_helo is None


def test_the_longest_listed_suffix_names_the_provider_whatever_comes_before_it() -> None:
    # compute.amazonaws.com is listed, and so is the longer compute-1.amazonaws.com
    assert hosting_from_name("A.B.Compute.AmazonAWS.com.") == "Amazon Web Services (EC2)"
    assert hosting_from_name("x." * 5000 + "ip.linodeusercontent.com") == (
        "Akamai Connected Cloud (Linode)"
    )
    assert hosting_from_name("x." * 5000 + "example.com") is None
    assert hosting_from_name("linodeusercontent.com.example") is None


def test_names_past_the_cache_bound_are_read_the_same() -> None:
    long_name = "a." * 200 + "compute-1.amazonaws.com"
    assert hosting_from_name(long_name) == hosting_from_name("ec2-3-4-5-6.compute-1.amazonaws.com")
    long_helo = "b." * 200 + "18-133-252-80.example.net"
    assert embedded_ip(long_helo, "18.133.179.48") == "18.133.252.80"
    assert embedded_ip(long_helo, "18.133.252.80") is None
