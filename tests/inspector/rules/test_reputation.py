"""reputation.* rules: listings per list with decoded meaning, refusals never as listings."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.intel.blocklists import interpret, list_def
from inspector.model.auth import AuthSummary
from inspector.model.codes import DnsStatus, Severity
from inspector.model.intel import BlocklistResult, DomainIntel, HopIntel, SenderIntel
from inspector.model.route import Route
from inspector.net.lookup import DnsAnswer
from inspector.rules import reputation as rules
from inspector.rules.context import AnalysisContext
from tests.inspector.rules.test_infrastructure import _message

IP = "203.0.113.25"


def listed(zone: str, target: str, *codes: str) -> BlocklistResult:
    answer = DnsAnswer("q", "A", DnsStatus.ANSWER, codes)
    return interpret(list_def(zone), target, answer)


def ctx(hops: tuple[HopIntel, ...] = (), domains: tuple[DomainIntel, ...] = ()) -> AnalysisContext:
    return AnalysisContext(
        message=_message(), hops=(), route=Route(boundary_index=0, client_ip=IP),
        auth=AuthSummary(), sender=SenderIntel(hops_intel=hops, domains=domains),
        verdicts=(), bounce=None, dns=(), now=datetime(2026, 11, 22, tzinfo=UTC),
    )  # fmt: skip


def test_client_ip_listed_per_list_with_meaning_and_severity() -> None:
    hop = HopIntel(
        IP,
        blocklists=(
            listed("zen.spamhaus.org", IP, "127.0.0.4"),
            listed("psbl.surriel.com", IP, "127.0.0.2"),
            listed("bl.spamcop.net", IP),  # empty answer -> error, not a listing
        ),
    )
    found = list(rules.ip_listings(ctx((hop,))))
    assert [f.id for f in found] == ["reputation.ip_listed"] * 2
    zen, psbl = found
    assert "XBL" in zen.explanation and zen.severity is Severity.HIGH
    assert "Spamhaus ZEN" in zen.title
    assert psbl.severity is Severity.MEDIUM
    assert zen.evidence == (
        "zen.spamhaus.org: 203.0.113.25 -> 127.0.0.4 (" + zen.evidence[0].split("(", 1)[1],
    )


def test_pbl_alone_is_left_to_infrastructure() -> None:
    hop = HopIntel(IP, blocklists=(listed("zen.spamhaus.org", IP, "127.0.0.10"),))
    assert list(rules.ip_listings(ctx((hop,)))) == []


def test_earlier_relay_listing_is_low() -> None:
    other = HopIntel(
        "198.51.100.7", blocklists=(listed("bl.spamcop.net", "198.51.100.7", "127.0.0.2"),)
    )
    (finding,) = list(rules.ip_listings(ctx((other,))))
    assert finding.severity is Severity.LOW and "earlier relay" in finding.title


def test_refusals_are_info_not_listings() -> None:
    hop = HopIntel(IP, blocklists=(listed("zen.spamhaus.org", IP, "127.255.255.254"),))
    dom = DomainIntel(
        "from", "a.test", blocklists=(listed("multi.uribl.com", "a.test", "127.0.0.1"),)
    )
    c = ctx((hop,), (dom,))
    assert list(rules.ip_listings(c)) == [] and list(rules.domain_listings(c)) == []
    (finding,) = list(rules.refused(c))
    assert finding.id == "reputation.blocklist_refused" and finding.severity is Severity.INFO
    assert "Spamhaus ZEN" in finding.explanation and "URIBL" in finding.explanation


def test_domain_listed_once_per_domain_and_list_naming_roles() -> None:
    res = listed("dbl.spamhaus.org", "bad.test", "127.0.1.4")
    domains = (
        DomainIntel("from", "bad.test", blocklists=(res,)),
        DomainIntel("link", "bad.test", blocklists=(res,)),
    )
    (finding,) = list(rules.domain_listings(ctx(domains=domains)))
    assert finding.id == "reputation.domain_listed"
    assert finding.severity is Severity.CRITICAL  # phishing
    assert "from, link" in finding.explanation and "phishing" in finding.explanation


def test_nothing_listed_nothing_said() -> None:
    hop = HopIntel(IP, blocklists=(listed("zen.spamhaus.org", IP),))
    c = ctx((hop,))
    assert list(rules.ip_listings(c)) == [] and list(rules.refused(c)) == []
