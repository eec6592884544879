"""Application start-up: the Qt application, fonts, theme, controller and main window.

The command line is parsed by ``inspector.cli.main.build_gui_parser`` (one front end for the
CLI and the GUI); its network options apply to this run only and are never saved.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from inspector import APP_NAME, __version__
from ui.controller import Controller
from ui.fonts import register_fonts
from ui.main_window import MainWindow
from ui.resources import resources_dir
from ui.settings import RunOverrides, load_settings
from ui.theme import Theme, apply_theme


def follow_system_scheme(controller: Controller) -> None:
    """Switch live when the desktop changes between light and dark (theme "system")."""

    def changed(_scheme: Qt.ColorScheme) -> None:
        if Theme.parse(controller.saved.theme) is Theme.SYSTEM:
            apply_theme(Theme.SYSTEM)

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def settle_heap() -> None:
    """Exempt everything alive after start-up from later full garbage collections.

    Qt's wrappers, the data tables and the modules make some 58,000 tracked objects that live
    as long as the window. A full collection walks all of them, and it runs on whichever
    thread happens to allocate (often the thread that receives a mailbox's rows) while
    holding the interpreter lock, so the GUI thread waits: 60-150 ms per collection during
    a 10,000-message load on a busy 2-core machine. Collected first, so no garbage is kept."""
    gc.collect()
    gc.freeze()


def run_app(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("DeliverabilityInspector")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
    app.setStyle("Fusion")
    register_fonts()
    settings = load_settings()
    overrides = RunOverrides(
        offline=bool(args.offline),
        replay_dns=str(args.replay_dns or ""),
        dns_servers=tuple(args.dns_server),
    )
    apply_theme(Theme.parse(settings.theme))
    controller = Controller(settings, overrides)
    follow_system_scheme(controller)
    window = MainWindow(controller)
    window.show()
    settle_heap()
    if args.paths:
        controller.open_paths([os.path.abspath(p) for p in args.paths])
    if args.quit_after_show:
        QTimer.singleShot(0, app.quit)
    return int(app.exec())
