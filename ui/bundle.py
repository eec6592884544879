"""What the message view shows for one message: data only, no widgets, so the session (worker
threads) and every tab can share it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.message import ParsedMessage
from inspector.model.report import Report


@dataclass(frozen=True)
class MessageBundle:
    """The report, plus the parsed message and raw bytes the content and source tabs read."""

    report: Report
    parsed: ParsedMessage | None
    raw: bytes
