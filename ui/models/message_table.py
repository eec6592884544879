"""The message list: one light row per message (never the whole Report, so memory stays small
for 20,000 messages), with named columns, a sort role and an object role."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from inspector.mailbox.stats import sending_domain
from inspector.model.codes import AuthMethod, Risk
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.parse.index import IndexEntry
from inspector.report.visible_text import visible
from ui.icons import RISK_LOOK, auth_look, icon

_ROOT = QModelIndex()  # the invisible root: tables have no children

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

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
#: The columns by number and their count, looked up rather than rebuilt: a view asks the model
#: thousands of times while it paints and lays out a long list.
_COLUMNS = tuple(Column)
_COLUMN_COUNT = len(_COLUMNS)
#: The roles ``data`` answers; the view asks for several others (font, alignment, size...)
#: for every cell, and those are refused before any work.
_ANSWERED_ROLES = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.ForegroundRole),
        int(Qt.ItemDataRole.DecorationRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(SORT_ROLE),
        int(ROW_ROLE),
    }
)


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
    def key(self) -> tuple[str, int]:
        return (self.ref.path, self.ref.index)

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

    @property
    def search_text(self) -> str:
        return " ".join(
            (self.sender, self.subject, self.platform, self.reason, self.ref.path)
        ).lower()


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


class MessageTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MessageRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._position: dict[tuple[str, int], int] = {}
        self._first_by_id: dict[str, tuple[str, int]] = {}
        self._copies: dict[tuple[str, int], list[SourceRef]] = {}

    # -- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if 0 <= section < len(Column) else None
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if int(role) not in _ANSWERED_ROLES or not index.isValid():
            return None
        at, column = index.row(), index.column()
        if not 0 <= at < len(self._rows) or not 0 <= column < _COLUMN_COUNT:
            return None
        row = self._rows[at]
        col = _COLUMNS[column]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == Column.RISK and row.risk:
            return _RISK_COLOUR[row.risk]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        return None

    def copies(self, row: MessageRow) -> list[SourceRef]:
        """Other places the same message (same Message-ID) was found, shown once."""
        return list(self._copies.get(row.key, ()))

    @staticmethod
    def _icon(row: MessageRow, col: Column) -> Any:
        if col == Column.RISK and row.risk is not None:
            glyph, tone = RISK_LOOK[row.risk]
            return icon(glyph, tone.value)
        if col in AUTH_COLUMNS and not row.pending and not row.error:
            glyph, tone, _word = auth_look(MessageTableModel._raw_auth(row, col))
            return icon(glyph, tone.value)
        return None

    def _tooltip(self, row: MessageRow, col: Column) -> str | None:
        if col == Column.REASON:
            return row.reason or None
        if col in AUTH_COLUMNS and not row.pending:
            return f"{HEADERS[col]}: {self._display(row, col)}"
        if col == Column.SUBJECT:
            text = f"{row.subject}\n{visible(row.ref.path)} #{row.ref.index}"
            copies = self._copies.get(row.key)
            if copies:
                text += "\nAlso found as:\n" + "\n".join(f"{c.path} #{c.index}" for c in copies)
            return text
        return None

    @staticmethod
    def _raw_auth(row: MessageRow, col: Column) -> str:
        return {Column.SPF: row.spf, Column.DKIM: row.dkim, Column.DMARC: row.dmarc}[col]

    # -- ours
    def _display(self, row: MessageRow, col: Column) -> str:
        if col in AUTH_COLUMNS:
            return auth_look(self._raw_auth(row, col))[2] if row.spf else ""
        if col == Column.SUBJECT and row.key in self._copies:
            n = len(self._copies[row.key]) + 1
            return f"{row.subject}  ({n} copies)"
        match col:
            case Column.DATE:
                return row.date.strftime("%Y-%m-%d %H:%M") if row.date else ""
            case Column.FROM:
                return row.sender
            case Column.SUBJECT:
                return row.subject
            case Column.PLATFORM:
                return row.platform
            case Column.RISK:
                return row.risk.value if row.risk else ("error" if row.error else "\u2026")
            case Column.SCORE:
                return f"{row.score:.1f}" if row.score is not None else ""
            case Column.REASON:
                return row.reason
        return ""

    def _sort_key(self, row: MessageRow, col: Column) -> Any:
        if col == Column.DATE:
            return row.date.timestamp() if row.date else 0.0
        if col == Column.RISK:
            return _RISK_ORDER.get(row.risk, -1) if row.risk else -1
        if col == Column.SCORE:
            return row.score if row.score is not None else -1.0
        return self._display(row, col).lower()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with a key function: tens of thousands of rows in milliseconds,
        where a proxy's comparison-by-data() would cost a Python call per comparison."""
        if not 0 <= column < len(Column):
            return
        col = Column(column)
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows
        order_index = sorted(
            range(len(old_rows)),
            key=lambda i: self._sort_key(old_rows[i], col),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [old_rows[i] for i in order_index]
        self._position = {row.key: i for i, row in enumerate(self._rows)}
        new_position = {old: new for new, old in enumerate(order_index)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [
                self.index(new_position[i.row()], i.column()) if i.row() in new_position else i
                for i in persistent
            ],
        )
        self.layoutChanged.emit()

    def resort(self) -> None:
        """Apply the last sort again (after a load appended rows in file order)."""
        if self._sort is not None:
            self.sort(*self._sort)

    def append_rows(self, rows: list[MessageRow]) -> None:
        """Add new rows; a row whose message is already listed replaces it (the analysis
        arriving for a message the quick first pass listed)."""
        new: list[MessageRow] = []
        changed: list[int] = []
        for given in rows:
            row = self._mark_duplicate(given)
            at = self._position.get(row.key)
            if at is None:
                self._position[row.key] = len(self._rows) + len(new)
                new.append(row)
            elif at >= len(self._rows):
                new[at - len(self._rows)] = row  # listed and analysed in the same batch
            else:
                self._rows[at] = row
                changed.append(at)
        if changed:
            last = len(Column) - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    def _mark_duplicate(self, row: MessageRow) -> MessageRow:
        """A message whose Message-ID is already listed under another place becomes a copy
        of that row: the filter hides it, the first row notes it."""
        if not row.message_id:
            return row
        first = self._first_by_id.setdefault(row.message_id, row.key)
        if first == row.key:
            return row
        copies = self._copies.setdefault(first, [])
        if row.ref not in copies:
            copies.append(row.ref)
            at = self._position.get(first)
            if at is not None and at < len(self._rows):
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(Column) - 1))
        return replace(row, duplicate_of=first)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._position = {}
        self._first_by_id = {}
        self._copies = {}
        self.endResetModel()

    def row_at(self, row: int) -> MessageRow:
        return self._rows[row]

    def rows(self) -> list[MessageRow]:
        return list(self._rows)
