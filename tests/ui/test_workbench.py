"""The window as a new user meets it (#17): start screen, add to list, duplicates, columns
and tabs that fit at 1024 pixels, badges, live themes, settings that persist."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.support.messages import make_message
from ui.controller import Controller
from ui.resources import samples_dir, samples_snapshot
from ui.settings import AppSettings, RunOverrides, load_settings
from ui.tasks import SyncTaskRunner
from ui.theme import Theme, apply_theme


def _rows_shown(window) -> int:  # type: ignore[no-untyped-def]
    return int(window.list_panel.model.rowCount())


def test_start_screen_first_then_the_list(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.pages.currentWidget() is window.start
    assert {b.text().split("\u2026")[0] for b in window.start.buttons.values()} == {
        "Open files",
        "Open a folder or mailbox",
        "Paste headers",
    }
    eml = tmp_path / "a.eml"
    eml.write_bytes(make_message(1))
    window.controller.open_paths([str(eml)])
    assert window.pages.currentIndex() == 1
    assert window.start.recent.item(0).text() == str(eml)


def test_add_to_list_keeps_what_is_listed(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.eml", tmp_path / "b.eml"
    a.write_bytes(make_message(1, subject="first"))
    b.write_bytes(make_message(2, subject="second"))
    window.controller.open_paths([str(a)])
    window.controller.open_paths([str(b)], add=True)
    assert {r.subject for r in window.list_panel.model.rows()} == {"first", "second"}
    window.controller.open_paths([str(b)])
    assert [r.subject for r in window.list_panel.model.rows()] == ["second"]


def test_bundled_samples_list_each_message_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.controller.open_paths([str(samples_dir())])
    model = window.list_panel.model
    copies = [r for r in model.rows() if r.duplicate_of is not None]
    assert copies, "the samples folder holds an mbox with copies of some .eml files"
    ids = [r.message_id for r in model.rows() if r.duplicate_of is None and r.message_id]
    assert len(ids) == len(set(ids))
    assert _rows_shown(window) == model.total() - len(copies)
    stats = window.controller.session.stats
    assert stats.messages + stats.unreadable == _rows_shown(window)
    assert "shown once" in window.status_label.text()


def test_every_column_and_tab_fits_at_1024(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 700)
    window.controller.open_paths([str(samples_dir())])
    window.list_panel.table.selectRow(0)
    qtbot.waitUntil(lambda: window.message_view.bundle is not None, timeout=20_000)
    QApplication.processEvents()
    table = window.list_panel.table
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width() + 1
    assert all(header.sectionSize(c) >= 40 for c in range(header.count()))
    view = window.message_view
    view.setCurrentWidget(view.route)
    QApplication.processEvents()
    route = view.route.view
    assert route.horizontalHeader().length() <= route.viewport().width() + 1
    bar = view.tabBar()
    assert sum(bar.tabRect(i).width() for i in range(bar.count())) <= bar.width()


def test_overview_has_a_risk_badge_and_auth_icons(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    eml = tmp_path / "a.eml"
    eml.write_bytes(make_message(1))
    window.controller.open_paths([str(eml)])
    body = window.message_view.overview.body()
    risk = window.message_view.bundle.report.summary.risk.value.upper()
    assert f">{risk}</span><br/>risk" in body
    assert 'src="icon:circle-dashed' in body  # offline: not checked, with its icon
    assert "not checked" in window.message_view.overview.toPlainText()
    image = window.message_view.overview.loadResource(2, "icon:circle-check-filled?2da44e")
    assert not image.isNull()
    assert window.message_view.overview.loadResource(2, "https://tracker.example/x").isNull()


def test_theme_switch_recolours_open_html_panes(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    eml = tmp_path / "a.eml"
    eml.write_bytes(make_message(1))
    window.controller.open_paths([str(eml)])
    pane = window.message_view.overview
    try:
        apply_theme(Theme.DARK)
        QApplication.processEvents()
        assert "#e6edf3" in pane.toHtml()
        apply_theme(Theme.LIGHT)
        QApplication.processEvents()
        assert "#e6edf3" not in pane.toHtml()
    finally:
        apply_theme(Theme.LIGHT)


def test_settings_persist_even_with_command_line_overrides(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    overrides = RunOverrides(offline=True, replay_dns=str(samples_snapshot()))
    controller = Controller(AppSettings(), overrides, runner=SyncTaskRunner())
    statuses: list[str] = []
    controller.status_changed.connect(statuses.append)
    try:
        # a replay answers RDAP from the recording, so RDAP stays as saved
        assert controller.settings.offline and controller.settings.rdap
        controller.apply_settings(AppSettings(dns_timeout=7.5, theme="light"))
        eml = tmp_path / "a.eml"
        eml.write_bytes(make_message(1))
        controller.open_paths([str(eml)])
    finally:
        controller.shutdown()
    saved = load_settings()
    assert saved.dns_timeout == 7.5
    assert not saved.offline and saved.replay_dns == ""  # the overrides are not saved
    assert saved.recent == (str(eml),)
    said = next(s for s in statuses if s.startswith("Settings"))
    assert said.startswith("Settings saved") and "--offline" in said


def test_settings_that_cannot_be_kept_say_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = Controller(AppSettings(), runner=SyncTaskRunner(), persist=False)
    statuses: list[str] = []
    controller.status_changed.connect(statuses.append)
    try:
        controller.apply_settings(AppSettings(dns_timeout=3.0))
    finally:
        controller.shutdown()
    assert statuses[-1].startswith("Settings not saved")
