"""Client-IP header values that cannot be the client's address."""

from __future__ import annotations

from inspector.intel.client_ip import client_ip_faults
from inspector.model.identity import IpFault
from tests.inspector.intel.msgs import build


def faults(*headers: tuple[str, str]) -> list[tuple[str, IpFault]]:
    pm = build([("From", "a@example.com"), *headers])
    return [(f.header.lower(), f.fault) for f in client_ip_faults(pm)]


def test_a_dotted_value_that_is_no_address() -> None:
    assert faults(("X-Originating-IP", "[53.269.15.776]")) == [
        ("x-originating-ip", IpFault.NOT_AN_ADDRESS)
    ]


def test_never_routed_addresses() -> None:
    assert faults(("X-Originating-IP", "0.0.0.0")) == [("x-originating-ip", IpFault.NOT_ROUTABLE)]
    assert faults(("X-Originating-IP", "[224.0.0.5]"))[0][1] is IpFault.NOT_ROUTABLE


def test_private_only_where_the_receiver_records_the_internet_client() -> None:
    assert faults(("X-Originating-IP", "[192.168.31.91]")) == []
    assert faults(("X-Originating-IP", "127.0.0.1")) == []
    assert faults(("X-Sender-IP", "10.1.2.3")) == [("x-sender-ip", IpFault.PRIVATE)]


def test_ordinary_and_documentation_addresses_and_non_addresses_pass() -> None:
    assert faults(("X-Originating-IP", "[198.51.100.7]")) == []
    assert faults(("X-Sender-IP", "2001:db8::25")) == []
    assert faults(("X-Originating-IP", "unknown")) == []
    assert faults(("X-Originating-IP", "255.255.255.255")) == []  # a sentinel, not a claim
