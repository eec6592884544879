"""Application start-up: options from the command line, fonts, theme, the main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from inspector import APP_NAME, __version__
from ui.fonts import register_fonts
from ui.resources import resources_dir
from ui.settings import load_settings


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="main.py", description=f"{APP_NAME} (desktop)")
    p.add_argument("paths", nargs="*", help="files, folders or mailboxes to open")
    p.add_argument("--offline", action="store_true", help="never touch the network")
    p.add_argument("--replay-dns", metavar="FILE", help="answer DNS only from FILE")
    p.add_argument("--dns-server", action="append", default=[], metavar="HOST[:PORT]")
    p.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(list(argv))


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (Qt's own dark scheme is not offered on every
    platform, e.g. X11 without a desktop theme)."""
    p = QPalette()
    window, base, text = QColor("#1f2329"), QColor("#16191d"), QColor("#e6edf3")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#22272e")),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor("#8b949e")),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#2d333b")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff7b72")),
        (QPalette.ColorRole.Link, QColor("#58a6ff")),
        (QPalette.ColorRole.Highlight, QColor("#1f6feb")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Mid, QColor("#444c56")),
    ):
        p.setColor(role, colour)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6e7681"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6e7681"))
    return p


def apply_theme(theme: str) -> None:
    """ "light", "dark", or "system": follow the desktop's light/dark scheme."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    dark = theme == "dark" or (
        theme == "system" and QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    )
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


def _follow_system_scheme(app: QApplication) -> None:
    """Switch live when the desktop changes between light and dark (theme "system")."""

    def changed(_scheme: Qt.ColorScheme) -> None:
        from ui.settings import load_settings

        if load_settings().theme == "system":
            apply_theme("system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)
    app.setProperty("follows-scheme", True)


def run_app(argv: Sequence[str]) -> int:
    args = parse_gui_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("DeliverabilityInspector")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
    app.setStyle("Fusion")
    register_fonts()
    settings = load_settings()
    persist = True
    if args.offline or args.replay_dns or args.dns_server:
        # Options given on the command line apply to this run only.
        settings = replace(
            settings,
            offline=args.offline or settings.offline,
            replay_dns=args.replay_dns or "",
            dns_servers=tuple(args.dns_server) or settings.dns_servers,
            rdap=settings.rdap and not args.replay_dns,
        )
        persist = False
    apply_theme(settings.theme)
    _follow_system_scheme(app)

    from ui.main_window import MainWindow

    window = MainWindow(settings, persist=persist)
    window.show()
    if args.paths:
        window.open_paths([os.path.abspath(p) for p in args.paths])
    if args.quit_after_show:
        QTimer.singleShot(0, app.quit)
    return int(app.exec())
