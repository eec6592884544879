"""The visible recipients fact: mailboxes in To and Cc, counted by organisation."""

from __future__ import annotations

from inspector.intel.recipients import MAX_LISTED, visible_recipients
from tests.inspector.intel.msgs import build


def test_organisations_are_registrable_domains_without_the_senders_own() -> None:
    pm = build(
        [
            ("From", "Ann <ann@mail.example.com>"),
            ("To", "bob@example.com, carol@sales.example.net, dan@example.net"),
            ("Cc", "eve@example.org, undisclosed-recipients:;"),
        ]
    )
    fact = visible_recipients(pm)
    assert fact.visible == 4
    assert fact.organisations == ("example.net", "example.org")


def test_a_hostile_list_is_bounded() -> None:
    to = ", ".join(f"u{i}@host{i}.example" for i in range(500))
    fact = visible_recipients(build([("From", "a@example.com"), ("To", to)]))
    assert fact.visible == 500
    assert len(fact.organisations) == MAX_LISTED
