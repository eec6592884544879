"""The DMARC view: aggregate reports for a domain over time, by source and reporter, with
filters (source class, reporter, period). Reports are read on the task runner, never on the
GUI thread; the page is the same HTML as the export, shown in an application pane (nothing a
report names is loaded, and it takes the theme's colours)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.mailbox.feedback_load import filter_feedback, load_feedback
from inspector.model.feedback import FeedbackSummary, SourceClass
from inspector.options import AnalysisOptions
from inspector.report.feedback_html import feedback_body
from ui.tasks import Runner
from ui.views.safe_browser import PageBrowser

ALL = "all"


class DmarcView(QWidget):
    def __init__(
        self, tasks: Runner, options: AnalysisOptions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("DMARC aggregate reports")
        self.tasks = tasks
        self.options = options
        self.summary: FeedbackSummary | None = None
        self.open_button = QPushButton("Open reports\u2026")
        self.open_button.clicked.connect(self.choose)
        self.classification = QComboBox()
        self.classification.addItems([ALL, *(c.value for c in SourceClass)])
        self.reporter = QComboBox()
        self.reporter.addItem(ALL)
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.status = QLabel("Open DMARC aggregate or TLS reports (.xml, .gz, .zip, e-mails).")
        self.page = PageBrowser()
        bar = QHBoxLayout()
        bar.addWidget(self.open_button)
        for label, widget in (
            ("Sources", self.classification),
            ("Reporter", self.reporter),
            ("From", self.since),
            ("To", self.until),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.page, 1)
        for combo in (self.classification, self.reporter):
            combo.currentTextChanged.connect(self.refresh)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.refresh)
        self.resize(1100, 750)

    def choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Open DMARC or TLS reports",
            "",
            "Reports (*.xml *.gz *.zip *.json *.eml);;All files (*)",
        )
        if files:
            self.load(files)

    def load(self, paths: Sequence[str]) -> None:
        self.status.setText("Reading reports\u2026")
        self.tasks.run(
            lambda _token: load_feedback(list(paths), self.options),
            on_done=self.show_summary,
            on_error=lambda exc: self.status.setText(f"Could not read the reports: {exc}"),
        )

    def show_summary(self, summary: FeedbackSummary | None) -> None:
        self.summary = summary
        if summary is None:
            self.status.setText("No DMARC aggregate or TLS report found there.")
            self.page.clear()
            return
        days = [r.begin.date() for r in summary.reports if r.begin]
        for edit, day in (
            (self.since, min(days, default=None)),
            (self.until, max(days, default=None)),
        ):
            if day is not None:
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.reporter.blockSignals(True)
        self.reporter.clear()
        self.reporter.addItems([ALL, *(r.reporter for r in summary.reporters)])
        self.reporter.blockSignals(False)
        self.refresh()

    def filtered(self) -> FeedbackSummary | None:
        if self.summary is None:
            return None
        cls = self.classification.currentText()
        reporter = self.reporter.currentText()
        return filter_feedback(
            self.summary,
            classification=None if cls == ALL else SourceClass(cls),
            reporter=None if reporter in (ALL, "") else reporter,
            since=_day(self.since),
            until=_day(self.until),
        )

    def refresh(self) -> None:
        shown = self.filtered()
        if shown is None:
            return
        counts = f"{len(shown.reports)} reports, {shown.volume} messages"
        self.status.setText(f"{counts}, {len(shown.sources)} sources shown")
        self.page.set_body(feedback_body(shown))


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())
