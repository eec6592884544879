"""Brand lookalike detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.lookalike import edit_distance, find_lookalike, to_unicode


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
    ("domain", "typo"),
    [
        ("paypak.com", True),  # substitution
        ("paypl.com", True),  # deletion
        ("paypa.com", True),  # deletion at the end
        ("payypal.com", True),  # insertion
        ("ypaypal.com", True),  # insertion at the start
        ("papyal.com", True),  # neighbours swapped
        ("amazno.com", True),  # neighbours swapped at the end
        ("pyapla.com", False),  # two swaps
        ("paxpak.com", False),  # two substitutions
        ("papaly.com", False),  # letters moved, not swapped
    ],
)
def test_short_brand_labels_allow_one_edit(domain: str, typo: bool) -> None:
    found = find_lookalike(domain)
    assert (found is not None and found.technique == "typo") is typo, found
    if found is not None:
        assert found.detail.endswith("by 1 character(s)")


@pytest.mark.parametrize(
    ("domain", "edits"),
    [
        ("bankofamerixa.com", 1),
        ("bnakofamerca.com", 2),  # a swap and a deletion
        ("bnakofamreica.com", 2),  # two swaps
        ("bankofamxrixa.com", 2),  # two substitutions
        ("bakofamerca.com", 2),  # two deletions
        ("bankofamericaxy.com", 2),  # two insertions at the end
        ("bankofamericaxyz.com", None),  # three insertions
    ],
)
def test_long_brand_labels_allow_two_edits(domain: str, edits: int | None) -> None:
    found = find_lookalike(domain)
    if edits is None:
        assert found is None
    else:
        assert found is not None and found.technique == "typo"
        assert found.detail.endswith(f"by {edits} character(s)")


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
    assert edit_distance("paypal", "paypla") == 1
    assert edit_distance("abc", "xyzuvw", limit=3) == 3
    assert to_unicode("xn--e1afmkfd.xn--p1ai") == "пример.рф"
    assert to_unicode("xn--invalid-.com").startswith("xn--")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    find_lookalike(text)
    find_lookalike(text + ".com")
