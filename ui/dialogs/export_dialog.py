"""Export: this message or the mailbox (the list as filtered), PDF/HTML/JSON, optional
redaction, and what a client report carries (cover, notes, appendix or not)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from inspector.report.options import ReportOptions
from ui.dialogs.cover_fields import CoverFields
from ui.export_task import ExportChoice


class ExportDialog(QDialog):
    """``defaults`` fills the client-report fields (the consultant's name and logo, kept in
    Settings); what is typed here applies to this export."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        has_message: bool,
        mailbox_size: int,
        defaults: ReportOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self._defaults = defaults or ReportOptions()
        self.setWindowTitle("Export report")
        self.this_message = QRadioButton("This message")
        self.mailbox = QRadioButton(f"All {mailbox_size:,} messages in the list (as filtered)")
        self.this_message.setEnabled(has_message)
        self.mailbox.setEnabled(mailbox_size > 0)
        (self.this_message if has_message else self.mailbox).setChecked(True)
        self.format = QComboBox()
        self.format.addItems(["PDF (.pdf)", "HTML (.html)", "JSON (.json)"])
        self.path = QLineEdit()
        browse = QPushButton("Choose\u2026")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        self.redact = QCheckBox("Redact recipient addresses (same address, same token)")
        self.domains = QLineEdit()
        self.domains.setPlaceholderText("also redact these domains (comma separated)")
        form = QFormLayout(self)
        form.addRow("Scope", self.this_message)
        form.addRow("", self.mailbox)
        form.addRow("Format", self.format)
        form.addRow("File", row)
        form.addRow("", self.redact)
        form.addRow("", self.domains)
        self._add_client_fields(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _add_client_fields(self, form: QFormLayout) -> None:
        d = self._defaults
        self.cover = CoverFields(self, d)
        self.cover.add_rows(form)
        self.notes = QPlainTextEdit(d.notes)
        self.notes.setPlaceholderText("Analyst notes, printed after the summary")
        self.notes.setFixedHeight(90)
        self.appendix = QCheckBox("Include per-message detail (appendix)")
        self.appendix.setChecked(d.appendix)
        form.addRow("Notes", self.notes)
        form.addRow("", self.appendix)

    def report_options(self) -> ReportOptions:
        return replace(
            self.cover.applied_to(self._defaults),
            notes=self.notes.toPlainText(),
            appendix=self.appendix.isChecked(),
        )

    def _suffix(self) -> str:
        return (".pdf", ".html", ".json")[self.format.currentIndex()]

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export report", f"report{self._suffix()}")
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        if self.path.text().strip():
            self.accept()

    def choice(self) -> ExportChoice:
        path = self.path.text().strip()
        if not path.lower().endswith((".pdf", ".html", ".htm", ".json")):
            path += self._suffix()
        domains = tuple(d.strip() for d in self.domains.text().split(",") if d.strip())
        return ExportChoice(
            path,
            self.mailbox.isChecked(),
            self.redact.isChecked() or bool(domains),
            domains,
            self.report_options(),
        )
