"""Filter verdicts that receivers (and senders) left in the headers, decoded."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.codes import Folder, SpamDecision, VerdictParty


@dataclass(frozen=True)
class VerdictField:
    name: str
    raw: str
    meaning: str


@dataclass(frozen=True)
class Verdict:
    """A filter's verdict decoded from the header it left. ``decision`` is the sentence shown
    to people; ``spam`` and ``folder`` are the same decision as values for the rules, and
    ``party`` says who wrote the header (only the recipient's describe what happened)."""

    filter: str
    header: str
    fields: tuple[VerdictField, ...]
    decision: str
    hop: int | None = None
    spam: SpamDecision = SpamDecision.UNKNOWN
    folder: Folder | None = None
    party: VerdictParty = VerdictParty.UNKNOWN
    party_reason: str = ""
    position: int | None = None  # index of the header in the message's header block
