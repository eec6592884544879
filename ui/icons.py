"""The bundled Tabler icons (resources/icons/tabler, MIT), coloured for their meaning.

The SVGs draw with ``currentColor``; each icon is rendered with the colour it is asked for,
so the same file serves a green "pass" and a red "fail", in the light and the dark theme.
Nothing is fetched: the files ship with the application.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from inspector.model.codes import AuthStatus, Risk
from ui.resources import resources_dir

SIZES = (16, 24, 32, 48)


class Glyph(StrEnum):
    PASS = "circle-check-filled"
    FAIL = "circle-x-filled"
    WARNING = "alert-triangle-filled"
    ERROR = "alert-circle-filled"
    NOT_CHECKED = "circle-dashed"
    NONE = "circle-minus"
    OPEN = "file-plus"
    OPEN_FOLDER = "folder-open"
    ADD = "files"
    PASTE = "clipboard-text"
    EXPORT = "file-export"
    SETTINGS = "settings"
    DOMAIN = "world-search"
    COPY = "copy"
    MAIL = "mail"
    ROUTE = "route-2"
    FINDINGS = "list-details"
    AUTH = "shield-check"
    INBOX = "inbox"


class Tone(StrEnum):
    """Colours readable on both the light and the dark background."""

    GOOD = "#2da44e"
    BAD = "#d1242f"
    WARN = "#d4a72c"
    MUTED = "#8c959f"
    PLAIN = "#6e7781"


#: Each authentication result: its glyph, colour and the short word a person reads.
AUTH_LOOK: dict[AuthStatus, tuple[Glyph, Tone, str]] = {
    AuthStatus.PASS: (Glyph.PASS, Tone.GOOD, "pass"),
    AuthStatus.FAIL: (Glyph.FAIL, Tone.BAD, "fail"),
    AuthStatus.SOFTFAIL: (Glyph.WARNING, Tone.WARN, "soft fail"),
    AuthStatus.NEUTRAL: (Glyph.NONE, Tone.MUTED, "neutral"),
    AuthStatus.NONE: (Glyph.NONE, Tone.MUTED, "none"),
    AuthStatus.TEMPERROR: (Glyph.ERROR, Tone.WARN, "DNS error"),
    AuthStatus.PERMERROR: (Glyph.FAIL, Tone.BAD, "bad record"),
    AuthStatus.POLICY: (Glyph.WARNING, Tone.WARN, "policy"),
}
NOT_CHECKED_LOOK = (Glyph.NOT_CHECKED, Tone.MUTED, "not checked")


#: Each risk level: its glyph and colour.
RISK_LOOK: dict[Risk, tuple[Glyph, Tone]] = {
    Risk.LOW: (Glyph.PASS, Tone.GOOD),
    Risk.MEDIUM: (Glyph.WARNING, Tone.WARN),
    Risk.HIGH: (Glyph.ERROR, Tone.BAD),
    Risk.CRITICAL: (Glyph.FAIL, Tone.BAD),
}


def auth_look(value: str) -> tuple[Glyph, Tone, str]:
    """Glyph, colour and word for an authentication result given by its value; anything
    that is not a result (skipped, offline, empty) reads "not checked"."""
    try:
        status = AuthStatus(value)
    except ValueError:
        return NOT_CHECKED_LOOK
    return AUTH_LOOK.get(status, NOT_CHECKED_LOOK)


@cache
def _svg(glyph: Glyph) -> bytes:
    return (resources_dir() / "icons" / "tabler" / f"{glyph.value}.svg").read_bytes()


@cache
def icon(glyph: Glyph, colour: str = Tone.PLAIN.value) -> QIcon:
    """``glyph`` drawn in ``colour`` at the usual sizes (empty before a GUI application
    exists: pixmaps need one, and a model may be asked for data without it)."""
    if QGuiApplication.instance() is None:
        return QIcon()
    data = _svg(glyph).replace(b"currentColor", colour.encode("ascii"))
    renderer = QSvgRenderer(QByteArray(data))
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


def icon_html(glyph: Glyph, tone: Tone) -> str:
    """An <img> of ``glyph`` for the application's own HTML panes (PageBrowser loads it)."""
    return (
        f'<img src="icon:{glyph.value}?{tone.value.removeprefix("#")}" width="16" height="16" '
        'style="vertical-align: middle">'
    )
