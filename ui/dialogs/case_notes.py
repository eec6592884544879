"""Case > Notes: the engagement's title and the analyst's overall notes, which a saved case
keeps and the client report prints after its summary."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


class CaseNotesDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, notes: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Case notes")
        self.resize(640, 420)
        self.title = QLineEdit(title)
        self.title.setPlaceholderText("the engagement's name (default: the case file's name)")
        self.notes = QPlainTextEdit(notes)
        self.notes.setPlaceholderText(
            "What you found overall, what the client asked, what to check next. Printed in the "
            "client report after the summary; notes on single messages go under their overview."
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Notes", self.notes)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.title.text().strip(), self.notes.toPlainText()
