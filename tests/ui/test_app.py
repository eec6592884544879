"""Application-level behaviour: themes and command-line options of the GUI."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ui.app import apply_theme, parse_gui_args
from ui.views.page import screen_style


def test_dark_and_light_themes_change_palette_and_report_colours(qapp: QApplication) -> None:
    apply_theme("dark")
    window = qapp.palette().color(QPalette.ColorRole.Window)
    assert window.lightness() < 80
    assert "color: #e6edf3" in screen_style()  # HTML tabs follow the palette
    apply_theme("light")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    assert "color: #e6edf3" not in screen_style()


def test_gui_options_apply_to_this_run() -> None:
    args = parse_gui_args(["--replay-dns", "x.json", "--offline", "a.eml", "dir"])
    assert args.replay_dns == "x.json" and args.offline and args.paths == ["a.eml", "dir"]
