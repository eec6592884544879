"""What the message list keeps per message: one light row (never the whole Report, so memory
stays small for 20,000 messages), built from the quick listing, the analysis or a read error.

Kept free of Qt so the session's worker threads build rows and the list's filter reads them
without touching a model.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from inspector.mailbox.stats import sending_domain
from inspector.model.codes import AuthMethod, Risk
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.parse.index import IndexEntry


class ListComplete:
    """Marker in a load's stream: every message is listed; reports follow."""


@dataclass(frozen=True)
class MessageRow:
    """What the list shows for one message, plus how to find the message again."""

    ref: SourceRef
    date: datetime | None
    sender: str
    subject: str
    platform: str
    spf: str
    dkim: str
    dmarc: str
    risk: Risk | None
    reason: str
    has_bounce: bool
    score: float | None = None
    error: str = ""
    findings: frozenset[str] = frozenset()
    sender_domain: str = ""
    message_id: str = ""
    #: Set when the same message (same Message-ID) is already listed: that row's key.
    duplicate_of: tuple[str, int] | None = None
    #: Where the message is: the list's identity for a row across its replacements.
    key: tuple[str, int] = field(init=False, repr=False, compare=False)
    #: The date as a number (0 for none): the key the list sorts by most, computed where the
    #: row is built (a worker thread during a load) rather than on the GUI thread in a sort.
    timestamp: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.ref.path, self.ref.index))
        object.__setattr__(self, "timestamp", self.date.timestamp() if self.date else 0.0)

    @classmethod
    def from_report(cls, report: Report) -> MessageRow:
        titles = {f.id: f.title for f in report.findings}
        top = report.summary.top_reasons
        auth = report.auth

        def shown(method: AuthMethod) -> str:
            """Ours, or the trusted receiver's record at receipt when we could not check."""
            return (auth.outcome(method) or auth.ours(method)).value

        return cls(
            ref=report.source,
            date=report.message.date,
            sender=_one_line(report.message.from_ or ""),
            subject=_one_line(report.message.subject or ""),
            platform=report.sender.platform.name if report.sender.platform else "",
            spf=shown(AuthMethod.SPF),
            dkim=shown(AuthMethod.DKIM),
            dmarc=shown(AuthMethod.DMARC),
            risk=report.summary.risk,
            score=report.summary.score,
            reason=titles.get(top[0], "") if top else "",
            has_bounce=report.bounce is not None,
            findings=frozenset(sys.intern(f.id) for f in report.findings),
            sender_domain=sending_domain(report),
            message_id=report.message.message_id or "",
        )

    @classmethod
    def from_index(cls, entry: IndexEntry) -> MessageRow:
        """A listed message whose analysis has not arrived yet (risk None, shown as "…")."""
        return cls(
            entry.ref, entry.date, entry.sender, entry.subject, "", "", "", "", None, "", False
        )

    @property
    def pending(self) -> bool:
        return self.risk is None and not self.error

    @classmethod
    def from_error(cls, error: ReadError) -> MessageRow:
        ref = SourceRef(error.path, error.index or 0)
        return cls(
            ref,
            None,
            "",
            f"(unreadable: {error.message})",
            "",
            "",
            "",
            "",
            None,
            "",
            False,
            error=error.message,
        )

    @cached_property
    def search_text(self) -> str:
        """What the search box matches, lower-cased once: every keystroke reads it per row."""
        return " ".join(
            (self.sender, self.subject, self.platform, self.reason, self.ref.path)
        ).lower()


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
