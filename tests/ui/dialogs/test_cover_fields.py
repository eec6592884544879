"""One cover form for Settings and Export: what is typed reaches the report options."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from inspector.report.options import ReportOptions
from ui.dialogs.cover_fields import CoverFields


def test_typed_cover_replaces_the_options_cover_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    cover = CoverFields(parent, ReportOptions(consultant="Harbour", logo="/srv/a.png"))
    assert cover.logo.text() == "/srv/a.png"
    cover.client.setText("  Northwind ")
    cover.logo.setText(" ")
    out = cover.applied_to(ReportOptions(notes="kept", in_full=3))
    assert (out.consultant, out.client, out.logo) == ("Harbour", "Northwind", None)
    assert (out.notes, out.in_full) == ("kept", 3)


def test_label_prefix_names_the_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    form = QFormLayout(parent)
    CoverFields(parent, ReportOptions()).add_rows(form, label_prefix="Report ")
    texts = []
    for row in range(5):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        texts.append(label.text() if isinstance(label, QLabel) else "")
    assert texts == ["Report consultant", "Report logo", "Report client", "Report analyst",
                     "Report scope"]  # fmt: skip
