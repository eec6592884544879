"""GUI tests: offscreen Qt, settings isolated from the user's, offline analysis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.messages import write_folder


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings goes to a temporary folder, never the user's configuration."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "settings"))


def _window(qtbot: object, runner: object) -> Iterator[object]:
    from ui.controller import Controller
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    register_fonts()
    controller = Controller(AppSettings(offline=True), runner=runner)  # type: ignore[arg-type]
    w = MainWindow(controller)
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    yield w
    w.close()


@pytest.fixture
def window(qtbot: object) -> Iterator[object]:
    """The main window with a synchronous task runner: every action has finished when the
    call returns, so tests assert on outcomes without waiting on threads."""
    from ui.tasks import SyncTaskRunner

    yield from _window(qtbot, SyncTaskRunner())


@pytest.fixture
def threaded_window(qtbot: object) -> Iterator[object]:
    """The main window as the application runs it: work on worker threads."""
    yield from _window(qtbot, None)


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "msgs", 12)
