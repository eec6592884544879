"""What the window shows before anything is open: the ways in, and the recent files."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from ui.icons import Glyph, icon


class StartScreen(QWidget):
    """Open, open folder, paste and recent files; dropping files anywhere on the window
    opens them too."""

    open_files = Signal()
    open_folder = Signal()
    paste = Signal()
    open_recent = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        title = QLabel("<h1>Deliverability Inspector</h1>")
        intro = QLabel(
            "Why did a message land in spam, and who really sent it? Open raw messages "
            "(.eml, mbox, Maildir, MH or folders of them), or paste the headers a mail client "
            "shows under \u201cShow original\u201d. You can also drop files on this window."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.buttons: dict[Glyph, QPushButton] = {}
        for glyph, text, signal in (
            (Glyph.OPEN, "Open files\u2026  (Ctrl+O)", self.open_files),
            (Glyph.OPEN_FOLDER, "Open a folder or mailbox\u2026  (Ctrl+Shift+O)", self.open_folder),
            (Glyph.PASTE, "Paste headers\u2026  (Ctrl+Shift+V)", self.paste),
        ):
            button = QPushButton(icon(glyph), text)
            button.setIconSize(QSize(24, 24))
            button.setMinimumHeight(40)
            button.setMaximumWidth(420)
            button.clicked.connect(signal.emit)
            layout.addWidget(button)
            self.buttons[glyph] = button
        self.recent_label = QLabel("<b>Recent</b>")
        self.recent = QListWidget()
        self.recent.setMaximumWidth(720)
        self.recent.itemActivated.connect(lambda item: self.open_recent.emit(item.text()))
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def set_recent(self, recent: tuple[str, ...]) -> None:
        self.recent.clear()
        self.recent.addItems(list(recent))
        self.recent_label.setVisible(bool(recent))
        self.recent.setVisible(bool(recent))
