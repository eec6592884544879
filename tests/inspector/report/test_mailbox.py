"""The mailbox dashboard: filter links written with a FilterKey read back to the same key and
value, and the group tables kept to the busiest."""

from __future__ import annotations

import pytest

from inspector.mailbox.stats import MailboxStats, PassRates
from inspector.report.mailbox import (
    GROUPS_SHOWN,
    FilterKey,
    dashboard_html,
    filter_href,
    read_filter_href,
)


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


def test_the_dashboard_lists_the_busiest_domains_and_platforms_and_says_so() -> None:
    stats = MailboxStats()
    for i in range(GROUPS_SHOWN + 5):
        rates = PassRates()
        rates.messages = 100 - i
        stats.by_platform[f"Platform {i:02d}"] = rates
        stats.by_domain[f"d{i:02d}.example"] = rates
    stats.by_domain = dict(list(stats.by_domain.items())[:3])
    html = dashboard_html(stats)
    assert f"Platform {GROUPS_SHOWN - 1:02d}" in html and f"Platform {GROUPS_SHOWN:02d}" not in html
    assert f"The {GROUPS_SHOWN} busiest of {GROUPS_SHOWN + 5}." in html
    assert "d02.example" in html and html.count("busiest of") == 1  # all 3 domains: no note
