"""The client report's cover fields (consultant, logo, client, analyst, scope) as form rows.

Settings keeps them and every export starts from them, where they can be changed for one
report: one form serves both, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from inspector.report.options import ReportOptions


class CoverFields:
    def __init__(self, parent: QWidget, cover: ReportOptions) -> None:
        self._parent = parent
        self.consultant = QLineEdit(cover.consultant)
        self.consultant.setPlaceholderText("your name or firm, on the report's cover")
        self.logo = QLineEdit(cover.logo or "")
        self.logo.setPlaceholderText("PNG or JPEG for the cover (optional)")
        self.client = QLineEdit(cover.client)
        self.analyst = QLineEdit(cover.analyst)
        self.scope = QLineEdit(cover.scope)
        self.scope.setPlaceholderText("default: the number of messages and their dates")

    def add_rows(self, form: QFormLayout, *, label_prefix: str = "") -> None:
        """``label_prefix`` ("Report ") tells the fields apart in a longer form."""
        browse = QPushButton("Choose\u2026")
        browse.clicked.connect(self._browse_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(browse)
        rows: list[tuple[str, QWidget | QHBoxLayout]] = [
            ("Consultant", self.consultant),
            ("Logo", logo_row),
            ("Client", self.client),
            ("Analyst", self.analyst),
            ("Scope", self.scope),
        ]
        for label, field in rows:
            form.addRow(f"{label_prefix}{label.lower()}" if label_prefix else label, field)

    def applied_to(self, options: ReportOptions) -> ReportOptions:
        """``options`` with the cover as typed (surrounding spaces dropped)."""
        return replace(
            options,
            consultant=self.consultant.text().strip(),
            logo=self.logo.text().strip() or None,
            client=self.client.text().strip(),
            analyst=self.analyst.text().strip(),
            scope=self.scope.text().strip(),
        )

    def _browse_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._parent, "Logo", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo.setText(path)
