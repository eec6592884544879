"""The main window as a user drives it: open, select, filter, sort, paste, cancel."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from tests.support.messages import make_message, write_mbox
from tests.support.reports import HOSTILE_SUBJECT
from ui.models.message_cells import Column
from ui.models.message_table import ROW_ROLE

LOAD_TIMEOUT_MS = 60_000


def _open(qtbot, window, paths):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.controller.load_finished, timeout=LOAD_TIMEOUT_MS) as blocker:
        window.controller.open_paths([str(p) for p in paths])
    return blocker.args[0]


def test_opening_a_file_fills_the_list(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    eml = tmp_path / "one.eml"
    eml.write_bytes(make_message(1, subject="Only one"))
    assert _open(qtbot, window, [eml]) == 1
    assert window.list_panel.model.row_at(0).subject == "Only one"
    assert "Loaded 1 messages" in window.status_label.text()


def test_opening_a_folder_fills_the_list_and_dashboard(qtbot, window, small_folder: Path) -> None:  # type: ignore[no-untyped-def]
    assert _open(qtbot, window, [small_folder]) == 12
    assert window.controller.session.stats.messages == 12
    assert window.right.currentWidget() is window.message_view  # the first message is shown
    assert window.dashboard.stale  # drawn when shown, not behind the message's tabs
    window.right.setCurrentWidget(window.dashboard)
    assert "12 messages analysed" in window.dashboard.toPlainText()
    assert not window.dashboard.stale


def test_selecting_a_message_fills_every_tab(qtbot, window, small_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, [small_folder])
    with qtbot.waitSignal(window.controller.message_ready, timeout=20_000) as shown:
        window.list_panel.table.selectRow(3)
    report = shown.args[0].report
    view = window.message_view
    for index in range(view.count()):
        view.setCurrentIndex(index)  # each tab is filled when first shown
    assert report.message.subject in view.overview.toPlainText()
    assert report.summary.risk.value.upper() in view.overview.toPlainText()  # the badge
    assert view.overview.toPlainText().count(report.summary.verdict) == 1  # said once
    assert view.findings.model.rowCount() == len(report.findings)
    assert view.headers.model.rowCount() == len(report.headers)
    assert view.route.model.rowCount() == 2
    assert "203.0.113." in view.route.model.data(view.route.model.index(0, 3))
    assert "SPF" in view.auth.toPlainText()
    assert "Sending platform" in view.sender_tab.toPlainText()
    assert "this is a test message" in view.content.text.toPlainText()
    assert "Message-ID: <msg" in view.source.text.toPlainText()


def test_stale_detail_results_are_dropped(qtbot, window, small_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, [small_folder])
    window.list_panel.table.selectRow(1)
    with qtbot.waitSignal(window.controller.message_ready, timeout=20_000) as shown:
        window.list_panel.table.selectRow(5)
    expected = window.list_panel.model.row_at(5)
    qtbot.wait(200)
    assert window.message_view.bundle.report.source == expected.ref
    assert shown.args[0].report.source == expected.ref


def test_search_filter_and_sort(qtbot, window, small_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, [small_folder])
    window.list_panel.search.setText("number 7")
    assert window.list_panel.model.rowCount() == 1
    window.list_panel.search.clear()
    assert window.list_panel.model.rowCount() == 12
    i = window.list_panel.risk_filter.findData("critical")
    window.list_panel.risk_filter.setCurrentIndex(i)
    expected = sum(
        1 for r in window.list_panel.model.rows() if r.risk and r.risk.value == "critical"
    )
    assert window.list_panel.model.rowCount() == expected
    window.list_panel.risk_filter.setCurrentIndex(0)
    window.list_panel.table.sortByColumn(Column.SUBJECT, Qt.SortOrder.DescendingOrder)
    first = window.list_panel.model.data(window.list_panel.model.index(0, Column.SUBJECT))
    assert first == max(r.subject for r in window.list_panel.model.rows())


def test_the_open_message_stays_selected_through_sorts(qtbot, window, small_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, [small_folder])
    panel = window.list_panel
    with qtbot.waitSignal(window.controller.message_ready, timeout=20_000):
        panel.table.selectRow(4)
    chosen = panel.model.row_at(4)
    asked: list[object] = []
    window.controller.message_ready.connect(asked.append)
    panel.table.sortByColumn(Column.SUBJECT, Qt.SortOrder.DescendingOrder)
    assert panel.table.currentIndex().data(ROW_ROLE) == chosen
    panel.search.setText(chosen.subject)
    assert panel.model.rowCount() == 1 and panel.table.currentIndex().row() == 0
    panel.search.clear()
    assert panel.table.currentIndex().data(ROW_ROLE) == chosen
    panel.step(1)  # the next message below it in the shown order
    assert panel.table.currentIndex().row() == panel.model.shown_row_of(chosen.key) + 1
    assert window.message_view.bundle.report.source != chosen.ref
    assert len(asked) == 1  # only the step asked for another message: sorts and filters did not


def test_paste_analyses_headers_as_a_new_message(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    text = make_message(3, subject="Pasted one").decode().split("\n\n")[0]
    with qtbot.waitSignal(window.controller.message_ready, timeout=20_000) as shown:
        window.controller.analyze_paste(text)
    assert shown.args[0].report.message.subject == "Pasted one"
    assert window.list_panel.model.rowCount() == 1
    assert window.list_panel.model.row_at(0).ref.kind == "paste"


def test_cancel_stops_a_long_load(qtbot, threaded_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = threaded_window
    mbox = write_mbox(tmp_path / "big.mbox", 3000)
    QTimer.singleShot(300, window.controller.cancel_loading)
    started = time.monotonic()
    n = _open(qtbot, window, [mbox])
    assert time.monotonic() - started < 20
    assert n < 3000
    assert window.status_label.text().startswith("Cancelled")


def test_hostile_subject_is_shown_literally(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    eml = tmp_path / "x.eml"
    eml.write_bytes(make_message(0, subject=HOSTILE_SUBJECT))
    _open(qtbot, window, [eml])
    assert window.list_panel.model.row_at(0).subject == HOSTILE_SUBJECT
    window.list_panel.table.selectRow(0)  # the first row is selected as soon as it arrives
    qtbot.waitUntil(lambda: window.message_view.bundle is not None, timeout=20_000)
    assert "<script>alert('x')</script>" in window.message_view.overview.toPlainText()


def test_unreadable_input_gets_a_row_and_a_clear_message(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    _open(qtbot, window, [junk])
    assert window.list_panel.model.rowCount() == 1
    assert window.list_panel.model.row_at(0).error
    assert "1 unreadable" in window.status_label.text()


def test_paths_a_folder_walk_skips_are_listed_with_the_reason(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "a.eml").write_bytes(make_message(0))
    os.mkfifo(folder / "pipe")
    (folder / "gone").symlink_to(folder / "nowhere")
    _open(qtbot, window, [folder])
    rows = [window.list_panel.model.row_at(i) for i in range(window.list_panel.model.rowCount())]
    errors = {Path(r.ref.path).name: r.error for r in rows if r.error}
    assert errors == {
        "gone": "skipped: a broken symbolic link (its target does not exist)",
        "pipe": "skipped: a named pipe (FIFO), not a file",
    }
    assert len(rows) == 3 and "2 unreadable" in window.status_label.text()


def test_file_names_that_are_not_utf8_are_shown_escaped(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Qt silently drops the undecodable bytes: the name would read as a different file."""
    good = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.eml"))
    good.write_bytes(make_message(1, subject="Latin-1 name"))
    junk = Path(os.fsdecode(os.fsencode(tmp_path) + b"/junk\xff.bin"))
    junk.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    _open(qtbot, window, [good, junk])
    panel = window.list_panel
    tips = [
        panel.model.data(panel.model.index(i, Column.SUBJECT), Qt.ItemDataRole.ToolTipRole)
        for i in range(2)
    ]
    assert any(tip.endswith("caf\\xe9.eml #0") for tip in tips)
    assert any(tip.endswith("junk\\xff.bin #0") for tip in tips)
    assert any("junk\\xff.bin" in e for e in window.controller.session.errors)
    (bad_row,) = [i for i in range(2) if panel.model.row_at(i).error]
    panel.table.selectRow(bad_row)
    qtbot.waitUntil(
        lambda: "junk\\xff.bin" in window.message_view.overview.toPlainText(), timeout=20_000
    )


