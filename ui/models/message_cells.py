"""The message list's columns and what each cell shows: text, icon, colour, tooltip and the key
a column sorts by.

The view asks for cells thousands of times while it paints and lays out a long list, and a
sort reads one key per row, so every answer is a direct read of the row, looked up rather than
rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from operator import attrgetter

from PySide6.QtGui import QColor, QIcon

from inspector.model.codes import Risk
from inspector.model.message import SourceRef
from inspector.report.visible_text import visible
from ui.icons import RISK_LOOK, auth_look, icon
from ui.models.message_row import MessageRow

_RISK_ORDER = {Risk.LOW: 0, Risk.MEDIUM: 1, Risk.HIGH: 2, Risk.CRITICAL: 3}
_RISK_COLOUR = {
    Risk.LOW: QColor("#1a7f37"),
    Risk.MEDIUM: QColor("#9a6700"),
    Risk.HIGH: QColor("#bc4c00"),
    Risk.CRITICAL: QColor("#cf222e"),
}


class Column(IntEnum):
    """The list's columns, most useful first: what a person scans for is on the left."""

    RISK = 0
    SCORE = 1
    REASON = 2
    FROM = 3
    SUBJECT = 4
    DATE = 5
    SPF = 6
    DKIM = 7
    DMARC = 8
    PLATFORM = 9


AUTH_COLUMNS = (Column.SPF, Column.DKIM, Column.DMARC)

HEADERS = {
    Column.DATE: "Date",
    Column.FROM: "From",
    Column.SUBJECT: "Subject",
    Column.PLATFORM: "Platform",
    Column.SPF: "SPF",
    Column.DKIM: "DKIM",
    Column.DMARC: "DMARC",
    Column.RISK: "Risk",
    Column.SCORE: "Score",
    Column.REASON: "Top reason",
}

#: The other places a listed message was also found (same Message-ID), by the row's key.
Copies = Mapping[tuple[str, int], Sequence[SourceRef]]

#: What a column sorts by: a number or a lower-cased text, the same type for every row.
SortKey = float | str

_RAW_AUTH: dict[Column, Callable[[MessageRow], str]] = {
    Column.SPF: attrgetter("spf"),
    Column.DKIM: attrgetter("dkim"),
    Column.DMARC: attrgetter("dmarc"),
}


def display(row: MessageRow, col: Column, copies: Copies) -> str:
    """The cell's text; a message found in several places says how many."""
    if col in AUTH_COLUMNS:
        return auth_look(_RAW_AUTH[col](row))[2] if row.spf else ""
    match col:
        case Column.DATE:
            return row.date.strftime("%Y-%m-%d %H:%M") if row.date else ""
        case Column.FROM:
            return row.sender
        case Column.SUBJECT:
            also = copies.get(row.key)
            return f"{row.subject}  ({len(also) + 1} copies)" if also else row.subject
        case Column.PLATFORM:
            return row.platform
        case Column.RISK:
            return row.risk.value if row.risk else ("error" if row.error else "\u2026")
        case Column.SCORE:
            return f"{row.score:.1f}" if row.score is not None else ""
        case Column.REASON:
            return row.reason
    return ""


def foreground(row: MessageRow, col: Column) -> QColor | None:
    return _RISK_COLOUR[row.risk] if col == Column.RISK and row.risk else None


def decoration(row: MessageRow, col: Column) -> QIcon | None:
    if col == Column.RISK and row.risk is not None:
        glyph, tone = RISK_LOOK[row.risk]
        return icon(glyph, tone.value)
    if col in AUTH_COLUMNS and not row.pending and not row.error:
        glyph, tone, _word = auth_look(_RAW_AUTH[col](row))
        return icon(glyph, tone.value)
    return None


def tooltip(row: MessageRow, col: Column, copies: Copies) -> str | None:
    if col == Column.REASON:
        return row.reason or None
    if col in AUTH_COLUMNS and not row.pending:
        return f"{HEADERS[col]}: {display(row, col, copies)}"
    if col == Column.SUBJECT:
        text = f"{row.subject}\n{visible(row.ref.path)} #{row.ref.index}"
        also = copies.get(row.key)
        if also:
            text += "\nAlso found as:\n" + "\n".join(f"{c.path} #{c.index}" for c in also)
        return text
    return None


def _risk_key(row: MessageRow) -> float:
    return _RISK_ORDER[row.risk] if row.risk else -1


def _score_key(row: MessageRow) -> float:
    return row.score if row.score is not None else -1.0


def _lower(field: str) -> Callable[[MessageRow], str]:
    read = attrgetter(field)

    def key(row: MessageRow) -> str:
        return str(read(row)).lower()

    return key


_PLAIN_KEYS: dict[Column, Callable[[MessageRow], SortKey]] = {
    Column.DATE: attrgetter("timestamp"),
    Column.RISK: _risk_key,
    Column.SCORE: _score_key,
    Column.FROM: _lower("sender"),
    Column.PLATFORM: _lower("platform"),
    Column.REASON: _lower("reason"),
}


def sort_key(col: Column, copies: Copies) -> Callable[[MessageRow], SortKey]:
    """What ``col`` sorts by: dates, risks and scores by value (unknown first), text columns
    by their shown text ignoring case."""
    plain = _PLAIN_KEYS.get(col)
    if plain is not None:
        return plain

    def shown(row: MessageRow) -> str:
        return display(row, col, copies).lower()

    return shown
