"""Registers the bundled DejaVu fonts: PySide6 ships no fonts, and without any a widget shows
boxes and a Qt-made PDF has no text at all."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from ui.resources import resources_dir

FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    _registered = True


def report_font(point_size: float = 9.0) -> QFont:
    register_fonts()
    font = QFont(FAMILY)
    font.setPointSizeF(point_size)
    return font
