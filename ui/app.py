"""Application start-up: options from the command line, fonts, theme, the main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
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


def apply_theme(theme: str) -> None:
    """Follow the system's light/dark scheme unless the user chose one."""
    hints = QGuiApplication.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        theme, Qt.ColorScheme.Unknown
    )
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)


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

    from ui.main_window import MainWindow

    window = MainWindow(settings, persist=persist)
    window.show()
    if args.paths:
        window.open_paths([os.path.abspath(p) for p in args.paths])
    if args.quit_after_show:
        QTimer.singleShot(0, app.quit)
    return int(app.exec())
