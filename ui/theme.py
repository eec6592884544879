"""Light and dark themes: the widgets' palette and the colours of the HTML panes.

The report renderer's style sheet carries print colours (dark text on white). On screen the
HTML panes get a second, colour-only style sheet built from the current palette and placed
after it, so the cascade decides and nothing in the report's CSS is rewritten. Panes that
show HTML re-render when the palette changes (``ui.views.safe_browser.PageBrowser``), so a
theme switch reaches every pane at once.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from inspector.report.html_base import STYLE


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @classmethod
    def parse(cls, value: object) -> Theme:
        try:
            return cls(str(value))
        except ValueError:
            return cls.SYSTEM


_DARK = {
    QPalette.ColorRole.Window: "#1f2329",
    QPalette.ColorRole.WindowText: "#e6edf3",
    QPalette.ColorRole.Base: "#16191d",
    QPalette.ColorRole.AlternateBase: "#22272e",
    QPalette.ColorRole.ToolTipBase: "#1f2329",
    QPalette.ColorRole.ToolTipText: "#e6edf3",
    QPalette.ColorRole.PlaceholderText: "#8b949e",
    QPalette.ColorRole.Text: "#e6edf3",
    QPalette.ColorRole.Button: "#2d333b",
    QPalette.ColorRole.ButtonText: "#e6edf3",
    QPalette.ColorRole.BrightText: "#ff7b72",
    QPalette.ColorRole.Link: "#58a6ff",
    QPalette.ColorRole.Highlight: "#1f6feb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#444c56",
}


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (Qt's own dark scheme is not offered on every
    platform, e.g. X11 without a desktop theme)."""
    p = QPalette()
    for role, colour in _DARK.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6e7681"))
    return p


def wants_dark(theme: Theme) -> bool:
    return theme is Theme.DARK or (
        theme is Theme.SYSTEM and QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    )


def apply_theme(theme: Theme) -> None:
    """Set the application's palette; every widget and HTML pane follows it."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.setPalette(dark_palette() if wants_dark(theme) else app.style().standardPalette())


def is_dark() -> bool:
    """Whether the current palette is a dark one (text lighter than the background)."""
    palette = QGuiApplication.palette()
    base = palette.color(QPalette.ColorRole.Base).lightness()
    return palette.color(QPalette.ColorRole.Text).lightness() > base


def screen_colours() -> str:
    """Colour rules for the HTML panes, from the current palette."""
    p = QGuiApplication.palette()
    text = p.color(QPalette.ColorRole.Text).name()
    muted = p.color(QPalette.ColorRole.PlaceholderText).name()
    header = p.color(QPalette.ColorRole.AlternateBase).name()
    line = p.color(QPalette.ColorRole.Mid).name()
    link = p.color(QPalette.ColorRole.Link).name()
    return (
        f"body {{ color: {text}; }}\n"
        f"h2 {{ border-bottom: 1px solid {line}; }}\n"
        f"table.grid th {{ background-color: {header}; }}\n"
        f"table.grid td, table.grid th {{ border: 1px solid {line}; }}\n"
        f".muted {{ color: {muted}; }}\n"
        f"a {{ color: {link}; }}\n"
    )


def page(body: str) -> str:
    """A whole HTML document around ``body``: the report's style, then the screen colours."""
    return (
        f"<html><head><style>{STYLE}\n{screen_colours()}</style></head><body>{body}</body></html>"
    )
