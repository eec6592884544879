"""The Findings tab: every finding of the message, filterable, with the selected one's details."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.report.html_base import esc
from ui.models.details import FindingFilterProxy, findings_model
from ui.models.tuple_table import OBJECT_ROLE
from ui.views.safe_browser import PageBrowser


class FindingsTab(QWidget):
    """Findings filterable by severity and category; the selected one's details below."""

    evidence_selected = Signal(tuple)

    def __init__(self) -> None:
        super().__init__()
        self.model = findings_model(self)
        self.proxy = FindingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.severity = QComboBox()
        self.severity.addItem("All severities", 0)
        for s in Severity:
            self.severity.addItem(f"{s.value} and above", s.rank)
        self.category = QComboBox()
        self.category.addItem("All categories", "")
        for c in Category:
            self.category.addItem(c.value, c.value)
        self.severity.currentIndexChanged.connect(self._refilter)
        self.category.currentIndexChanged.connect(self._refilter)
        self.detail = PageBrowser()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.severity)
        bar.addWidget(self.category)
        bar.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split)
        self.view.selectionModel().currentRowChanged.connect(self._show)

    def set_findings(self, findings: tuple[Finding, ...]) -> None:
        self.model.set_items(findings)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.detail.clear()
        if self.proxy.rowCount():
            self.view.selectRow(0)

    def _refilter(self) -> None:
        self.proxy.set_filter(
            min_rank=int(self.severity.currentData()), category=str(self.category.currentData())
        )

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        f = self.proxy.data(current, OBJECT_ROLE) if current.isValid() else None
        if not isinstance(f, Finding):
            self.detail.clear()
            return
        evidence = "".join(f'<li class="mono">{esc(e)}</li>' for e in f.evidence)
        refs = ", ".join(esc(r) for r in f.references)
        self.detail.set_body(
            f"<h3>{esc(f.title)}</h3><p>{esc(f.explanation)}</p>"
            + (f"<p><b>Evidence</b></p><ul>{evidence}</ul>" if evidence else "")
            + f"<p><b>Fix:</b> {esc(f.remedy)}</p>"
            + (f'<p class="muted">References: {refs}</p>' if refs else "")
            + f'<p class="muted" title="{esc(f.id)}">{esc(f.severity.value)} severity \u00b7 '
            f"{esc(f.category.value)}</p>"
        )
        self.evidence_selected.emit(f.evidence)
