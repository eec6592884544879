"""The analysis workers setting: saved, handed to the session, and a mailbox opened on
several worker processes analyses every row, in order."""

from __future__ import annotations

from pathlib import Path

from tests.support.messages import write_folder
from ui.controller import Controller
from ui.models.message_row import MessageRow
from ui.settings import AppSettings, load_settings
from ui.tasks import SyncTaskRunner


def test_workers_setting_is_saved_and_reaches_the_session(qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = Controller(AppSettings(offline=True, workers=3), runner=SyncTaskRunner())
    try:
        assert controller.session.workers == 3
        controller.apply_settings(AppSettings(offline=True, workers=1))
        assert controller.session.workers == 1
    finally:
        controller.shutdown()
    assert load_settings().workers == 1


def test_a_mailbox_on_two_workers_analyses_every_row_in_order(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_folder(tmp_path / "m", 6)
    controller = Controller(
        AppSettings(offline=True, workers=2), runner=SyncTaskRunner(), persist=False
    )
    rows: list[MessageRow] = []
    controller.rows_arrived.connect(
        lambda items: rows.extend(r for r in items if isinstance(r, MessageRow))
    )
    try:
        controller.open_paths([str(folder)])
    finally:
        controller.shutdown()
    analysed = [r for r in rows if r.risk is not None]
    assert [r.subject for r in analysed] == [f"Message number {i}" for i in range(6)]
    assert controller.session.stats.messages == 6
