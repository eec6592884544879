"""Brand lookalike detection, free webmail, organizational domains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.lookalike import (
    brand_of,
    brands,
    brands_named_in,
    edit_distance,
    find_lookalike,
    is_free_webmail,
    org_domain,
    same_org,
    skeleton,
    to_unicode,
)


@pytest.mark.parametrize(
    ("domain", "imitates", "technique"),
    [
        ("paypa1.com", "paypal.com", "homoglyph"),
        ("rnicrosoft.com", "microsoft.com", "homoglyph"),
        ("xn--pypal-4ve.com", "paypal.com", "idn"),  # Cyrillic a
        ("paypal.com.secure-login.example.net", "paypal.com", "subdomain"),
        ("paypal.secure-login.example.net", "paypal.com", "subdomain"),
        ("paypal-security.com", "paypal.com", "combo"),
        ("paypal.co", "paypal.com", "tld-swap"),
        ("gooogle.com", "google.com", "typo"),
        ("micorsoft.com", "microsoft.com", "typo"),  # transposition
        ("bankofamerca.com", "bankofamerica.com", "typo"),
    ],
)
def test_lookalikes(domain: str, imitates: str, technique: str) -> None:
    found = find_lookalike(domain)
    assert found is not None, domain
    assert (found.imitates, found.technique) == (imitates, technique)
    assert found.brand and found.detail


@pytest.mark.parametrize(
    "domain",
    [
        "paypal.com",
        "mail.paypal.com",
        "example.com",
        "apple-pie-recipes.com",  # ordinary word brands are not matched inside names
        "ups.com",
        "bt.com",
        "mail.ru",  # a well-known mailbox provider, not a typo of gmail.com
        "newsletter.online.com",  # not t-online.de
        "tenant.onmicrosoft.com",  # Microsoft's own tenant domains
        "google.com.gi",  # Google owns its name under nearly every TLD
        "yahoo.com.mx",
        "192.0.2.1",
        "santander.com.brou",  # a typo under no real TLD: a broken link, nobody's imitation
        "",
        "localhost",
        "a" * 300,
    ],
)
def test_not_lookalikes(domain: str) -> None:
    assert find_lookalike(domain) is None


def test_short_names_need_exact_shapes() -> None:
    # one letter from "ups" or "aa" is far too common to mean anything
    assert find_lookalike("ops.com") is None
    assert find_lookalike("ab.com") is None


def test_helpers() -> None:
    assert skeleton("PаypaI") == skeleton("paypal")  # Cyrillic a, capital I
    assert skeleton("rnicrosoft") == skeleton("microsoft")
    assert edit_distance("paypal", "paypla") == 1
    assert edit_distance("abc", "xyzuvw", limit=3) == 3
    assert to_unicode("xn--e1afmkfd.xn--p1ai") == "пример.рф"
    assert to_unicode("xn--invalid-.com").startswith("xn--")
    assert org_domain("a.b.example.co.uk") == "example.co.uk"
    assert org_domain("eu-west-1.amazonses.com") == "amazonses.com"
    assert org_domain("") == ""
    assert same_org("mail.example.com", "bounce.example.com")
    assert not same_org("example.com", None)


def test_same_answer_as_the_dmarc_org_domain_helper() -> None:
    orgdomain = pytest.importorskip("inspector.auth.orgdomain")
    for d in ("a.b.example.co.uk", "x.github.io", "sendgrid.net", "mail.example.com"):
        assert org_domain(d) == orgdomain.org_domain(d)


def test_free_webmail() -> None:
    for d in ("gmail.com", "yahoo.co.jp", "yahoo.com.ar", "hotmail.fr", "gmx.net", "proton.me"):
        assert is_free_webmail(d), d
    for maybe in ("example.com", "google.com", "", None):
        assert not is_free_webmail(maybe)


def test_brand_data_and_lookup() -> None:
    assert len(brands()) >= 150
    assert brand_of("www.paypal.com") is not None
    assert brand_of("paypal.com.evil.example") is None
    deep = brand_of("a.b.c.accounts.google.com")
    assert deep is not None and deep.name == brand_of("google.com").name  # type: ignore[union-attr]
    assert brand_of("xpaypal.com") is None  # a suffix of the name, not of its labels
    names = {b.name for b in brands_named_in("PayPal Service <no-reply@x.example>")}
    assert names == {"PayPal"}
    assert {b.name for b in brands_named_in("Bank of America Alerts")} == {"Bank of America"}
    assert {b.name for b in brands_named_in("MetаMask Support")} == {"MetaMask"}  # Cyrillic a
    assert brands_named_in("Target deals") == ()
    assert brands_named_in("John Smith") == ()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    find_lookalike(text)
    find_lookalike(text + ".com")
    brands_named_in(text)
    is_free_webmail(text)
    org_domain(text)
