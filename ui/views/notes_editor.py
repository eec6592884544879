"""The analyst's note on the message shown, under its overview.

What is typed is kept for the run (and saved into a case, and printed in a client report);
showing another message swaps the text without reporting it as an edit.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QWidget


class NotesEditor(QWidget):
    #: The analyst changed the note (its whole text).
    edited = Signal(str)

    #: Lines of text the editor shows before the user drags the splitter above it.
    LINES = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("<b>Your notes</b>")
        self.label.setToolTip("Saved in the case; printed in the client report")
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            "Notes on this message (saved in the case, printed in the client report), "
            "e.g. the client says it reached the inbox"
        )
        self.text.setTabChangesFocus(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.text, 1)
        self._quiet = False
        self.text.textChanged.connect(self._changed)

    def sizeHint(self) -> QSize:
        lines = self.fontMetrics().lineSpacing() * self.LINES
        return QSize(super().sizeHint().width(), lines + 16)

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
