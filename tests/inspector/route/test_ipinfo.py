"""Address helpers: canonical text as ipaddress writes it, and the readers' normalisation."""

from __future__ import annotations

from inspector.route.ipinfo import canonical_ip, normalize_ip


def test_canonical_ip_is_ipaddress_text_of_the_value_as_it_stands() -> None:
    assert canonical_ip("192.0.2.1") == "192.0.2.1"
    assert canonical_ip("2001:DB8:0:0::1") == "2001:db8::1"
    assert canonical_ip("::ffff:192.0.2.1") == "::ffff:c000:201"  # no mapping undone
    for not_as_is in (" 192.0.2.1", "[192.0.2.1]", "192.0.2.1:25", "mx.example.com", ""):
        assert canonical_ip(not_as_is) is None, not_as_is
    assert canonical_ip("1" * 5000) is None  # long text is answered, not cached


def test_normalize_ip_strips_brackets_ports_and_mapping() -> None:
    assert normalize_ip("[192.0.2.1]") == "192.0.2.1"
    assert normalize_ip("192.0.2.1:25") == "192.0.2.1"
    assert normalize_ip("::ffff:192.0.2.1") == "192.0.2.1"
    assert normalize_ip("IPv6:2001:db8::1") == "2001:db8::1"
    assert normalize_ip("mx.example.com") is None
