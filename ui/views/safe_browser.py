"""A QTextBrowser that can never fetch anything.

A message's HTML may reference remote images, CSS, fonts or local files (tracking pixels
tell the sender the message was opened; ``file:`` URLs read the user's disk). Qt's default
``loadResource`` follows ``file:`` and ``qrc:`` URLs, so it is overridden to refuse every
resource, and links are never followed: clicking one only emits ``anchorClicked``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ui.icons import Glyph, Tone, icon
from ui.theme import page


class SafeTextBrowser(QTextBrowser):
    #: Every resource the document asked for (kept for tests and the "blocked" note).
    resource_blocked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.blocked: list[str] = []

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        url = name.toString() if isinstance(name, QUrl) else str(name)
        self.blocked.append(url)
        self.resource_blocked.emit(url)
        # Not None: a null answer makes QTextDocument read file: URLs and paths from disk
        # itself. An empty, valid value ends the lookup with nothing loaded.
        if type == QTextDocument.ResourceType.ImageResource.value:
            return QImage()
        return QByteArray()

    def setSource(self, name: QUrl | str, type: Any = None) -> None:
        """Navigation is refused: the document shown is only ever set with setHtml."""
        return


class PageBrowser(SafeTextBrowser):
    """A pane showing one of the application's own HTML pages (never a message's HTML).

    It keeps the page's body and lays it out again when the palette changes, so switching the
    theme recolours the text at once instead of leaving dark text on a dark background.
    """

    #: Pixels kept free at the right: a 100%-wide bordered table lays out a pixel or two
    #: wider than the text width, which would otherwise add a horizontal scroll bar for nothing.
    SLACK = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._body = ""
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.setLineWrapColumnOrWidth(max(50, self.viewport().width() - self.SLACK))

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport, not the widget: it narrows when the vertical scroll bar appears.
        if event.type() == QEvent.Type.Resize:
            width = max(50, self.viewport().width() - self.SLACK)
            if width != self.lineWrapColumnOrWidth():
                self.setLineWrapColumnOrWidth(width)
        return super().viewportEvent(event)

    def set_body(self, body: str) -> None:
        self._body = body
        self.setHtml(page(body))

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """The application's own icons (``icon:GLYPH?COLOUR``) load; anything else is
        refused as in every SafeTextBrowser."""
        url = name.toString() if isinstance(name, QUrl) else str(name)
        if url.startswith("icon:") and type == QTextDocument.ResourceType.ImageResource.value:
            glyph, _, colour = url.removeprefix("icon:").partition("?")
            try:
                tone = f"#{colour}" if colour else Tone.PLAIN.value
                return icon(Glyph(glyph), tone).pixmap(16, 16).toImage()
            except ValueError:
                return QImage()
        return super().loadResource(type, name)

    def body(self) -> str:
        return self._body

    def clear(self) -> None:
        self._body = ""
        super().clear()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._body:
            self.setHtml(page(self._body))
