"""The analyst's note on the message shown, under its overview.

What is typed is kept for the run (and saved into a case, and printed in a client report);
showing another message swaps the text without reporting it as an edit.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class NotesEditor(QWidget):
    #: The analyst changed the note (its whole text).
    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(
            "<b>Your notes</b> on this message (saved in the case, printed in the report)"
        )
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("e.g. the client says this one reached the inbox")
        self.text.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.text)
        self._quiet = False
        self.text.textChanged.connect(self._changed)

    def set_note(self, text: str, *, enabled: bool = True) -> None:
        self._quiet = True
        try:
            self.text.setPlainText(text)
        finally:
            self._quiet = False
        self.text.setEnabled(enabled)

    def note(self) -> str:
        return self.text.toPlainText()

    def _changed(self) -> None:
        if not self._quiet:
            self.edited.emit(self.text.toPlainText())
