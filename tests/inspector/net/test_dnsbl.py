"""Blocklist question names: reversed IPs and nibbles, domains, unusable zones skipped."""

from __future__ import annotations

from inspector.net import dnsbl


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


def test_blank_or_dotless_zones_are_ignored() -> None:
    assert dnsbl.ip_questions(["192.0.2.1"], ["", " ", "local", "zen.spamhaus.org."]) == {
        ("1.2.0.192.zen.spamhaus.org", "A"): ("zen.spamhaus.org", "192.0.2.1")
    }
    assert dnsbl.domain_questions(["a.test"], [""]) == {}
