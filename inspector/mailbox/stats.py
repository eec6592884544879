"""Mailbox-level figures: what a consultant shows a client about a whole folder of samples.

Counters only (never the reports themselves), so memory stays flat however many messages are
added; the GUI's dashboard and the mailbox report both read these figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from inspector.mailbox.bounce_stats import BounceStats
from inspector.model.bounces import BounceReason
from inspector.model.codes import AuthMethod, AuthStatus, Risk
from inspector.model.report import Report


@dataclass
class Tally:
    """Passes among the messages whose result is known for one method.

    A message nobody checked (offline, and no trusted receiver record) is left out: "not
    checked" is never a failure."""

    passed: int = 0
    checked: int = 0

    def add(self, outcome: AuthStatus | None) -> None:
        if outcome is None:
            return
        self.checked += 1
        self.passed += outcome is AuthStatus.PASS

    @property
    def failed(self) -> int:
        return self.checked - self.passed

    @property
    def rate(self) -> float | None:
        """Share passed, or None when no message of the group was checked."""
        return self.passed / self.checked if self.checked else None


@dataclass
class PassRates:
    """Authentication outcomes for one group (a sending domain or a platform): our own
    results, or the trusted receiver's record at receipt where we could not check."""

    messages: int = 0
    spf: Tally = field(default_factory=Tally)
    dkim: Tally = field(default_factory=Tally)
    dmarc: Tally = field(default_factory=Tally)
    high_risk: int = 0

    def add(self, report: Report) -> None:
        self.messages += 1
        self.spf.add(report.auth.outcome(AuthMethod.SPF))
        self.dkim.add(report.auth.outcome(AuthMethod.DKIM))
        self.dmarc.add(report.auth.outcome(AuthMethod.DMARC))
        self.high_risk += report.summary.risk in (Risk.HIGH, Risk.CRITICAL)

    @property
    def failures(self) -> int:
        """Messages whose DMARC result is known and is not a pass."""
        return self.dmarc.failed


@dataclass
class MailboxStats:
    messages: int = 0
    unreadable: int = 0
    bounces: int = 0
    bounce_reasons: Counter[str] = field(default_factory=Counter)
    by_risk: Counter[Risk] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    finding_titles: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, PassRates] = field(default_factory=dict)
    by_platform: dict[str, PassRates] = field(default_factory=dict)
    overall: PassRates = field(default_factory=PassRates)
    bounce_groups: BounceStats = field(default_factory=BounceStats)

    def add(self, report: Report) -> None:
        self.messages += 1
        self.by_risk[report.summary.risk] += 1
        self.bounces += report.bounce is not None
        if report.bounce is not None:
            reasons = {r.reason.value for r in report.bounce.recipients}
            for reason in reasons or {BounceReason.UNDEFINED.value}:
                self.bounce_reasons[reason] += 1
        for fid in {f.id for f in report.findings}:
            self.findings[fid] += 1
        for f in report.findings:
            self.finding_titles.setdefault(f.id, f.title)
        domain = sending_domain(report)
        self.by_domain.setdefault(domain, PassRates()).add(report)
        platform = report.sender.platform.name if report.sender.platform else "(unrecognised)"
        self.by_platform.setdefault(platform, PassRates()).add(report)
        self.overall.add(report)
        self.bounce_groups.add(report)

    def top_findings(self, n: int = 10) -> list[tuple[str, str, int]]:
        ranked = sorted(self.findings.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [(fid, self.finding_titles.get(fid, fid), c) for fid, c in ranked]

    def worst_senders(self, n: int = 10) -> list[tuple[str, PassRates]]:
        ranked = sorted(self.by_domain.items(), key=lambda kv: (-kv[1].failures, kv[0]))
        return [kv for kv in ranked if kv[1].failures][:n]


def sending_domain(report: Report) -> str:
    """The From domain (what the recipient sees), lower-cased; ``(none)`` when absent."""
    from_ = report.message.from_ or ""
    _, _, domain = from_.rpartition("@")
    return domain.strip(" >").lower() or "(none)"
