"""The message list's model: every row of the mailbox, and the ones the filters let through, in
the chosen order.

Sorting, search and filters are Python list operations over the rows followed by one layout
change; the view never calls back into Python once per row (as a QSortFilterProxyModel's
filter would after every sort). Persistent indexes (the selection, the current row) follow
their message through every sort and filter.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from inspector.model.message import SourceRef
from ui.models.message_cells import (
    HEADERS,
    Column,
    SortKey,
    decoration,
    display,
    foreground,
    sort_key,
    tooltip,
)
from ui.models.message_filter import MessageFilter
from ui.models.message_row import MessageRow

_ROOT = QModelIndex()
_KEY = attrgetter("key")  # the invisible root: tables have no children

ROW_ROLE = Qt.ItemDataRole.UserRole + 2

#: The columns by number and their count, looked up rather than rebuilt: a view asks the model
#: thousands of times while it paints and lays out a long list.
_COLUMNS = tuple(Column)
_COLUMN_COUNT = len(_COLUMNS)
_LAST_COLUMN = _COLUMN_COUNT - 1
#: The roles ``data`` answers; the view asks for several others (font, alignment, size...)
#: for every cell, and those are refused before any work.
_ANSWERED_ROLES = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.ForegroundRole),
        int(Qt.ItemDataRole.DecorationRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(ROW_ROLE),
    }
)

#: Analysis results that change which rows a filter lets through are applied together after
#: this long: a load delivers them in many small batches.
REFILTER_DELAY_MS = 250


class MessageTableModel(QAbstractTableModel):
    """Rows in view order; ``rowCount`` and the indexes count only the rows shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        #: Every row, in the list's order (rows appended by a load wait at the end until the
        #: next sort).
        self._rows: list[MessageRow] = []
        #: Where each row is in ``_rows``, by its key.
        self._position: dict[tuple[str, int], int] = {}
        #: The positions in ``_rows`` of the rows shown, ascending.
        self._shown: list[int] = []
        self._filter = MessageFilter()
        self._sort: tuple[Column, Qt.SortOrder] | None = None
        #: False once rows arrived or changed so that ``_rows`` may be out of the sort's order.
        self._in_order = True
        self._first_by_id: dict[str, tuple[str, int]] = {}
        self._copies: dict[tuple[str, int], list[SourceRef]] = {}
        self._refilter = QTimer(self)
        self._refilter.setSingleShot(True)
        self._refilter.setInterval(REFILTER_DELAY_MS)
        self._refilter.timeout.connect(self.refilter)

    # -- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if 0 <= section < _COLUMN_COUNT else None
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if int(role) not in _ANSWERED_ROLES or not index.isValid():
            return None
        at, column = index.row(), index.column()
        if not 0 <= at < len(self._shown) or not 0 <= column < _COLUMN_COUNT:
            return None
        row = self._rows[self._shown[at]]
        col = _COLUMNS[column]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row, col, self._copies)
        if role == Qt.ItemDataRole.ForegroundRole:
            return foreground(row, col)
        if role == Qt.ItemDataRole.DecorationRole:
            return decoration(row, col)
        return tooltip(row, col, self._copies)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every row (shown or not) by the column's key, stable, in Python. Asked again
        for the order the rows are already in (a view asks twice for one header click), it
        does nothing."""
        if not 0 <= column < _COLUMN_COUNT:
            return
        wanted = (_COLUMNS[column], order)
        if wanted == self._sort and self._in_order:
            return
        self._sort = wanted
        self._relayout(resort=True)

    # -- reading
    def row_at(self, row: int) -> MessageRow:
        """The row shown at ``row``."""
        return self._rows[self._shown[row]]

    def rows(self) -> list[MessageRow]:
        """Every row, shown or not, in the list's order."""
        return list(self._rows)

    def shown_rows(self) -> list[MessageRow]:
        rows = self._rows
        return [rows[at] for at in self._shown]

    def total(self) -> int:
        """How many rows the list holds, shown or not (copies included)."""
        return len(self._rows)

    def shown_row_of(self, key: tuple[str, int]) -> int:
        """Where the row with ``key`` is shown, -1 when it is not."""
        at = self._position.get(key)
        return -1 if at is None else self._shown_at(at)

    def copies(self, row: MessageRow) -> list[SourceRef]:
        """Other places the same message (same Message-ID) was found, shown once."""
        return list(self._copies.get(row.key, ()))

    # -- search and filters
    def set_search(self, text: str) -> None:
        self._change_filter(lambda f: f.set_search(text))

    def set_filters(
        self,
        *,
        risk: str | None = None,
        auth: str | None = None,  # as written: "dmarc:fail", "" for any
        platform: str | None = None,
        sender: str | None = None,
        finding: str | None = None,
        bounce_only: bool | None = None,
    ) -> None:
        self._change_filter(
            lambda f: f.update(
                risk=risk,
                auth=auth,
                platform=platform,
                sender=sender,
                finding=finding,
                bounce_only=bounce_only,
            )
        )

    def _change_filter(self, change: Callable[[MessageFilter], None]) -> None:
        before = replace(self._filter)
        change(self._filter)
        if self._filter != before:
            self.refilter()

    def refilter(self) -> None:
        """Apply the filters again to every row (results that arrived may now match)."""
        self._refilter.stop()
        self._relayout(resort=False)

    def settle(self) -> None:
        """Put the list in its final state now (a load has listed or analysed everything):
        sort again if rows that arrived or changed may be out of order (a load appends rows
        in file order), and apply a re-filter that was waiting. Nothing at all when neither
        is due, so a finished load whose analyses moved nothing costs no layout."""
        resort = self._sort is not None and not self._in_order
        if resort or self._refilter.isActive():
            self._refilter.stop()
            self._relayout(resort=resort)

    def _relayout(self, *, resort: bool) -> None:
        """Re-sort and/or re-filter, then one layout change; persistent indexes follow their
        row, or become invalid when it is no longer shown."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        followed = [
            (self._rows[self._shown[i.row()]].key, i.column())
            if 0 <= i.row() < len(self._shown)
            else None
            for i in persistent
        ]
        if resort and self._sort is not None:
            col, order = self._sort
            self._rows.sort(
                key=sort_key(col, self._copies), reverse=order == Qt.SortOrder.DescendingOrder
            )
            self._position = dict(zip(map(_KEY, self._rows), range(len(self._rows)), strict=True))
            self._in_order = True
        self._shown = self._filtered(range(len(self._rows)))
        moved = []
        for place in followed:
            shown = -1 if place is None else self.shown_row_of(place[0])
            moved.append(self.index(shown, place[1]) if place and shown >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _filtered(self, positions: Iterable[int]) -> list[int]:
        rows = self._rows
        if not self._filter.filtering():  # the usual case: only copies are left out
            if not self._copies:
                return list(positions)
            return [at for at in positions if rows[at].duplicate_of is None]
        shows = self._filter.shows
        return [at for at in positions if shows(rows[at])]

    def _shown_at(self, at: int) -> int:
        """The shown row of ``_rows[at]``, -1 when the filters hide it."""
        shown = bisect_left(self._shown, at)
        return shown if shown < len(self._shown) and self._shown[shown] == at else -1

    # -- rows arriving
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
                self._replace(at, row, changed)
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), _LAST_COLUMN)
            )
        if new:
            self._note_order(new)
            first = len(self._rows)
            self._rows.extend(new)
            shown = self._filtered(range(first, len(self._rows)))
            if shown:
                start = len(self._shown)
                self.beginInsertRows(_ROOT, start, start + len(shown) - 1)
                self._shown.extend(shown)
                self.endInsertRows()

    def _replace(self, at: int, row: MessageRow, changed: list[int]) -> None:
        """Put ``row`` in place of ``_rows[at]``; a row that the filters now treat otherwise
        appears or disappears at the next re-filter."""
        old = self._rows[at]
        self._rows[at] = row
        if self._sort is not None and self._in_order:
            key = sort_key(self._sort[0], self._copies)
            self._in_order = key(old) == key(row)
        shown = self._shown_at(at)
        if (shown >= 0) != self._filter.shows(row) and not self._refilter.isActive():
            self._refilter.start()
        if shown >= 0:
            changed.append(shown)

    def _note_order(self, new: list[MessageRow]) -> None:
        """Rows appended at the end keep the list in order only if their keys follow on."""
        if self._sort is None or not self._in_order:
            return
        col, order = self._sort
        key = sort_key(col, self._copies)
        keys: list[SortKey] = [key(row) for row in self._rows[-1:] + new]
        if order == Qt.SortOrder.DescendingOrder:
            keys.reverse()
        self._in_order = keys == sorted(keys)

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
            if self._sort is not None and self._sort[0] == Column.SUBJECT:
                self._in_order = False  # the subject's shown text counts the copies
            at = self._position.get(first)
            shown = -1 if at is None or at >= len(self._rows) else self._shown_at(at)
            if shown >= 0:
                self.dataChanged.emit(self.index(shown, 0), self.index(shown, _LAST_COLUMN))
        return replace(row, duplicate_of=first)

    def clear(self) -> None:
        self._refilter.stop()
        self.beginResetModel()
        self._rows = []
        self._position = {}
        self._shown = []
        self._in_order = True
        self._first_by_id = {}
        self._copies = {}
        self.endResetModel()
