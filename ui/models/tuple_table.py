"""A read-only table over a tuple of frozen values with named columns: the shared base of the
detail tables (findings, headers, hops), so each of those only declares its columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

_ROOT = QModelIndex()  # the invisible root: tables have no children

T = TypeVar("T")
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    colour: Callable[[T], str | None] | None = None
    tooltip: Callable[[T], str | None] | None = None


class TupleTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[ColumnSpec[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._items: tuple[T, ...] = ()

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def item(self, row: int) -> T:
        return self._items[row]

    def items(self) -> tuple[T, ...]:
        return self._items

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        item = self._items[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(item)
        if role == OBJECT_ROLE:
            return item
        if role == SORT_ROLE:
            return col.sort(item) if col.sort else col.text(item).lower()
        if role == Qt.ItemDataRole.ForegroundRole and col.colour:
            colour = col.colour(item)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(item)
        return None
