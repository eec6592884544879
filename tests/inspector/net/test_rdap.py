"""RdapClient against a real loopback RDAP server: answers, misbehaving servers, caps."""

from __future__ import annotations

import json
import time
from pathlib import Path

from inspector.net.rdap import Bootstrap, RdapClient
from inspector.options import AnalysisOptions
from tests.support.rdap_server import RdapServer, rdap_domain, write_bootstrap


def _client(tmp_path: Path, server: RdapServer, **kw: object) -> RdapClient:
    boot = write_bootstrap(tmp_path / "boot", server.base_url)
    return RdapClient(AnalysisOptions(rdap_bootstrap=str(boot), **kw))  # type: ignore[arg-type]


def test_bundled_bootstrap_knows_com_and_arin() -> None:
    import ipaddress

    boot = Bootstrap.bundled()
    assert any("verisign" in u for u in boot.servers_for_domain("example.com"))
    assert boot.servers_for_ip(ipaddress.ip_address("8.8.8.8"))
    assert boot.servers_for_domain("example.invalid-tld-xyz") == ()


def test_domain_ok_and_cached(tmp_path: Path, rdap_server: RdapServer) -> None:
    rdap_server.add_domain("public.test", rdap_domain("public.test"))
    client = _client(tmp_path, rdap_server)
    first = client.domain("Public.Test.")
    assert first.status == "ok"
    assert first.data is not None and first.data["ldhName"] == "PUBLIC.TEST"
    assert first.url == rdap_server.base_url + "domain/public.test"
    second = client.domain("public.test")
    assert second == first
    assert rdap_server.requests == ["/domain/public.test"]


def test_not_found_and_no_server(tmp_path: Path, rdap_server: RdapServer) -> None:
    client = _client(tmp_path, rdap_server)
    assert client.domain("missing.test").status == "not_found"
    assert client.domain("example.zz-no-rdap").status == "no_server"


def test_ip_lookup(tmp_path: Path, rdap_server: RdapServer) -> None:
    rdap_server.add_ip("192.0.2.25", {"objectClassName": "ip network", "name": "DOC-NET"})
    client = _client(tmp_path, rdap_server)
    answer = client.ip("192.0.2.25")
    assert answer.status == "ok" and answer.data == {
        "objectClassName": "ip network",
        "name": "DOC-NET",
    }
    assert client.ip("not-an-ip").status == "error"


def test_hanging_server_is_cut_at_the_deadline(tmp_path: Path, rdap_server: RdapServer) -> None:
    rdap_server.mode = "hang"
    client = _client(tmp_path, rdap_server, rdap_timeout=0.5)
    started = time.monotonic()
    answer = client.domain("slow.test")
    assert answer.status == "timeout"
    assert time.monotonic() - started < 2.0


def test_huge_answer_is_capped(tmp_path: Path, rdap_server: RdapServer) -> None:
    rdap_server.mode = "huge"
    client = _client(tmp_path, rdap_server)
    answer = client.domain("big.test")
    assert answer.status == "error"
    assert "larger than" in answer.error


def test_redirects_are_followed_and_counted(tmp_path: Path, rdap_server: RdapServer) -> None:
    rdap_server.add_domain("public.test", rdap_domain("public.test"))
    rdap_server.mode = "redirect"
    client = _client(tmp_path, rdap_server)
    # the server redirects every path, /r/... included: the loop stops after 3 redirects
    answer = client.domain("public.test")
    assert answer.status == "error" and "redirect" in answer.error
    rdap_server.mode = "normal"
    assert client.domain("public.test").status == "ok"


def test_request_cap_per_message(tmp_path: Path, rdap_server: RdapServer) -> None:
    for i in range(5):
        rdap_server.add_domain(f"d{i}.test", rdap_domain(f"d{i}.test"))
    batch = _client(tmp_path, rdap_server, rdap_max_requests=2)
    message = batch.session()
    statuses = [message.domain(f"d{i}.test").status for i in range(3)]
    assert statuses == ["ok", "ok", "capped"]
    # a new message gets a fresh cap and shares the cache
    other = batch.session()
    assert other.domain("d0.test").status == "ok"
    assert other.domain("d3.test").status == "ok"
    assert len(rdap_server.requests) == 3


def test_offline_asks_nobody(tmp_path: Path, rdap_server: RdapServer) -> None:
    client = _client(tmp_path, rdap_server, offline=True)
    assert client.domain("public.test").status == "offline"
    assert rdap_server.requests == []


def test_single_bootstrap_file_overrides_one_registry(tmp_path: Path) -> None:
    doc = {"services": [[["test"], ["http://127.0.0.1:9/"]]], "version": "1.0"}
    path = tmp_path / "dns.json"
    path.write_text(json.dumps(doc))
    boot = Bootstrap.load(str(path))
    assert boot.servers_for_domain("a.test") == ("http://127.0.0.1:9/",)
    assert boot.servers_for_domain("example.com") == ()  # the file replaces the DNS registry
    import ipaddress

    assert boot.servers_for_ip(ipaddress.ip_address("8.8.8.8"))  # bundled IP data remains


def test_unreadable_bootstrap_is_an_error_value(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    client = RdapClient(AnalysisOptions(rdap_bootstrap=str(bad)))
    answer = client.domain("example.com")
    assert answer.status == "error" and "bootstrap" in answer.error


def test_connection_refused_is_error(tmp_path: Path) -> None:
    boot = write_bootstrap(tmp_path / "b", "http://127.0.0.1:9/")
    client = RdapClient(AnalysisOptions(rdap_bootstrap=str(boot), rdap_timeout=1.0))
    assert client.domain("x.test").status == "error"


def test_non_public_addresses_are_not_sent_to_real_registries() -> None:
    client = RdapClient(AnalysisOptions())  # bundled bootstrap: 192.0.0.0/8 is ARIN's
    for address in ("192.0.2.1", "10.1.2.3", "127.0.0.1", "2001:db8::1"):
        answer = client.ip(address)
        assert answer.status == "no_server" and answer.url is None
