"""``make screenshots``: every screen on the bundled samples, saved as PNG for docs/.

Run under Xvfb (the Makefile does) so the pictures are what a user's X display shows; it also
works offscreen. Uses the samples' recorded DNS answers, so it needs no network. Each screen
is taken at the default window size and at a small laptop's, in the light and the dark theme,
so a look at the folder shows what a user sees (truncated text, unreadable colours, scroll
bars) without starting the app.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.controller import Controller
from ui.dialogs.domain_check import DomainCheckDialog
from ui.fonts import register_fonts
from ui.main_window import MainWindow
from ui.resources import samples_dir, samples_snapshot
from ui.settings import AppSettings
from ui.theme import Theme, apply_theme
from ui.views.detail import from_domain
from ui.views.dmarc_view import DmarcView

#: The message view's tabs worth a picture, by index.
TABS = (
    ("overview", 0),
    ("findings", 1),
    ("authentication", 2),
    ("route", 3),
    ("sender", 4),
    ("content", 5),
)
#: The main window at the default size and at a small laptop's, in both themes.
WINDOWS = ((1400, 860), (1024, 700))
#: PNG at zlib's strongest compression (Qt's "quality" 0): the pictures live in the repository.
PNG_QUALITY = 0


def _wait(signal: object, timeout_ms: int) -> None:
    loop = QEventLoop()
    signal.connect(lambda *_: loop.quit())  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def _settle(app: QApplication) -> None:
    for _ in range(10):
        app.processEvents()


def take_screenshots(out_dir: Path, *, select: int = 0) -> list[Path]:
    app = QApplication.instance() or QApplication(["screenshots"])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    register_fonts()
    apply_theme(Theme.LIGHT)
    snapshot = samples_snapshot()
    settings = AppSettings(
        replay_dns=str(snapshot) if snapshot.is_file() else "",
        offline=not snapshot.is_file(),
        rdap=False,
    )
    controller = Controller(settings, persist=False)
    window = MainWindow(controller)
    window.resize(*WINDOWS[0])
    window.show()
    _settle(app)
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(name: str, widget: QWidget = window) -> None:
        _settle(app)
        path = out_dir / f"{name}.png"
        widget.grab().save(str(path), "PNG", PNG_QUALITY)
        saved.append(path)

    def show_message(row: int) -> None:
        table = window.list_panel.table
        if table.currentIndex().row() != row:  # selecting the current row again says nothing
            table.selectRow(row)
            _wait(controller.message_ready, 30_000)
        window.right.setCurrentWidget(window.message_view)

    shot("start")
    controller.open_paths([str(samples_dir())])
    _wait(controller.load_finished, 60_000)
    view = window.message_view
    content_row = _first_row_with_html(window, show_message)
    show_message(select)
    bundle = view.bundle

    dmarc = DmarcView(controller.runner, controller.settings.to_options())
    dmarc.show()
    dmarc.load([str(samples_dir())])
    _until(app, lambda: dmarc.summary is not None, 30.0)

    for width, height in WINDOWS:
        window.resize(width, height)
        dmarc.resize(width, height)
        for theme in (Theme.LIGHT, Theme.DARK):
            apply_theme(theme)
            prefix = f"main-{width}x{height}-{theme.value}"
            window.right.setCurrentWidget(window.dashboard)
            shot(f"{prefix}-dashboard")
            for name, tab in TABS:
                show_message(content_row if name == "content" else select)
                if name == "content":
                    view.content.parts.setCurrentIndex(1)  # the safe HTML view
                view.setCurrentIndex(tab)
                shot(f"{prefix}-{name}")
            shot(f"dmarc-{width}x{height}-{theme.value}", dmarc)
    apply_theme(Theme.LIGHT)
    domain = (from_domain(bundle.report) if bundle else None) or "example.com"
    dialog = DomainCheckDialog(window, controller)
    dialog.show()
    dialog.domain.setText(domain)
    dialog.check()
    _wait(controller.domain_checked, 30_000)
    for theme in (Theme.LIGHT, Theme.DARK):
        apply_theme(theme)
        shot(f"domain-check-{theme.value}", dialog)
    apply_theme(Theme.LIGHT)
    dialog.close()
    dmarc.close()
    window.close()
    return saved


def _until(app: QApplication, done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _first_row_with_html(window: object, show: Callable[[int], None]) -> int:
    """The first listed message with an HTML part, for the safe view's picture."""
    rows = window.list_panel.model.rowCount()  # type: ignore[attr-defined]
    for row in range(rows):
        show(row)
        bundle = window.message_view.bundle  # type: ignore[attr-defined]
        if bundle is not None and bundle.parsed is not None and bundle.parsed.html_body.strip():
            return row
    return 0


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    select = int(argv[1]) if len(argv) > 1 else 0
    for path in take_screenshots(out, select=select):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
