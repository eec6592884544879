"""The domain posture check: records found, notes, JSON shape, offline, loopback end to end."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.domaincheck import DKIM_SELECTORS, check_domain, format_domain_posture
from inspector.model.codes import DnsStatus, Masking, RdapKind, RdapStatus, Severity
from inspector.net.lookup import RdapAnswer
from inspector.net.rdap import RdapClient
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from tests.support.dns_server import LoopbackDns
from tests.support.fake_dns import FakeDns
from tests.support.rdap_server import RdapServer, rdap_domain, sample_domains, write_bootstrap

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
KEY = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"


def good_records(domain: str = "good.test") -> dict:
    return {
        (domain, "MX"): ["20 mx2.good.test.", "10 mx1.good.test."],
        (domain, "TXT"): ["v=spf1 include:_spf.esp.test -all", "google-site-verification=x"],
        ("_spf.esp.test", "TXT"): ["v=spf1 ip4:192.0.2.0/24 a mx ~all"],
        (f"_dmarc.{domain}", "TXT"): ["v=DMARC1; p=reject; rua=mailto:d@good.test"],
        (f"selector1._domainkey.{domain}", "TXT"): [KEY],
        (f"_mta-sts.{domain}", "TXT"): ["v=STSv1; id=2026"],
        (f"_smtp._tls.{domain}", "TXT"): ["v=TLSRPTv1; rua=mailto:tls@good.test"],
        (f"default._bimi.{domain}", "TXT"): ["v=BIMI1; l=https://good.test/logo.svg"],
    }


class StaticRdap:
    def __init__(self, data: dict | None, status: RdapStatus = RdapStatus.OK) -> None:
        self.data, self.status = data, status
        self.asked: list[str] = []

    def domain(self, name: str) -> RdapAnswer:
        self.asked.append(name)
        return RdapAnswer(name, RdapKind.DOMAIN, self.status, self.data)

    def ip(self, address: str) -> RdapAnswer:
        raise AssertionError


def test_well_configured_domain() -> None:
    dns = FakeDns(good_records(), strict=False)
    rdap = StaticRdap(rdap_domain("good.test", registrant={"org": "Good Ltd"}))
    p = check_domain("Good.Test.", dns, rdap, now=NOW)
    assert p.domain == "good.test"
    assert p.mx == ("10 mx1.good.test.", "20 mx2.good.test.")
    assert p.spf_record == "v=spf1 include:_spf.esp.test -all"
    assert p.spf_lookups == 3  # include, a, mx
    assert p.spf_tree is not None and p.spf_tree.children[0].domain == "_spf.esp.test"
    assert p.dmarc_policy == "reject" and p.dmarc_domain == "good.test"
    assert p.dkim_selectors == (("selector1", KEY),)
    assert p.mta_sts and p.tls_rpt and p.bimi
    assert p.registration is not None and p.registration.masking is Masking.PUBLIC
    assert rdap.asked == ["good.test"]
    assert [n for n in p.notes if n.severity.rank >= Severity.LOW.rank] == []
    # every common selector was probed in the one batch
    asked = {n for n, _ in dns.asked}
    assert all(f"{s}._domainkey.good.test" in asked for s in DKIM_SELECTORS)


def test_bare_domain_gets_the_notes_it_deserves() -> None:
    dns = FakeDns({("bare.test", "TXT"): ["v=spf1 +all", "v=spf1 -all"]}, strict=False)
    yesterday = (NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = sample_domains(yesterday)["proxied.test"]
    data["events"][0]["eventDate"] = yesterday
    p = check_domain("bare.test", dns, StaticRdap(data), now=NOW)
    titles = [n.title for n in p.notes]
    assert "No MX record" in titles
    assert "No DMARC record" in titles
    assert "No DKIM key under the common selectors" in titles
    assert any("multiple SPF records" in n.detail for n in p.notes)
    assert "Registered 1 day ago" in titles
    assert any(t.startswith("Owner hidden behind Domains By Proxy") for t in titles)
    assert p.notes[0].severity is Severity.HIGH  # sorted worst first


def test_spf_over_the_lookup_limit_and_p_none() -> None:
    recs = {
        ("wide.test", "TXT"): [
            "v=spf1 " + " ".join(f"include:i{i}.test" for i in range(11)) + " -all"
        ],
        ("_dmarc.wide.test", "TXT"): ["v=DMARC1; p=none"],
    }
    for i in range(11):
        recs[(f"i{i}.test", "TXT")] = ["v=spf1 -all"]
    p = check_domain("wide.test", FakeDns(recs, strict=False), None, now=NOW)
    assert p.spf_lookups == 11
    assert any(n.title.startswith("SPF needs 11 DNS lookups") for n in p.notes)
    assert any("p=none" in n.title for n in p.notes)


def test_dmarc_found_at_the_organisational_domain() -> None:
    recs = {("_dmarc.example.co.uk", "TXT"): ["v=DMARC1; p=quarantine"]}
    p = check_domain("mail.example.co.uk", FakeDns(recs, strict=False), None, now=NOW)
    assert p.dmarc_domain == "example.co.uk" and p.dmarc_policy == "quarantine"


def test_offline_and_invalid() -> None:
    dns = FakeDns({}, offline=True)
    p = check_domain("good.test", dns, None, now=NOW)
    assert p.offline and dns.asked == [] and p.notes[0].title == "Not checked (offline)"
    bad = check_domain("not a domain", FakeDns({}), None, now=NOW)
    assert bad.notes[0].title == "Not a valid domain name"
    assert check_domain("x" * 300 + ".test", FakeDns({}), None, now=NOW).notes[0].severity is (
        Severity.HIGH
    )


def test_timeouts_are_noted() -> None:
    p = check_domain(
        "slow.test", FakeDns({("slow.test", "MX"): DnsStatus.TIMEOUT}, strict=False), None, now=NOW
    )
    assert p.mx_status == "timeout"
    assert [n.title for n in p.notes if "no answer" in n.detail] == ["Not checked (timeout): MX"]
    assert "No MX record" not in [n.title for n in p.notes]


def test_parts_whose_answers_timed_out_are_not_checked_rather_than_missing() -> None:
    timeouts = {
        ("slow.test", "TXT"): DnsStatus.TIMEOUT,
        ("_dmarc.slow.test", "TXT"): DnsStatus.TIMEOUT,
    }
    p = check_domain("slow.test", FakeDns(timeouts, strict=False), None, now=NOW)
    assert dict(p.not_checked) == {"SPF": "not checked (timeout)", "DMARC": "not checked (timeout)"}
    titles = [n.title for n in p.notes]
    assert "No SPF record" not in titles and "No DMARC record" not in titles
    assert "Not checked (timeout): SPF, DMARC" in titles
    assert "No MX record" in titles  # answered: nothing there
    text = format_domain_posture(p)
    assert "SPF: not checked (timeout)" in text and "DMARC: not checked (timeout)" in text


def test_a_record_found_despite_another_timeout_is_checked() -> None:
    records = {**good_records(), ("selector2._domainkey.good.test", "TXT"): DnsStatus.TIMEOUT}
    p = check_domain("good.test", FakeDns(records, strict=False), None, now=NOW)
    assert p.not_checked == ()  # selector1 answered with a key; DMARC found


def test_to_dict_is_json_and_text_is_readable() -> None:
    p = check_domain(
        "good.test",
        FakeDns(good_records(), strict=False),
        StaticRdap(rdap_domain("good.test", registrant={"org": "Good Ltd"})),
        now=NOW,
    )
    data = json.loads(json.dumps(p.to_dict()))
    assert data["domain"] == "good.test"
    assert data["registration"]["masking"] == "public"
    assert data["spf_tree"]["children"][0]["domain"] == "_spf.esp.test"
    assert data["dns"][0]["status"] in ("answer", "nxdomain")
    text = format_domain_posture(p)
    assert "SPF: v=spf1 include:_spf.esp.test -all" in text
    assert "DKIM selectors found: selector1" in text
    assert "registrar: Example Registrar, Inc." in text


def test_end_to_end_over_loopback(
    tmp_path: Path, dns_server: LoopbackDns, rdap_server: RdapServer
) -> None:
    for (name, rdtype), values in good_records().items():
        for value in values:
            dns_server.add(name, rdtype, value)
    rdap_server.add_domain("good.test", rdap_domain("good.test", registrant={"org": "Good Ltd"}))
    boot = write_bootstrap(tmp_path / "boot", rdap_server.base_url)
    options = AnalysisOptions(
        dns_servers=(dns_server.server_spec,), dns_timeout=1.0, rdap_bootstrap=str(boot)
    )
    resolver = Resolver(options)
    try:
        p = check_domain("good.test", resolver.session(), RdapClient(options), now=NOW)
    finally:
        resolver.close()
    assert p.mx == ("10 mx1.good.test.", "20 mx2.good.test.")
    assert p.spf_lookups == 3 and p.dmarc_policy == "reject"
    assert p.dkim_selectors[0][0] == "selector1"
    assert p.registration is not None and p.registration.registrant_org == "Good Ltd"
    assert ("selector1._domainkey.good.test", "TXT") in dns_server.queries


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_input_gives_a_posture(text: str) -> None:
    p = check_domain(text, FakeDns({}, strict=False), None, now=NOW)
    assert format_domain_posture(p)
    json.dumps(p.to_dict())


def test_spf_tree_lines_show_the_result_or_the_detail() -> None:
    recs: dict[tuple[str, str], list[str] | DnsStatus] = {
        ("tree.test", "TXT"): [
            "v=spf1 include:gone.test include:none.test include:two.test include:tree.test -all"
        ],
        ("gone.test", "TXT"): DnsStatus.NXDOMAIN,
        ("none.test", "TXT"): ["some other text"],
        ("two.test", "TXT"): ["v=spf1 -all", "v=spf1 +all"],
    }
    text = format_domain_posture(
        check_domain("tree.test", FakeDns(recs, strict=False), None, now=NOW)
    )
    lines = [line.strip() for line in text.splitlines()]
    for line in (
        "gone.test (include): nxdomain",
        "none.test (include): none",
        "two.test (include): permerror",
        "tree.test (include): loop",
    ):
        assert line in lines, (line, text)
