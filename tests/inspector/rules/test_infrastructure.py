"""infrastructure.* rules: each fires on its case and stays quiet on a clean sender."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from inspector.model.auth import AuthSummary
from inspector.model.codes import DnsStatus, IpScope, Severity
from inspector.model.dns import DnsQuery
from inspector.model.findings import Finding
from inspector.model.intel import (
    BlocklistResult,
    BlocklistStatus,
    HopIntel,
    LookupStatus,
    PlatformMatch,
    SenderIntel,
)
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route
from inspector.rules import infrastructure as rules
from inspector.rules.context import AnalysisContext

IP = "203.0.113.25"
RAW = "from mx.sender.test (mx.sender.test [203.0.113.25]) by mx.rcpt.test"


def _message() -> ParsedMessage:
    return ParsedMessage(
        raw=b"", headers=(), headers_only=True, subject=None, from_=(), to=(), cc=(),
        reply_to=(), return_path=None, sender=None, date=None, date_raw=None,
        message_id=None, mime=None, text_body="", html_body="", body_size=0, defects=(),
    )  # fmt: skip


GOOD = HopIntel(
    ip=IP, hop_index=0, ptr="mx.sender.test", fcrdns=True, helo="mx.sender.test",
    helo_matches=True, asn="AS64500", as_name="EXAMPLE-AS Example BV", country="NL",
)  # fmt: skip


def ctx(
    intel: HopIntel | None = GOOD,
    helo: str = "mx.sender.test",
    platform: PlatformMatch | None = None,
    dns: tuple[DnsQuery, ...] = (),
) -> AnalysisContext:
    hop = Hop(0, RAW, helo=helo, ip=IP, ip_scope=IpScope.DOCUMENTATION, boundary=True)
    return AnalysisContext(
        message=_message(),
        hops=(hop,),
        route=Route(boundary_index=0, client_ip=IP, client_helo=helo),
        auth=AuthSummary(),
        sender=SenderIntel(platform=platform, hops_intel=(intel,) if intel else ()),
        verdicts=(),
        bounce=None,
        dns=dns,
        now=datetime(2026, 11, 22, tzinfo=UTC),
    )


def ids(c: AnalysisContext) -> list[str]:
    out: list[Finding] = []
    for fn in (
        rules.reverse_dns, rules.generic_reverse_name, rules.helo_name,
        rules.consumer_space, rules.hosting,
    ):  # fmt: skip
        out.extend(fn(c))
    return [f.id for f in out]


def test_clean_sender_has_no_findings() -> None:
    assert ids(ctx()) == []


def test_no_ptr_with_dns_evidence() -> None:
    q = DnsQuery("25.113.0.203.in-addr.arpa", "PTR", DnsStatus.NXDOMAIN)
    c = ctx(replace(GOOD, ptr=None, fcrdns=False, helo_matches=None), dns=(q,))
    (finding,) = list(rules.reverse_dns(c))
    assert finding.id == "infrastructure.no_ptr"
    assert any("in-addr.arpa PTR -> nxdomain" in e for e in finding.evidence)
    assert finding.evidence[0].startswith("Received: ")


def test_no_ptr_not_claimed_when_lookup_failed_or_offline() -> None:
    assert (
        ids(
            ctx(
                replace(
                    GOOD,
                    ptr=None,
                    fcrdns=None,
                    status=LookupStatus.PARTIAL,
                    status_detail="PTR timeout",
                )
            )
        )
        == []
    )
    assert ids(ctx(HopIntel(ip=IP, hop_index=0, status=LookupStatus.OFFLINE))) == []


def test_ptr_not_confirmed() -> None:
    assert ids(ctx(replace(GOOD, fcrdns=False))) == ["infrastructure.ptr_not_confirmed"]


def test_generic_rdns() -> None:
    name = "203-0-113-25.dsl.isp.test"
    c = ctx(replace(GOOD, ptr=name, helo_matches=True))
    assert ids(c) == ["infrastructure.generic_rdns"]
    (plain,) = rules.generic_reverse_name(c)
    assert plain.severity is Severity.MEDIUM
    esp = PlatformMatch("Example ESP", ("x",), 0.9)
    (via_esp,) = rules.generic_reverse_name(ctx(replace(GOOD, ptr=name), platform=esp))
    assert via_esp.severity is Severity.LOW and "Example ESP" in via_esp.explanation


def test_helo_mismatch() -> None:
    c = ctx(replace(GOOD, ptr="mail.other.test", helo_matches=False))
    assert ids(c) == ["infrastructure.helo_mismatch"]


def test_helo_ip_literal_and_not_fqdn() -> None:
    assert ids(ctx(helo="[203.0.113.25]")) == ["infrastructure.helo_ip_literal"]
    assert ids(ctx(helo="[IPv6:2001:db8::1]")) == ["infrastructure.helo_ip_literal"]
    assert ids(ctx(helo="WIN-7H2K9")) == ["infrastructure.helo_not_fqdn"]
    assert ids(ctx(helo="desktop.localdomain")) == ["infrastructure.helo_not_fqdn"]


def test_helo_checked_even_offline() -> None:
    assert ids(ctx(HopIntel(ip=IP, status=LookupStatus.OFFLINE), helo="localhost")) == [
        "infrastructure.helo_not_fqdn"
    ]


def test_consumer_space_from_pbl() -> None:
    pbl = BlocklistResult(
        "zen.spamhaus.org",
        "Spamhaus ZEN",
        IP,
        BlocklistStatus.LISTED,
        ("127.0.0.10",),
        "PBL (ISP ...)",
        policy=True,
    )
    (finding,) = list(rules.consumer_space(ctx(replace(GOOD, blocklists=(pbl,)))))
    assert finding.id == "infrastructure.consumer_space"
    assert "zen.spamhaus.org: 203.0.113.25 -> 127.0.0.10" in finding.evidence
    sbl = replace(pbl, codes=("127.0.0.2",), policy=False)
    assert list(rules.consumer_space(ctx(replace(GOOD, blocklists=(sbl,))))) == []


def test_hosting_network_info_unless_platform_known() -> None:
    aws = replace(GOOD, asn="AS16509", as_name="AMAZON-02")
    (finding,) = list(rules.hosting(ctx(aws)))
    assert finding.id == "infrastructure.hosting_network" and "Amazon" in finding.explanation
    esp = PlatformMatch("Amazon SES", ("x",), 0.9)
    assert list(rules.hosting(ctx(aws, platform=esp))) == []


def test_every_finding_is_fully_described() -> None:
    c = ctx(replace(GOOD, ptr=None, fcrdns=False), helo="localhost")
    for fn in (rules.reverse_dns, rules.helo_name):
        for f in fn(c):
            assert f.explanation and f.remedy and f.references and f.evidence
