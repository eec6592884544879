"""Shared building blocks of the message view's tabs: the HTML page around a report section,
styled for the current palette, and the read-only sortable table every list tab uses."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTableView

from inspector.report.html_base import STYLE
from ui.models.tuple_table import SORT_ROLE


def screen_style() -> str:
    """The report's style with the colours of the current palette, so the HTML tabs follow
    the light or dark theme (the PDF keeps the report's own print colours)."""
    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.Text).name()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    header = palette.color(QPalette.ColorRole.AlternateBase).name()
    line = palette.color(QPalette.ColorRole.Mid).name()
    return (
        STYLE.replace("color: #1f2328", f"color: {text}")
        .replace("background-color: #f0f3f6", f"background-color: {header}")
        .replace("#d0d7de", line)
        .replace(".muted { color: #57606a; }", f".muted {{ color: {muted}; }}")
    )


def page(body: str) -> str:
    """A whole HTML document around ``body`` with the screen style."""
    return f"<html><head><style>{screen_style()}</style></head><body>{body}</body></html>"


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
