"""Blocklist questions and the decoding of every kind of answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.model.codes import DnsStatus, Severity
from inspector.net import dnsbl
from inspector.net.lookup import DnsAnswer
from tests.support.fake_dns import FakeDns


def _answer(*codes: str, status: DnsStatus = DnsStatus.ANSWER) -> DnsAnswer:
    return DnsAnswer("q", "A", status, codes)


def test_ipv4_and_ipv6_query_names() -> None:
    assert dnsbl.ip_query_name("192.0.2.1", "zen.spamhaus.org") == "1.2.0.192.zen.spamhaus.org"
    v6 = dnsbl.ip_query_name("2001:db8::1", "zen.spamhaus.org")
    assert v6 == "1." + "0." * 23 + "8.b.d.0.1.0.0.2.zen.spamhaus.org"
    assert dnsbl.ip_query_name("::ffff:192.0.2.1", "x.org") == "1.2.0.192.x.org"
    assert dnsbl.ip_query_name("not an ip", "x.org") is None


def test_domain_query_names_refuse_ips_and_junk() -> None:
    assert dnsbl.domain_query_name("Example.COM.", "dbl.spamhaus.org") == (
        "example.com.dbl.spamhaus.org"
    )
    assert dnsbl.domain_query_name("192.0.2.1", "dbl.spamhaus.org") is None
    assert dnsbl.domain_query_name("a b.com", "dbl.spamhaus.org") is None


def test_zen_codes_are_decoded() -> None:
    zen = dnsbl.list_def("zen.spamhaus.org")
    sbl = dnsbl.interpret(zen, "192.0.2.1", _answer("127.0.0.2"))
    assert sbl.status == "listed" and sbl.meaning.startswith("SBL")
    xbl = dnsbl.interpret(zen, "192.0.2.1", _answer("127.0.0.4"))
    assert "XBL" in xbl.meaning
    css = dnsbl.interpret(zen, "192.0.2.1", _answer("127.0.0.3"))
    assert "CSS" in css.meaning
    pbl = dnsbl.interpret(zen, "192.0.2.1", _answer("127.0.0.11"))
    assert "PBL" in pbl.meaning
    assert dnsbl.is_policy_listing(pbl) and not dnsbl.is_policy_listing(sbl)
    assert dnsbl.listing_severity(pbl) is Severity.MEDIUM
    assert dnsbl.listing_severity(sbl) is Severity.HIGH
    both = dnsbl.interpret(zen, "192.0.2.1", _answer("127.0.0.10", "127.0.0.4"))
    assert both.codes == ("127.0.0.10", "127.0.0.4") and not dnsbl.is_policy_listing(both)


def test_refusal_codes_are_never_listings() -> None:
    for zone, code in [
        ("zen.spamhaus.org", "127.255.255.254"),
        ("zen.spamhaus.org", "127.255.255.252"),
        ("zen.spamhaus.org", "127.255.255.255"),
        ("dbl.spamhaus.org", "127.255.255.254"),
        ("multi.uribl.com", "127.0.0.1"),
        ("multi.surbl.org", "127.0.0.1"),
    ]:
        res = dnsbl.interpret(dnsbl.list_def(zone), "t", _answer(code))
        assert res.status == "refused", (zone, code)
        assert res.meaning.startswith("not checked: the list refused")


def test_bitmask_lists() -> None:
    surbl = dnsbl.interpret(dnsbl.list_def("multi.surbl.org"), "bad.test", _answer("127.0.0.24"))
    assert surbl.status == "listed"
    assert "phishing" in surbl.meaning and "malware" in surbl.meaning
    assert dnsbl.listing_severity(surbl) is Severity.CRITICAL
    uribl = dnsbl.interpret(dnsbl.list_def("multi.uribl.com"), "grey.test", _answer("127.0.0.4"))
    assert uribl.status == "listed" and "grey" in uribl.meaning
    assert dnsbl.listing_severity(uribl) is Severity.LOW


def test_dbl_codes() -> None:
    dbl = dnsbl.list_def("dbl.spamhaus.org")
    assert "phishing" in dnsbl.interpret(dbl, "p.test", _answer("127.0.1.4")).meaning
    abused = dnsbl.interpret(dbl, "a.test", _answer("127.0.1.102"))
    assert "abused legitimate" in abused.meaning
    assert dnsbl.interpret(dbl, "a.test", _answer("127.0.1.255")).status == "refused"


def test_mailspike_good_reputation_is_not_a_listing() -> None:
    ms = dnsbl.list_def("bl.mailspike.net")
    good = dnsbl.interpret(ms, "192.0.2.1", _answer("127.0.0.18"))
    assert good.status == "not_listed" and "H3" in good.meaning
    bad = dnsbl.interpret(ms, "192.0.2.1", _answer("127.0.0.10"))
    assert bad.status == "listed" and "L5" in bad.meaning


def test_non_answers_and_rewritten_nxdomain() -> None:
    spamcop = dnsbl.list_def("bl.spamcop.net")
    assert dnsbl.interpret(spamcop, "t", _answer(status=DnsStatus.NXDOMAIN)).status == (
        "not_listed"
    )
    assert dnsbl.interpret(spamcop, "t", _answer(status=DnsStatus.TIMEOUT)).status == "timeout"
    assert dnsbl.interpret(spamcop, "t", _answer(status=DnsStatus.OFFLINE)).status == "offline"
    assert dnsbl.interpret(spamcop, "t", _answer(status=DnsStatus.REFUSED)).status == "refused"
    assert dnsbl.interpret(spamcop, "t", _answer(status=DnsStatus.SERVFAIL)).status == "error"
    hijacked = dnsbl.interpret(spamcop, "t", _answer("198.51.100.7"))
    assert hijacked.status == "error" and "rewrite" in hijacked.meaning


def test_unknown_list_is_decoded_generically() -> None:
    res = dnsbl.interpret(dnsbl.list_def("bl.example.test"), "t", _answer("127.0.0.9"))
    assert res.status == "listed" and res.meaning == "listed (code 127.0.0.9)"


def test_check_ips_batches_every_list() -> None:
    dns = FakeDns(
        {
            ("1.2.0.192.zen.spamhaus.org", "A"): ["127.0.0.2"],
            ("1.2.0.192.bl.spamcop.net", "A"): DnsStatus.NXDOMAIN,
        }
    )
    out = dnsbl.check_ips(dns, ["192.0.2.1"], ["zen.spamhaus.org", "bl.spamcop.net"])
    statuses = {r.zone: r.status for r in out["192.0.2.1"]}
    assert statuses == {"zen.spamhaus.org": "listed", "bl.spamcop.net": "not_listed"}
    domains = dnsbl.check_domains(
        FakeDns({("example.test.dbl.spamhaus.org", "A"): ["127.255.255.254"]}),
        ["example.test"],
        ["dbl.spamhaus.org"],
    )
    assert domains["example.test"][0].status == "refused"


def test_blank_or_dotless_zones_are_ignored() -> None:
    assert dnsbl.ip_questions(["192.0.2.1"], ["", " ", "local", "zen.spamhaus.org."]) == {
        ("1.2.0.192.zen.spamhaus.org", "A"): "zen.spamhaus.org|192.0.2.1"
    }
    assert dnsbl.domain_questions(["a.test"], [""]) == {}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), max_size=5), st.sampled_from(sorted(dnsbl.known_lists())))
def test_interpret_never_raises(records: list[str], zone: str) -> None:
    res = dnsbl.interpret(
        dnsbl.list_def(zone), "t", DnsAnswer("q", "A", DnsStatus.ANSWER, tuple(records))
    )
    assert res.status in ("listed", "not_listed", "refused", "error")
    dnsbl.listing_severity(res)
    dnsbl.is_policy_listing(res)