def test_dashboard_links_filter_the_list(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    folder = tmp_path / "mixed"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.eml").write_bytes(make_message(i, sender="news@brand.example"))
    (folder / "b.eml").write_bytes(make_message(9, sender="alerts@other.example"))
    _open(qtbot, window, [folder])
    window.right.setCurrentWidget(window.dashboard)
    html = window.dashboard.toHtml()
    assert "filter:sender=other.example" in html
    window.dashboard.follow_link(QUrl("filter:sender=other.example"))
    assert window.list_panel.model.rowCount() == 1
    assert window.list_panel.extra_filter.isVisible()
    window.list_panel.extra_filter.click()
    assert window.list_panel.model.rowCount() == 4
    some_finding = next(iter(window.list_panel.model.row_at(0).findings))
    window.dashboard.follow_link(QUrl(f"filter:finding={some_finding}"))
    assert 1 <= window.list_panel.model.rowCount() <= 4
    window.dashboard.follow_link(QUrl("filter:clear"))
    assert window.list_panel.model.rowCount() == 4
    assert 'href="filter:auth=dmarc%3Afail"' in html
    window.dashboard.follow_link(QUrl("filter:auth=dmarc%3Afail"))
    assert window.list_panel.auth_filter.currentData() == "dmarc:fail"
    window.dashboard.follow_link(QUrl("filter:bogus=1"))  # not ours: nothing changes
    assert window.list_panel.auth_filter.currentData() == "dmarc:fail"


def test_route_timeline_carries_receivers_verdicts(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.support.reports import sample_report
    from ui.views.timeline import DelayTimeline

    report = sample_report()
    timeline = DelayTimeline()
    qtbot.addWidget(timeline)
    timeline.set_hops(report.hops, report.verdicts)
    assert timeline._notes == {1: "Microsoft Exchange Online Protection: Filtered as spam, SCL 5"}
    timeline.resize(900, 200)
    assert not timeline.grab().isNull()


def test_whole_list_appears_before_the_analysis_fills_it(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mbox = write_mbox(tmp_path / "m.mbox", 400)
    with qtbot.waitSignal(window.controller.list_complete, timeout=60_000) as listed:
        window.controller.open_paths([str(mbox)])
    assert listed.args[0] == 400
    qtbot.waitUntil(lambda: not window.controller.loading, timeout=120_000)
    assert not any(r.pending for r in window.list_panel.model.rows())
    assert {r.subject for r in window.list_panel.model.rows()} == {
        f"Message number {i}" for i in range(400)
    }
