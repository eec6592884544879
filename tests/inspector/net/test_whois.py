"""Port-43 whois fallback: parsing into RDAP shape, and a real loopback whois server."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.ownership import domain_intel
from inspector.model.codes import Masking, RdapKind, RdapStatus
from inspector.net import whois
from inspector.net.lookup import RdapAnswer
from inspector.net.rdap import RdapClient
from inspector.options import AnalysisOptions
from tests.support import rdap_server as support
from tests.support.rdap_server import RdapServer, WhoisServer, write_bootstrap, write_whois_map

whois_server = support.whois_server  # the fixture, for this module only

NOW = datetime(2026, 11, 22, tzinfo=UTC)

GTLD_STYLE = """\
Domain Name: SHOP.WHOISTLD
Registry Domain ID: 123
Registrar: Example Registrar, LLC
Creation Date: 2026-11-20T08:00:00Z
Registry Expiry Date: 2027-11-20T08:00:00Z
Domain Status: clientHold https://icann.org/epp#clientHold
Domain Status: clientTransferProhibited https://icann.org/epp#clientTransferProhibited
Registrant Organization: Withheld for Privacy ehf
Registrant Country: IS
Name Server: NS1.EXAMPLE.NET
Name Server: NS2.EXAMPLE.NET
>>> Last update of WHOIS database: 2026-11-22T00:00:00Z <<<
"""

CCTLD_STYLE = """\
% Registry whois
domain:      firma.whoistld
status:      active
created:     03.05.2009
holder:      REDACTED FOR PRIVACY
nserver:     ns1.firma.whoistld
nserver:     ns2.firma.whoistld
"""


def test_gtld_style_text_becomes_rdap_shape() -> None:
    data = whois.whois_to_rdap("shop.whoistld", GTLD_STYLE, "whois.example")
    assert data["events"][0]["eventDate"].startswith("2026-11-20T08:00:00")
    assert data["status"] == ["clientHold", "clientTransferProhibited"]
    assert [n["ldhName"] for n in data["nameservers"]] == ["ns1.example.net", "ns2.example.net"]
    intel = domain_intel(
        "from",
        "shop.whoistld",
        RdapAnswer("shop.whoistld", RdapKind.DOMAIN, RdapStatus.OK, data),
        NOW,
    )
    assert intel.registrar == "Example Registrar, LLC"
    assert intel.age_days == 1
    assert intel.masking is Masking.PROXY and intel.masking_service == "Withheld for Privacy"
    assert intel.registrant_country == "IS"


def test_cctld_style_text_and_redaction() -> None:
    data = whois.whois_to_rdap("firma.whoistld", CCTLD_STYLE)
    intel = domain_intel(
        "from", "firma.whoistld", RdapAnswer("x", RdapKind.DOMAIN, RdapStatus.OK, data), NOW
    )
    assert intel.created == datetime(2009, 5, 3, tzinfo=UTC)
    assert intel.masking is Masking.REDACTED
    assert intel.nameservers == ("ns1.firma.whoistld", "ns2.firma.whoistld")


def test_dates_in_many_layouts() -> None:
    for text in [
        "2020-01-02",
        "2020.01.02",
        "02-Jan-2020",
        "2020/01/02",
        "2020-01-02 10:00:00",
        "2020-01-02T10:00:00+01:00",
        "20200102",
    ]:
        parsed = whois.parse_date(text)
        assert parsed is not None and parsed.date().isoformat() == "2020-01-02", text
    assert whois.parse_date("before the war") is None


def _client(
    tmp_path: Path, server: WhoisServer, rdap: RdapServer | None = None, **kw: object
) -> RdapClient:
    boot = write_bootstrap(tmp_path / "b", rdap.base_url if rdap else "http://127.0.0.1:9/")
    write_whois_map(boot, server.spec)
    return RdapClient(AnalysisOptions(rdap_bootstrap=str(boot), **kw))  # type: ignore[arg-type]


def test_fallback_over_loopback(tmp_path: Path, whois_server: WhoisServer) -> None:
    whois_server.answers["shop.whoistld"] = GTLD_STYLE
    client = _client(tmp_path, whois_server)
    answer = client.domain("Shop.WhoisTLD")
    assert answer.status == "ok" and answer.url == f"whois://{whois_server.spec}/shop.whoistld"
    assert answer.data is not None and answer.data["port43"] == whois_server.spec
    assert client.domain("shop.whoistld") is answer  # cached
    assert client.domain("other.whoistld").status == "not_found"
    assert whois_server.queries == ["shop.whoistld", "other.whoistld"]


def test_rdap_wins_over_whois(
    tmp_path: Path, whois_server: WhoisServer, rdap_server: RdapServer
) -> None:
    boot = write_bootstrap(tmp_path / "b", rdap_server.base_url, tlds=("whoistld",))
    write_whois_map(boot, whois_server.spec)
    client = RdapClient(AnalysisOptions(rdap_bootstrap=str(boot)))
    assert client.domain("x.whoistld").status == "not_found"  # from RDAP
    assert whois_server.queries == []


def test_hanging_and_huge_whois_are_bounded(tmp_path: Path, whois_server: WhoisServer) -> None:
    whois_server.mode = "hang"
    client = _client(tmp_path, whois_server, rdap_timeout=0.5)
    started = time.monotonic()
    assert client.domain("slow.whoistld").status == "timeout"
    assert time.monotonic() - started < 2.0
    whois_server.mode = "huge"
    answer = client.domain("big.whoistld")
    assert answer.status == "error" and "over" in answer.error


def test_whois_counts_against_the_cap(tmp_path: Path, whois_server: WhoisServer) -> None:
    client = _client(tmp_path, whois_server, rdap_max_requests=1).session()
    assert client.domain("a.whoistld").status == "not_found"
    assert client.domain("b.whoistld").status == "capped"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_whois_parsing_never_raises(text: str) -> None:
    data = whois.whois_to_rdap("x.whoistld", text)
    assert data["objectClassName"] == "domain"
    domain_intel("from", "x.whoistld", RdapAnswer("x", RdapKind.DOMAIN, RdapStatus.OK, data), NOW)
