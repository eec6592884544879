"""Themes: the palette and the HTML panes' colours follow the chosen theme."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ui.theme import Theme, apply_theme, page


def test_dark_and_light_themes_change_palette_and_report_colours(qapp: QApplication) -> None:
    apply_theme(Theme.DARK)
    window = qapp.palette().color(QPalette.ColorRole.Window)
    assert window.lightness() < 80
    assert "color: #e6edf3" in page("x")  # HTML panes follow the palette
    apply_theme(Theme.LIGHT)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    assert "color: #e6edf3" not in page("x")
