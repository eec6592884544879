"""Every model passes Qt's model tester (DESIGN habit 7)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from inspector.model.message import SourceRef
from tests.support.reports import sample_report
from ui.models.details import FindingFilterProxy, findings_model, headers_model, hops_model
from ui.models.message_cells import Column
from ui.models.message_row import MessageRow
from ui.models.message_table import MessageTableModel

TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _rows() -> list[MessageRow]:
    rows = []
    for i in range(5):
        report = sample_report(f"Subject {i}")
        report = dataclasses.replace(report, source=SourceRef(f"/tmp/m{i}.eml", 0))
        rows.append(dataclasses.replace(MessageRow.from_report(report), message_id=f"<{i}@x>"))
    return rows


def test_copies_by_message_id_are_listed_once_and_noted(qapp) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    rows = _rows()
    copy = dataclasses.replace(rows[1], ref=SourceRef("/tmp/all.mbox", 4))
    model.append_rows([*rows, copy])
    assert model.rowCount() == 5 and model.total() == 6
    first = model.row_at(1)
    assert model.copies(first) == [SourceRef("/tmp/all.mbox", 4)]
    assert model.data(model.index(1, Column.SUBJECT)).endswith("(2 copies)")
    assert "/tmp/all.mbox #4" in model.data(model.index(1, Column.SUBJECT), TOOLTIP)


def test_list_columns_put_risk_and_reason_first_and_read_auth_as_words(qapp) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows(_rows())
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(Column))]
    assert headers[:6] == ["Risk", "Score", "Top reason", "From", "Subject", "Date"]
    row = model.row_at(0)
    assert row.score is not None
    assert model.data(model.index(0, Column.SCORE)) == f"{row.score:.1f}"
    assert headers[-1] == "Platform"
    skipped = dataclasses.replace(model.row_at(0), spf="skipped", dkim="temperror")
    model.append_rows([skipped])
    assert model.data(model.index(0, Column.SPF)) == "not checked"
    assert model.data(model.index(0, Column.DKIM)) == "DNS error"
    icon = model.data(model.index(0, Column.SPF), Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()


def test_analysis_replaces_the_listed_row() -> None:
    from datetime import UTC, datetime

    from inspector.parse.index import IndexEntry

    model = MessageTableModel()
    rows = _rows()
    listed = [
        MessageRow.from_index(
            IndexEntry(r.ref, datetime(2026, 1, 1, tzinfo=UTC), r.sender, r.subject)
        )
        for r in rows
    ]
    model.append_rows(listed)
    assert model.rowCount() == 5 and all(r.pending for r in model.rows())
    assert model.data(model.index(0, Column.RISK)) == "\u2026"
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.extend([top.row(), bottom.row()]))
    model.append_rows(rows[2:4])
    assert model.rowCount() == 5
    assert not model.row_at(2).pending and model.row_at(0).pending
    assert changed == [2, 3]


def test_message_table_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows(_rows())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5


def test_message_table_model_while_filtered_and_sorted(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows(_rows())
    model.set_search("subject 3")
    qtmodeltester.check(model, force_py=True)  # and every change from here on
    assert model.rowCount() == 1
    model.set_search("")
    model.set_filters(auth="dmarc:fail")
    assert model.rowCount() == 5
    model.sort(Column.SUBJECT, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).subject == "Subject 4"
    model.set_filters(auth="dmarc:pass")
    assert model.rowCount() == 0


def test_detail_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    report = sample_report()
    for make, items in (
        (findings_model, report.findings),
        (headers_model, report.headers),
        (hops_model, report.hops),
    ):
        model = make()
        model.set_items(items)  # type: ignore[arg-type]
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == len(items)
    fmodel = findings_model()
    fmodel.set_items(report.findings)
    proxy = FindingFilterProxy()
    proxy.setSourceModel(fmodel)
    proxy.set_filter(min_rank=3, category="")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
