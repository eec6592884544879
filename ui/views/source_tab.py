"""The Source tab: the raw message, searchable, capped so a huge message cannot freeze the view."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.fonts import MONO_FAMILY


class SourceTab(QWidget):
    """The raw message, searchable."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFont(MONO_FAMILY))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in source (Enter for next)")
        self.find_box.returnPressed.connect(self.find_next)
        self.status = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.find_box)
        nxt = QPushButton("Next")
        nxt.clicked.connect(self.find_next)
        bar.addWidget(nxt)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.text)

    MAX_SHOWN = 8_000_000

    def set_raw(self, raw: bytes) -> None:
        shown = raw[: self.MAX_SHOWN].decode("utf-8", "replace")
        if len(raw) > self.MAX_SHOWN:
            shown += f"\n\n[... {len(raw) - self.MAX_SHOWN:,} more bytes not shown]"
        self.text.setPlainText(shown)

    def find_next(self) -> bool:
        needle = self.find_box.text()
        if not needle:
            return False
        found = self.text.find(needle)
        if not found:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.text.find(needle)
        self.status.setText("" if found else "not found")
        return found
