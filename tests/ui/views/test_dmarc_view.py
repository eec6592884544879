"""The DMARC view reads the bundled report off the GUI thread and filters it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from inspector.options import AnalysisOptions
from tests.support.make_samples import SAMPLES
from ui.tasks import TaskRunner
from ui.views.dmarc_view import DmarcView


def test_the_view_shows_sources_and_filters_them(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    view = DmarcView(tasks, AnalysisOptions(replay_dns=str(SAMPLES / "dns.json")))
    qtbot.addWidget(view)
    view.load([str(SAMPLES)])
    qtbot.waitUntil(lambda: view.summary is not None, timeout=30_000)
    text = view.page.toPlainText()
    assert "DMARC aggregate reports: shop.example" in text
    assert "203.0.113.66" in text and "BROADBAND-EXAMPLE-RESIDENTIAL" in text
    assert view.reporter.count() == 2  # all + Inbox Example
    view.classification.setCurrentText("unknown")
    text = view.page.toPlainText()
    assert "203.0.113.66" in text and "198.51.100.88" not in text
    assert "1 sources shown" in view.status.text()


def test_the_page_follows_the_dark_theme(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.theme import Theme, apply_theme

    tasks = TaskRunner()
    view = DmarcView(tasks, AnalysisOptions(replay_dns=str(SAMPLES / "dns.json")))
    qtbot.addWidget(view)
    view.load([str(SAMPLES)])
    qtbot.waitUntil(lambda: view.summary is not None, timeout=30_000)
    try:
        apply_theme(Theme.DARK)
        QApplication.processEvents()
        assert "#e6edf3" in view.page.toHtml()  # light text on the dark background
        assert view.page.loadResource(2, "https://tracker.example/x").isNull()
    finally:
        apply_theme(Theme.LIGHT)
