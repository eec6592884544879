"""The read-only sortable table every detail tab uses."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.models.tuple_table import SORT_ROLE


def table_view(model: object, *, stretch_last: bool = True) -> QTableView:
    """A read-only, sortable, single-row-selection table over ``model``."""
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSourceModel(model)  # type: ignore[arg-type]
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    return view
