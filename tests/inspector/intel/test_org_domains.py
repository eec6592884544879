"""Organizational domains: the registrable domain of a name and whether two names share one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.org_domains import is_ip_literal, org_domain, same_org


def test_org_domain_and_same_org() -> None:
    assert org_domain("a.b.example.co.uk") == "example.co.uk"
    assert org_domain("eu-west-1.amazonses.com") == "amazonses.com"
    assert org_domain("") == ""
    assert same_org("mail.example.com", "bounce.example.com")
    assert not same_org("example.com", None)


def test_same_answer_as_the_dmarc_org_domain_helper() -> None:
    orgdomain = pytest.importorskip("inspector.auth.orgdomain")
    for d in ("a.b.example.co.uk", "x.github.io", "sendgrid.net", "mail.example.com"):
        assert org_domain(d) == orgdomain.org_domain(d)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    org_domain(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.1", True),
        ("[192.0.2.1]", True),
        ("2001:db8::1", True),
        ("[2001:db8::1]", True),
        ("fe80::1%eth0", True),  # a scope id may hold letters
        ("192.0.2", False),
        ("\u0661.2.3.4", False),  # digits other than ASCII are no address
        ("192.0.2.1.example", False),
        ("mail.example.com", False),
        ("", False),
    ],
)
def test_ip_literals_told_from_names(text: str, expected: bool) -> None:
    assert is_ip_literal(text) is expected
