"""``make screenshots``: the main window on the bundled samples, saved as PNG for docs/.

Run under Xvfb (the Makefile does) so the pictures are what a user's X display shows; it also
works offscreen. Uses the samples' recorded DNS answers, so it needs no network.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

SHOTS = (
    ("overview", 0),
    ("findings", 1),
    ("authentication", 2),
    ("route", 3),
)
#: The main window at the default size and at a small laptop's, in both themes.
WINDOWS = ((1400, 860), (1024, 700))


def _wait(signal: object, timeout_ms: int) -> None:
    loop = QEventLoop()
    signal.connect(lambda *_: loop.quit())  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def _settle(app: QApplication) -> None:
    for _ in range(10):
        app.processEvents()


def take_screenshots(out_dir: Path, *, select: int = 0) -> list[Path]:
    from ui.controller import Controller
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow
    from ui.resources import samples_dir, samples_snapshot
    from ui.settings import AppSettings
    from ui.theme import Theme, apply_theme

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

    def shot(name: str) -> None:
        _settle(app)
        path = out_dir / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    shot("start")
    controller.open_paths([str(samples_dir())])
    _wait(controller.load_finished, 60_000)
    window.right.setCurrentWidget(window.dashboard)
    shot("dashboard")
    window.list_panel.table.selectRow(select)
    _wait(controller.message_ready, 30_000)
    window.right.setCurrentWidget(window.message_view)
    for name, tab in SHOTS:
        window.message_view.setCurrentIndex(tab)
        shot(name)
    for width, height in WINDOWS:
        window.resize(width, height)
        for theme in (Theme.LIGHT, Theme.DARK):
            apply_theme(theme)
            for name, tab in (("overview", 0), ("route", 3)):
                window.message_view.setCurrentIndex(tab)
                shot(f"main-{width}x{height}-{theme.value}-{name}")
    apply_theme(Theme.LIGHT)
    window.close()
    return saved


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    select = int(argv[1]) if len(argv) > 1 else 0
    for path in take_screenshots(out, select=select):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
