"""From addresses DMARC cannot check as the reader sees them (parsed by the real parser,
since the quoting is the point)."""

from __future__ import annotations

from inspector.intel.from_address import from_address_fault, split_address
from inspector.model.identity import FromFault
from inspector.parse.message import parse_message


def fault(from_value: str) -> FromFault | None:
    pm = parse_message(f"From: {from_value}\r\nSubject: s\r\n\r\nbody\r\n".encode())
    found = from_address_fault(pm)
    return found.fault if found else None


def test_split_address_ignores_at_signs_inside_quotes() -> None:
    assert split_address('"a@b.example"') == ('"a@b.example"', None)
    assert split_address('"a@b.example"@c.example') == ('"a@b.example"', "c.example")


def test_quoted_whole_address_without_or_with_another_domain() -> None:
    assert fault('Shop <"no-reply@Shop.example.com">') is FromFault.QUOTED_ADDRESS
    pm = parse_message(b'From: "no-reply@shop.example.com"@relay.example.net\r\n\r\nx\r\n')
    found = from_address_fault(pm)
    assert found is not None and found.domain == "relay.example.net"
    assert found.shown == "no-reply@shop.example.com"


def test_quoted_local_part_of_the_same_domain_is_odd_but_not_a_trick() -> None:
    assert fault('<"no-reply@shop.example.com"@shop.example.com>') is None
    assert fault('"Ann Smith"@example.org') is None


def test_no_domain_empty_and_encoded() -> None:
    assert fault("MAILER-DAEMON") is FromFault.NO_DOMAIN
    assert fault("<>") is FromFault.EMPTY
    assert fault("=?UTF-8?B?YUBiLmV4YW1wbGU=?=") is FromFault.ENCODED_ADDRESS


def test_top_level_domain_checked_against_the_icann_list() -> None:
    assert fault("Post <notices@mailroom>") is FromFault.NO_TLD
    assert fault("a@mail.nosuchtld") is FromFault.NO_TLD
    assert fault("a@example.com") is None
    assert fault("a@brand.xn--p1ai") is None


def test_names_reserved_for_samples_are_left_alone() -> None:
    for domain in ("shop.example", "host.test", "x.invalid"):
        assert fault(f"a@{domain}") is None, domain
