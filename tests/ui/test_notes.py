"""Analyst notes (#18): per message under the overview, overall in Case notes; kept in the
run, saved into a case from the GUI, restored when it is reopened, printed in the report;
the report's cover fields persist in Settings and prefill the export dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

import ui.case_actions
import ui.main_window
from inspector.case.store import load_case
from inspector.model.message import SourceRef
from inspector.report.options import ReportOptions
from tests.support.messages import make_message
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.notes import AnalystNotes
from ui.settings import AppSettings, load_settings, save_settings


def _two_messages(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for i, subject in enumerate(("Spring sale", "Password reset")):
        path = folder / f"{i}.eml"
        path.write_bytes(make_message(i, subject=subject))
        paths.append(path)
    return paths


def _select(window: Any, subject: str) -> None:
    panel = window.list_panel
    for row in range(panel.model.rowCount()):
        if panel.model.row_at(row).subject == subject:
            panel.table.selectRow(row)
            break
    assert window.message_view.bundle.report.message.subject == subject


def test_notes_for_report_name_each_message_once() -> None:
    notes = AnalystNotes()
    notes.overall = "Overall, DMARC is missing."
    a, b = SourceRef("/m/a.eml"), SourceRef("/m/box.mbox", 3)
    notes.set_message_note(a, "Reached the inbox.")
    notes.set_message_note(b, "  ")  # blank: no note
    text = notes.for_report([a, b, a], lambda r: "Spring sale")
    assert text == "Overall, DMARC is missing.\n\nOn \u201cSpring sale\u201d: Reached the inbox."
    assert notes.message_notes() == {("/m/a.eml", 0): "Reached the inbox."}


def test_a_note_follows_its_message(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _two_messages(tmp_path / "in")
    window.controller.open_paths([str(tmp_path / "in")])
    view = window.message_view
    _select(window, "Spring sale")
    assert view.notes.text.isEnabled() and view.notes.note() == ""
    view.notes.text.setPlainText("Client says: spam folder at Gmail.")
    ref = view.current_ref()
    assert window.controller.notes.message_note(ref) == "Client says: spam folder at Gmail."
    _select(window, "Password reset")
    assert view.notes.note() == ""
    assert window.controller.notes.message_note(ref) == "Client says: spam folder at Gmail."
    _select(window, "Spring sale")
    assert view.notes.note() == "Client says: spam folder at Gmail."
    view.show_placeholder("nothing")
    assert not view.notes.text.isEnabled()


def test_case_saved_from_the_gui_keeps_the_notes_and_reopens_with_them(
    qtbot, window, tmp_path: Path, monkeypatch: Any
) -> None:  # type: ignore[no-untyped-def]
    _two_messages(tmp_path / "in")
    c = window.controller
    c.open_paths([str(tmp_path / "in")])
    _select(window, "Password reset")
    window.message_view.notes.text.setPlainText("A lure: reported to abuse.")
    c.notes.title, c.notes.overall = "Northwind review", "Two samples from the client."
    target = tmp_path / "saved" / "northwind"
    target.parent.mkdir()
    monkeypatch.setattr(
        ui.case_actions.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    window.case.save_action.trigger()
    case_file = target.with_suffix(".dicase")
    assert window.status_label.text() == f"Saved case {case_file} (2 messages)"
    case = load_case(case_file).case
    assert case.title == "Northwind review" and case.notes == "Two samples from the client."
    assert {Path(m.original_path).name: m.note for m in case.messages} == {
        "0.eml": "",
        "1.eml": "A lure: reported to abuse.",
    }

    c.notes.replace_all("", {})  # a new run...
    c.open_paths([str(case_file)])  # ...opens the case (as File > Open, a drop or recent do)
    assert window.windowTitle().startswith("Northwind review")
    assert c.notes.overall == "Two samples from the client."
    assert window.list_panel.model.rowCount() == 2
    _select(window, "Password reset")
    assert window.message_view.notes.note() == "A lure: reported to abuse."
    _select(window, "Spring sale")
    assert window.message_view.notes.note() == ""
    assert c.saved.recent[0] == str(case_file)


def test_export_prints_overall_and_message_notes(
    qtbot, window, tmp_path: Path, monkeypatch: Any
) -> None:  # type: ignore[no-untyped-def]
    _two_messages(tmp_path / "in")
    c = window.controller
    c.open_paths([str(tmp_path / "in")])
    _select(window, "Spring sale")
    window.message_view.notes.text.setPlainText("Seen in the spam folder.")
    c.notes.overall = "Overall: publish DMARC."
    c.saved = AppSettings(offline=True, consultant="Harbour Consulting", client="Northwind")
    out = tmp_path / "report.html"
    seen: list[ReportOptions] = []

    class Accepting(ExportDialog):
        def exec(self) -> int:
            seen.append(self.report_options())
            self.path.setText(str(out))
            self.format.setCurrentIndex(1)
            self.mailbox.setChecked(True)
            self.cover.analyst.setText("R. Analyst")
            return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ui.main_window, "ExportDialog", Accepting)
    window.export_report()
    prefilled = seen[0]
    assert prefilled.consultant == "Harbour Consulting" and prefilled.client == "Northwind"
    assert prefilled.notes == "Overall: publish DMARC."
    html = out.read_text("utf-8")
    assert "Overall: publish DMARC." in html
    assert "On \u201cSpring sale\u201d: Seen in the spam folder." in html
    assert "R. Analyst" in html
    assert load_settings().analyst == "R. Analyst"  # typed at export, kept for the next one


def test_report_cover_fields_persist_in_settings(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(None, AppSettings(consultant="Harbour Consulting"))
    qtbot.addWidget(dialog)
    assert dialog.cover.consultant.text() == "Harbour Consulting"
    dialog.cover.client.setText(" Northwind ")
    dialog.cover.logo.setText("/srv/logo.png")
    dialog.cover.scope.setText("March samples")
    settings = dialog.settings()
    assert save_settings(settings) == ""
    loaded = load_settings()
    assert (loaded.consultant, loaded.client, loaded.logo, loaded.scope) == (
        "Harbour Consulting",
        "Northwind",
        "/srv/logo.png",
        "March samples",
    )
    options = loaded.report_options("notes")
    assert options.logo == "/srv/logo.png" and options.notes == "notes"
