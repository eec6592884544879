"""implausible.* findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

from typing import Any

from inspector.model.bounces import Bounce
from inspector.model.codes import BounceKind, Severity
from inspector.model.findings import Finding
from inspector.model.intel import HopIntel
from inspector.model.route import Hop
from inspector.parse.message import parse_message
from inspector.rules import implausible as rules
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import context, ids

RULES = (rules.client_ip, rules.from_address, rules.government_greeting)


def run(head: str, **kw: Any) -> dict[str, Finding]:
    pm = parse_message(f"{head}\r\nSubject: s\r\n\r\nbody\r\n".encode())
    return ids(RULES, context(pm, **kw))


def test_ordinary_message_has_none() -> None:
    head = "From: Ann <ann@example.com>\r\nX-Originating-IP: [192.168.1.20]"
    assert run(head) == {}


def test_client_ip_that_is_no_address() -> None:
    found = run("From: a@example.com\r\nX-Originating-IP: [53.269.15.776]")
    finding = found["implausible.client_ip"]
    assert finding.severity is Severity.MEDIUM
    assert "53.269.15.776" in finding.explanation


def test_client_ip_private_where_public_is_implied_is_low() -> None:
    found = run("From: a@example.com\r\nX-Sender-IP: 10.0.0.8")
    assert found["implausible.client_ip"].severity is Severity.LOW


def test_quoted_address_without_domain() -> None:
    found = run('From: Shop <"no-reply@shop.example.com">')
    finding = found["implausible.from_quoted_address"]
    assert "no-reply@shop.example.com" in finding.explanation
    assert "no domain at all" in finding.explanation


def test_encoded_address() -> None:
    found = run("From: =?UTF-8?B?YUBzaG9wLmV4YW1wbGUuY29t?=")
    assert "a@shop.example.com" in found["implausible.from_encoded_address"].explanation


def test_from_without_tld() -> None:
    found = run("From: Post <notices@mailroom>")
    assert "notices@mailroom" in found["implausible.from_no_tld"].explanation


def test_from_without_domain_except_in_bounces() -> None:
    assert "implausible.from_no_domain" in run("From: MAILER-DAEMON")
    bounce = Bounce(kind=BounceKind.DSN)
    assert run("From: MAILER-DAEMON", bounce=bounce) == {}


def test_government_helo_from_rented_server() -> None:
    hop = Hop(
        index=0,
        raw="",
        helo="mail.revenue.gov",
        rdns="vps-1.contaboserver.net",
        ip="203.0.113.4",
        boundary=True,
    )
    found = run("From: a@example.com", hops=(hop,))
    assert "mail.revenue.gov" in found["implausible.government_helo"].explanation
    intel = (HopIntel(ip="203.0.113.4", asn="15169", as_name="GOOGLE"),)
    own = Hop(index=0, raw="", helo="mail.revenue.gov", ip="203.0.113.4", boundary=True)
    assert run("From: a@example.com", hops=(own,), hops_intel=intel) == {}


def test_specs_are_declared() -> None:
    declared = {s.id for s in all_specs()}
    assert {
        "implausible.client_ip",
        "implausible.from_quoted_address",
        "implausible.from_encoded_address",
        "implausible.from_no_domain",
        "implausible.from_no_tld",
        "implausible.government_helo",
    } <= declared
