"""The fix plan: what the sender should change, ranked across every message of a mailbox.

Findings are grouped by kind (their id); a kind's weight is its worst severity times the number
of messages it touched, so one critical problem on a few messages and one medium problem on
most of them both rank high. The "where" of each item is the sending domains it affects.
Counters only, so a plan over 50,000 messages takes the same memory as one over 50.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from inspector.mailbox.stats import sending_domain
from inspector.model.codes import Severity
from inspector.model.report import Report

_WEIGHT: dict[Severity, int] = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 3,
    Severity.HIGH: 9,
    Severity.CRITICAL: 27,
}
#: Distinct domains remembered per item; beyond that they are only counted.
_DOMAINS_KEPT = 200


@dataclass
class FixItem:
    finding_id: str
    title: str
    remedy: str
    severity: Severity
    messages: int = 0
    domains: Counter[str] = field(default_factory=Counter)
    other_domains: int = 0

    @property
    def weight(self) -> int:
        return _WEIGHT[self.severity] * self.messages

    def where(self, shown: int = 3) -> str:
        """The most affected sending domains, in words."""
        top = [d for d, _ in sorted(self.domains.items(), key=lambda kv: (-kv[1], kv[0]))[:shown]]
        more = len(self.domains) - len(top) + self.other_domains
        return ", ".join(top) + (f" and {more} more" if more > 0 else "")


@dataclass
class FixPlan:
    items: dict[str, FixItem] = field(default_factory=dict)

    def add(self, report: Report) -> None:
        domain = sending_domain(report)
        seen: set[str] = set()
        for f in report.findings:
            if f.id in seen or _WEIGHT[f.severity] == 0 or not actionable(f.remedy):
                continue
            seen.add(f.id)
            item = self.items.get(f.id)
            if item is None:
                item = self.items[f.id] = FixItem(f.id, f.title, f.remedy, f.severity)
            elif f.severity.rank > item.severity.rank:
                item.severity, item.title = f.severity, f.title
            item.messages += 1
            if domain in item.domains or len(item.domains) < _DOMAINS_KEPT:
                item.domains[domain] += 1
            else:
                item.other_domains += 1

    def ranked(self, n: int = 12) -> list[FixItem]:
        return sorted(
            self.items.values(), key=lambda i: (-i.weight, -i.severity.rank, i.finding_id)
        )[:n]


def actionable(remedy: str) -> bool:
    """A remedy that asks the sender to do something (some say there is nothing to fix)."""
    return bool(remedy.strip()) and not remedy.lower().startswith("nothing to")
