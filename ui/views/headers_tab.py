"""The Headers tab: every header in order, decoded, with its raw form and an explanation."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.model.report import Report
from inspector.parse.header_help import explain_header
from ui.fonts import MONO_FAMILY
from ui.models.details import headers_model
from ui.models.tuple_table import OBJECT_ROLE
from ui.views.table_view import table_view


class HeadersTab(QWidget):
    """Every header in order, decoded; the raw form and an explanation for the selected one."""

    def __init__(self) -> None:
        super().__init__()
        self.model = headers_model(self)
        self.view = table_view(self.model)
        self.raw = QCheckBox("Show raw form")
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFont(MONO_FAMILY))
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.raw.toggled.connect(lambda _on: self._show(self.view.currentIndex(), QModelIndex()))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.help)
        bl.addWidget(self.detail)
        split.addWidget(bottom)
        split.setSizes([350, 150])
        layout = QVBoxLayout(self)
        layout.addWidget(self.raw)
        layout.addWidget(split)
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self._highlight: tuple[str, ...] = ()

    def set_headers(self, report: Report) -> None:
        self.model.set_items(report.headers)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.resizeColumnToContents(1)
        self.detail.clear()
        self.help.clear()

    def highlight(self, evidence: tuple[str, ...]) -> None:
        """Select the first header whose text appears in a finding's evidence."""
        proxy = self.view.model()
        for row in range(proxy.rowCount()):
            h = proxy.data(proxy.index(row, 0), OBJECT_ROLE)
            if h is None:
                continue
            needle = f"{h.name}:".lower()
            if any(
                e.lower().startswith(needle) or (h.value and h.value[:60] in e) for e in evidence
            ):
                self.view.selectRow(row)
                self.view.scrollTo(proxy.index(row, 0))
                return

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        h = self.view.model().data(current, OBJECT_ROLE) if current.isValid() else None
        if h is None:
            return

        self.help.setText(explain_header(h.name) or "")
        if self.raw.isChecked():
            self.detail.setPlainText(h.raw.decode("utf-8", "replace"))
        else:
            self.detail.setPlainText(f"{h.name}: {h.value}")
