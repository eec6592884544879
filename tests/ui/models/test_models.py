"""Every model passes Qt's model tester (DESIGN habit 7)."""

from __future__ import annotations

import dataclasses

from inspector.model.message import SourceRef
from tests.support.reports import sample_report
from ui.models.details import FindingFilterProxy, findings_model, headers_model, hops_model
from ui.models.message_filter import MessageFilterProxy
from ui.models.message_table import MessageRow, MessageTableModel


def _rows() -> list[MessageRow]:
    rows = []
    for i in range(5):
        report = sample_report(f"Subject {i}")
        report = dataclasses.replace(report, source=SourceRef(f"/tmp/m{i}.eml", 0))
        rows.append(MessageRow.from_report(report))
    return rows


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
    assert model.data(model.index(0, 7)) == "\u2026"
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


def test_message_filter_proxy(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows(_rows())
    proxy = MessageFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("subject 3")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
    proxy.set_search("")
    proxy.set_filters(auth="dmarc:fail")
    assert proxy.rowCount() == 5
    proxy.set_filters(auth="dmarc:pass")
    assert proxy.rowCount() == 0


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
