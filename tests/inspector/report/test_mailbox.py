"""The dashboard's filter links: written with a FilterKey, read back to the same key and value."""

from __future__ import annotations

import pytest

from inspector.report.mailbox import FilterKey, filter_href, read_filter_href


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (FilterKey.SENDER, "other.example"),
        (FilterKey.AUTH, "dmarc:fail"),
        (FilterKey.PLATFORM, "Mail Vane & Co"),
        (FilterKey.FINDING, "dkim.replay_risk"),
        (FilterKey.SENDER, ""),
    ],
)
def test_links_read_back_to_their_key_and_value(key: FilterKey, value: str) -> None:
    href = filter_href(key, value)
    assert href.startswith(f"filter:{key.value}=") and " " not in href and "&" not in href
    assert read_filter_href(href) == (key, value)


def test_keys_without_a_value() -> None:
    assert filter_href(FilterKey.CLEAR) == "filter:clear"
    assert read_filter_href("filter:bounce") == (FilterKey.BOUNCE, "")


@pytest.mark.parametrize(
    "target", ["filter:bogus=1", "filter:", "filter:RISK=high", "https://example.com/", ""]
)
def test_other_links_ask_for_no_filter(target: str) -> None:
    assert read_filter_href(target) is None
