"""Bounces grouped by reason and receiving domain; removals and sender fixes apart."""

from __future__ import annotations

from dataclasses import replace

from inspector.bounces.recipient import autoreply_recipient, failed_recipient
from inspector.mailbox.bounce_stats import BounceStats, receiving_domain
from inspector.mailbox.stats import MailboxStats
from inspector.model.bounces import Bounce, BounceReason, DsnAction
from inspector.model.codes import BounceKind
from inspector.model.report import Report
from tests.support.reports import sample_report


def _bounced(*diagnostics: tuple[str, str]) -> Report:
    recipients = tuple(
        failed_recipient(address, action=DsnAction.FAILED, diagnostic=diag)
        for address, diag in diagnostics
    )
    return replace(sample_report(), bounce=Bounce(BounceKind.DSN, recipients))


def test_groups_removals_and_sender_problems() -> None:
    stats = BounceStats()
    stats.add(
        _bounced(
            ("Gone@Example.com", "550 5.1.1 User unknown"),
            ("b@example.com", "554 5.7.1 blocked using zen.spamhaus.org"),
        )
    )
    stats.add(_bounced(("c@other.example", "552 5.2.2 Mailbox full")))
    stats.add(replace(sample_report(), bounce=None))
    assert stats.reports == 2 and stats.recipients == 3
    assert stats.by_reason[BounceReason.USERUNKNOWN] == 1
    assert stats.to_remove == {"gone@example.com": BounceReason.USERUNKNOWN}
    assert dict(stats.sender_problems) == {BounceReason.BLOCKED: 1}
    assert "Spamhaus" in stats.sender_examples[BounceReason.BLOCKED]
    domain, count, reasons = stats.domains()[0]
    assert (domain, count) == ("example.com", 2)
    assert {r for r, _ in reasons} == {BounceReason.USERUNKNOWN, BounceReason.BLOCKED}


def test_auto_replies_are_counted_but_nothing_to_remove_or_fix() -> None:
    stats = BounceStats()
    bounce = Bounce(BounceKind.AUTOREPLY, (autoreply_recipient("away@example.com", "Away"),))
    stats.add(replace(sample_report(), bounce=bounce))
    assert stats.by_reason == {BounceReason.VACATION: 1}
    assert not stats.to_remove and not stats.sender_problems


def test_mailbox_stats_carry_the_bounce_groups() -> None:
    stats = MailboxStats()
    stats.add(_bounced(("a@example.com", "550 5.1.1 User unknown")))
    assert stats.bounces == 1
    assert stats.bounce_groups.by_reason[BounceReason.USERUNKNOWN] == 1


def test_receiving_domain() -> None:
    assert receiving_domain("A@Example.COM") == "example.com"
    assert receiving_domain(None) == "(unknown)"
    assert receiving_domain("no-at-sign") == "(unknown)"
