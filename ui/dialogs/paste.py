"""Paste raw headers (Gmail's "Show original", Outlook's message source) as a new message."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.fonts import MONO_FAMILY


class PasteDialog(QDialog):
    def __init__(self, parent: QWidget | None, initial: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste headers")
        self.resize(760, 520)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont(MONO_FAMILY))
        self.editor.setPlaceholderText("Received: from ...\nFrom: ...\nSubject: ...")
        if initial and ":" in initial[:200]:
            self.editor.setPlainText(initial)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Analyse")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Paste the message source or just its headers (in Gmail: \u22ee \u2192 "
                "Show original; in Outlook: View \u2192 View message source). The body is optional."
            )
        )
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()
