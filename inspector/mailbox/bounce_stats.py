"""The bounces of a mailbox grouped the way a sender acts on them: by reason, by receiving
domain, the hard bounces to remove from the list, and the sender-side problems to fix.

Counters and a capped address list only, so memory stays flat however many bounces come.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from inspector.model.bounces import BounceParty, BounceReason
from inspector.model.report import Report

MAX_LISTED = 1000  # hard-bounced addresses kept for the removal list


@dataclass
class BounceStats:
    reports: int = 0
    recipients: int = 0
    by_reason: Counter[BounceReason] = field(default_factory=Counter)
    by_domain: Counter[str] = field(default_factory=Counter)
    #: Receiving domain -> reason -> recipients, for the "which provider refuses us" view.
    domain_reasons: dict[str, Counter[BounceReason]] = field(default_factory=dict)
    to_remove: dict[str, BounceReason] = field(default_factory=dict)
    #: Sender-side reasons -> an example of the receiver's words, to fix on the sending side.
    sender_problems: Counter[BounceReason] = field(default_factory=Counter)
    sender_examples: dict[BounceReason, str] = field(default_factory=dict)

    def add(self, report: Report) -> None:
        bounce = report.bounce
        if bounce is None:
            return
        self.reports += 1
        for r in bounce.recipients:
            self.recipients += 1
            self.by_reason[r.reason] += 1
            domain = receiving_domain(r.address)
            self.by_domain[domain] += 1
            self.domain_reasons.setdefault(domain, Counter())[r.reason] += 1
            if r.hard and r.address and len(self.to_remove) < MAX_LISTED:
                self.to_remove.setdefault(r.address.lower(), r.reason)
            if r.party is BounceParty.SENDER and r.reason is not BounceReason.FEEDBACK:
                self.sender_problems[r.reason] += 1
                words = r.explanation or r.diagnostic or ""
                self.sender_examples.setdefault(r.reason, words[:300])

    def reasons(self) -> list[tuple[BounceReason, int]]:
        return sorted(self.by_reason.items(), key=lambda kv: (-kv[1], kv[0].value))

    def domains(self, n: int = 25) -> list[tuple[str, int, list[tuple[BounceReason, int]]]]:
        """The receiving domains with most bounces, each with its reasons (most first)."""
        ranked = sorted(self.by_domain.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [
            (d, c, sorted(self.domain_reasons[d].items(), key=lambda kv: (-kv[1], kv[0].value)))
            for d, c in ranked
        ]


def receiving_domain(address: str | None) -> str:
    """The recipient's domain, lower-cased; ``(unknown)`` when the bounce names none."""
    _, at, domain = (address or "").rpartition("@")
    return domain.strip(" >").lower() if at and domain.strip(" >") else "(unknown)"
