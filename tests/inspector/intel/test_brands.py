"""The brand catalogue: owners of domains, free webmail, brands a text names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.brands import brand_of, brands, brands_named_in, is_free_webmail, skeleton


def test_skeleton_folds_disguised_letters() -> None:
    assert skeleton("PаypaI") == skeleton("paypal")  # Cyrillic a, capital I
    assert skeleton("rnicrosoft") == skeleton("microsoft")


def test_free_webmail() -> None:
    for d in ("gmail.com", "yahoo.co.jp", "yahoo.com.ar", "hotmail.fr", "gmx.net", "proton.me"):
        assert is_free_webmail(d), d
    for maybe in ("example.com", "google.com", "", None):
        assert not is_free_webmail(maybe)


def test_webmail_names_under_any_tld_count_only_as_the_registered_name() -> None:
    for d in ("mail.yahoo.co.uk", "yandex.kz", "outlook.example", "gmx.example.co.uk"):
        assert is_free_webmail(d) is (d != "gmx.example.co.uk"), d
    for not_free in ("yahoo-mail.example", "myoutlook.example", "outlook.example.com", "gmx"):
        assert not is_free_webmail(not_free), not_free


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
    brands_named_in(text)
    is_free_webmail(text)
