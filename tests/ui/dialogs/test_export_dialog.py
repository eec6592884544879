"""The export dialog carries the client report's fields into the export."""

from __future__ import annotations

from pathlib import Path

from inspector.report.options import ReportOptions


def test_client_fields_reach_the_choice(qtbot: object, tmp_path: Path) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(
        None,
        has_message=True,
        mailbox_size=3,
        defaults=ReportOptions(consultant="Harbour Consulting", in_full=4),
    )
    dialog.path.setText(str(tmp_path / "review"))
    dialog.cover.client.setText(" Northwind ")
    dialog.notes.setPlainText("Seen twice.")
    dialog.appendix.setChecked(False)
    choice = dialog.choice()
    assert choice.path.endswith("review.pdf")
    report = choice.report
    assert report.consultant == "Harbour Consulting" and report.client == "Northwind"
    assert report.notes == "Seen twice." and report.appendix is False
    assert report.in_full == 4  # what the dialog does not show is kept from the defaults
