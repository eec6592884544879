"""What blocklist answers mean: every kind of code, refusals, weights and policy listings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel import blocklists
from inspector.model.codes import DnsStatus, Severity
from inspector.model.intel import BlocklistKind
from inspector.net.dnsbl import domain_questions, ip_questions
from inspector.net.lookup import DnsAnswer
from tests.support.fake_dns import FakeDns


def _answer(*codes: str, status: DnsStatus = DnsStatus.ANSWER) -> DnsAnswer:
    return DnsAnswer("q", "A", status, codes)


def test_zen_codes_are_decoded() -> None:
    zen = blocklists.list_def("zen.spamhaus.org")
    sbl = blocklists.interpret(zen, "192.0.2.1", _answer("127.0.0.2"))
    assert sbl.status == "listed" and sbl.meaning.startswith("SBL")
    xbl = blocklists.interpret(zen, "192.0.2.1", _answer("127.0.0.4"))
    assert "XBL" in xbl.meaning
    css = blocklists.interpret(zen, "192.0.2.1", _answer("127.0.0.3"))
    assert "CSS" in css.meaning
    pbl = blocklists.interpret(zen, "192.0.2.1", _answer("127.0.0.11"))
    assert "PBL" in pbl.meaning
    assert pbl.policy_listing and not sbl.policy_listing
    assert pbl.severity is Severity.MEDIUM
    assert sbl.severity is Severity.HIGH
    both = blocklists.interpret(zen, "192.0.2.1", _answer("127.0.0.10", "127.0.0.4"))
    assert both.codes == ("127.0.0.10", "127.0.0.4") and not both.policy_listing


def test_refusal_codes_are_never_listings() -> None:
    for zone, code in [
        ("zen.spamhaus.org", "127.255.255.254"),
        ("zen.spamhaus.org", "127.255.255.252"),
        ("zen.spamhaus.org", "127.255.255.255"),
        ("dbl.spamhaus.org", "127.255.255.254"),
        ("multi.uribl.com", "127.0.0.1"),
        ("multi.surbl.org", "127.0.0.1"),
    ]:
        res = blocklists.interpret(blocklists.list_def(zone), "t", _answer(code))
        assert res.status == "refused", (zone, code)
        assert res.meaning.startswith("not checked: the list refused")


def test_bitmask_lists() -> None:
    surbl = blocklists.interpret(
        blocklists.list_def("multi.surbl.org"), "bad.test", _answer("127.0.0.24")
    )
    assert surbl.status == "listed"
    assert "phishing" in surbl.meaning and "malware" in surbl.meaning
    assert surbl.severity is Severity.CRITICAL
    uribl = blocklists.interpret(
        blocklists.list_def("multi.uribl.com"), "grey.test", _answer("127.0.0.4")
    )
    assert uribl.status == "listed" and "grey" in uribl.meaning
    assert uribl.severity is Severity.LOW


def test_dbl_codes() -> None:
    dbl = blocklists.list_def("dbl.spamhaus.org")
    assert "phishing" in blocklists.interpret(dbl, "p.test", _answer("127.0.1.4")).meaning
    abused = blocklists.interpret(dbl, "a.test", _answer("127.0.1.102"))
    assert "abused legitimate" in abused.meaning
    assert blocklists.interpret(dbl, "a.test", _answer("127.0.1.255")).status == "refused"


def test_mailspike_good_reputation_is_not_a_listing() -> None:
    ms = blocklists.list_def("bl.mailspike.net")
    good = blocklists.interpret(ms, "192.0.2.1", _answer("127.0.0.18"))
    assert good.status == "not_listed" and "H3" in good.meaning
    bad = blocklists.interpret(ms, "192.0.2.1", _answer("127.0.0.10"))
    assert bad.status == "listed" and "L5" in bad.meaning


def test_non_answers_and_rewritten_nxdomain() -> None:
    spamcop = blocklists.list_def("bl.spamcop.net")
    assert blocklists.interpret(spamcop, "t", _answer(status=DnsStatus.NXDOMAIN)).status == (
        "not_listed"
    )
    assert blocklists.interpret(spamcop, "t", _answer(status=DnsStatus.TIMEOUT)).status == "timeout"
    assert blocklists.interpret(spamcop, "t", _answer(status=DnsStatus.OFFLINE)).status == "offline"
    assert blocklists.interpret(spamcop, "t", _answer(status=DnsStatus.REFUSED)).status == "refused"
    assert blocklists.interpret(spamcop, "t", _answer(status=DnsStatus.SERVFAIL)).status == "error"
    hijacked = blocklists.interpret(spamcop, "t", _answer("198.51.100.7"))
    assert hijacked.status == "error" and "rewrite" in hijacked.meaning


def test_unknown_list_is_decoded_generically() -> None:
    res = blocklists.interpret(blocklists.list_def("bl.example.test"), "t", _answer("127.0.0.9"))
    assert res.status == "listed" and res.meaning == "listed (code 127.0.0.9)"


def test_collect_groups_every_list_by_target() -> None:
    dns = FakeDns(
        {
            ("1.2.0.192.zen.spamhaus.org", "A"): ["127.0.0.2"],
            ("1.2.0.192.bl.spamcop.net", "A"): DnsStatus.NXDOMAIN,
        }
    )
    questions = ip_questions(["192.0.2.1"], ["zen.spamhaus.org", "bl.spamcop.net"])
    out = blocklists.collect(questions, dns.query_many(list(questions)), BlocklistKind.IP)
    statuses = {r.zone: r.status for r in out["192.0.2.1"]}
    assert statuses == {"zen.spamhaus.org": "listed", "bl.spamcop.net": "not_listed"}
    asks = domain_questions(["example.test"], ["dbl.spamhaus.org"])
    refusing = FakeDns({("example.test.dbl.spamhaus.org", "A"): ["127.255.255.254"]})
    domains = blocklists.collect(asks, refusing.query_many(list(asks)), BlocklistKind.DOMAIN)
    assert domains["example.test"][0].status == "refused"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(max_size=20), max_size=5), st.sampled_from(sorted(blocklists.known_lists()))
)
def test_interpret_never_raises(records: list[str], zone: str) -> None:
    res = blocklists.interpret(
        blocklists.list_def(zone), "t", DnsAnswer("q", "A", DnsStatus.ANSWER, tuple(records))
    )
    assert res.status in ("listed", "not_listed", "refused", "error")
    assert isinstance(res.severity, Severity)
    assert not res.policy_listing or res.status == "listed"
