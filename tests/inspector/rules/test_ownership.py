"""ownership.* rules: young domains, privacy proxies, redaction, missing RDAP, holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inspector.model.auth import AuthSummary
from inspector.model.codes import Masking, RdapStatus, Severity
from inspector.model.intel import DomainIntel, SenderIntel
from inspector.model.route import Route
from inspector.rules import ownership as rules
from inspector.rules.context import AnalysisContext
from tests.inspector.rules.test_infrastructure import _message

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def ctx(*domains: DomainIntel) -> AnalysisContext:
    return AnalysisContext(
        message=_message(), hops=(), route=Route(), auth=AuthSummary(),
        sender=SenderIntel(domains=domains), verdicts=(), bounce=None, dns=(), now=NOW,
    )  # fmt: skip


def aged(days: int, role: str = "from", domain: str = "young.test") -> DomainIntel:
    return DomainIntel(role, domain, created=NOW - timedelta(days=days), age_days=days)


def test_new_domain_thresholds() -> None:
    (yesterday,) = list(rules.new_domain(ctx(aged(1), aged(1, role="link"))))
    assert yesterday.id == "ownership.new_domain" and yesterday.severity is Severity.HIGH
    assert "registered yesterday" in yesterday.title
    assert "the From address, links in the message" in yesterday.explanation
    (medium,) = list(rules.new_domain(ctx(aged(45))))
    assert medium.severity is Severity.MEDIUM
    assert list(rules.new_domain(ctx(aged(90)))) == []
    assert list(rules.new_domain(ctx(DomainIntel("from", "x.test")))) == []


def test_privacy_proxy() -> None:
    dom = DomainIntel(
        "reply_to", "hidden.test", masking=Masking.PROXY, masking_service="Domains By Proxy",
        evidence=("registrant vcard org: Domains By Proxy, LLC",),
    )  # fmt: skip
    (finding,) = list(rules.privacy_proxy(ctx(dom)))
    assert finding.id == "ownership.privacy_proxy"
    assert "Domains By Proxy" in finding.explanation and "Reply-To" in finding.explanation
    assert finding.evidence == ("registrant vcard org: Domains By Proxy, LLC",)
    assert list(rules.redacted(ctx(dom))) == []


def test_redacted_is_info() -> None:
    dom = DomainIntel("from", "r.test", masking=Masking.REDACTED, evidence=("RDAP remark: x",))
    (finding,) = list(rules.redacted(ctx(dom)))
    assert finding.id == "ownership.redacted" and finding.severity is Severity.INFO
    assert list(rules.privacy_proxy(ctx(dom))) == []


def test_public_and_unknown_say_nothing() -> None:
    for masking in (Masking.PUBLIC, Masking.UNKNOWN):
        c = ctx(DomainIntel("from", "p.test", masking=masking))
        assert list(rules.privacy_proxy(c)) == [] and list(rules.redacted(c)) == []


def test_no_rdap() -> None:
    (gone,) = list(
        rules.no_rdap(ctx(DomainIntel("from", "gone.test", status=RdapStatus.NOT_FOUND)))
    )
    assert gone.severity is Severity.MEDIUM and "no record" in gone.title
    (tld,) = list(rules.no_rdap(ctx(DomainIntel("from", "x.zz", status=RdapStatus.NO_SERVER))))
    assert tld.severity is Severity.INFO
    for status in (RdapStatus.OK, RdapStatus.OFFLINE, RdapStatus.TIMEOUT, RdapStatus.SKIPPED):
        assert list(rules.no_rdap(ctx(DomainIntel("from", "x.test", status=status)))) == []


def test_on_hold() -> None:
    dom = DomainIntel("link", "held.test", statuses=("client hold", "client transfer prohibited"))
    (finding,) = list(rules.on_hold(ctx(dom)))
    assert finding.id == "ownership.on_hold" and "client hold" in finding.explanation
    epp = DomainIntel("link", "held.test", statuses=("clientHold", "serverTransferProhibited"))
    assert [f.id for f in rules.on_hold(ctx(epp))] == ["ownership.on_hold"]
    ok = DomainIntel("link", "fine.test", statuses=("client transfer prohibited",))
    assert list(rules.on_hold(ctx(ok))) == []
