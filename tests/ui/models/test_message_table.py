"""The message list's model: sorting, filtering and rows replaced by their analysis, with the
selection following its message throughout."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from inspector.model.codes import Risk
from inspector.model.message import SourceRef
from ui.models.message_cells import Column
from ui.models.message_row import MessageRow
from ui.models.message_table import ROW_ROLE, MessageTableModel

START = datetime(2026, 1, 1, tzinfo=UTC)
ASCENDING = Qt.SortOrder.AscendingOrder
DESCENDING = Qt.SortOrder.DescendingOrder


def _row(i: int, **fields: object) -> MessageRow:
    """Listed but not analysed yet: dates run backwards so file order is never date order."""
    row = MessageRow(
        ref=SourceRef("/box.mbox", i),
        date=START - timedelta(hours=i),
        sender=f"sender{i % 3}@example.com",
        subject=f"Subject {i:02d}",
        platform="",
        spf="",
        dkim="",
        dmarc="",
        risk=None,
        reason="",
        has_bounce=False,
    )
    return dataclasses.replace(row, **fields)  # type: ignore[arg-type]


def _analysed(i: int, risk: Risk, **fields: object) -> MessageRow:
    return _row(i, risk=risk, spf="pass", dkim="pass", dmarc="fail", score=1.0 * i, **fields)


def _indexes(model: MessageTableModel) -> list[int]:
    return [model.row_at(r).ref.index for r in range(model.rowCount())]


def _view(qtbot, model: MessageTableModel) -> QTableView:  # type: ignore[no-untyped-def]
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    return view


def test_every_column_sorts_by_its_key_both_ways(qapp) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    risks = [Risk.LOW, Risk.CRITICAL, Risk.MEDIUM, Risk.HIGH]
    model.append_rows([_analysed(i, risks[i % 4]) for i in range(8)] + [_row(8)])
    model.sort(Column.DATE, ASCENDING)
    assert _indexes(model) == [8, 7, 6, 5, 4, 3, 2, 1, 0]
    model.sort(Column.RISK, DESCENDING)
    shown = [model.row_at(r).risk for r in range(model.rowCount())]
    assert shown == [Risk.CRITICAL] * 2 + [Risk.HIGH] * 2 + [Risk.MEDIUM] * 2 + [Risk.LOW] * 2 + [
        None
    ]
    model.sort(Column.SCORE, ASCENDING)
    assert _indexes(model) == [8, 0, 1, 2, 3, 4, 5, 6, 7]  # not scored yet sorts first
    model.sort(Column.SUBJECT, DESCENDING)
    assert _indexes(model) == [8, 7, 6, 5, 4, 3, 2, 1, 0]
    model.sort(Column.FROM, ASCENDING)  # ties keep the order they had: the sort is stable
    assert _indexes(model) == [6, 3, 0, 7, 4, 1, 8, 5, 2]
    for col in Column:  # every column sorts, including the words of the auth columns
        model.sort(col, ASCENDING)
        assert sorted(_indexes(model)) == list(range(9))


def test_the_selection_follows_its_message_through_sorts_and_filters(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows([_analysed(i, Risk.HIGH if i % 2 else Risk.LOW) for i in range(10)])
    view = _view(qtbot, model)
    view.sortByColumn(Column.DATE, ASCENDING)
    view.selectRow(2)
    chosen = view.currentIndex().data(ROW_ROLE)
    assert chosen.ref.index == 7
    view.sortByColumn(Column.SUBJECT, DESCENDING)
    assert view.currentIndex().data(ROW_ROLE) == chosen
    assert view.currentIndex().row() == 2  # Subject 07 after 09 and 08
    model.set_filters(risk="high")  # 7 is high risk: still selected, now among five rows
    assert model.rowCount() == 5
    assert view.currentIndex().data(ROW_ROLE) == chosen
    assert [i.data(ROW_ROLE) for i in view.selectionModel().selectedRows()] == [chosen]
    model.set_filters(risk="low")  # hidden: nothing selected, nothing stale
    assert not view.selectionModel().selectedRows()
    assert all(model.row_at(r).risk == Risk.LOW for r in range(model.rowCount()))
    model.set_filters(risk="")
    assert model.rowCount() == 10


def test_an_analysis_that_changes_what_a_filter_lets_through_shows_or_hides_the_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows([_row(i) for i in range(4)])
    model.set_filters(risk="critical")
    assert model.rowCount() == 0
    model.append_rows([_analysed(1, Risk.CRITICAL), _analysed(2, Risk.LOW)])
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    assert model.row_at(0).ref.index == 1
    model.append_rows([_analysed(1, Risk.MEDIUM)])  # re-analysed: no longer critical
    assert model.row_at(0).risk == Risk.MEDIUM  # the new content at once...
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=5_000)  # ...gone at the re-filter
    model.set_filters(risk="")
    assert model.rowCount() == 4 and model.total() == 4


def test_a_copy_found_by_the_analysis_leaves_the_list_and_the_first_notes_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows([_row(i) for i in range(3)])
    model.append_rows([_analysed(0, Risk.LOW, message_id="<same@example.com>")])
    model.append_rows([_analysed(2, Risk.LOW, message_id="<same@example.com>")])
    assert model.rowCount() == 3  # until the re-filter, which the end of a load applies now
    model.settle()
    assert _indexes(model) == [0, 1] and model.total() == 3
    first = model.row_at(0)
    assert model.copies(first) == [SourceRef("/box.mbox", 2)]
    assert model.data(model.index(0, Column.SUBJECT)) == "Subject 00  (2 copies)"


def test_settle_sorts_only_when_the_order_can_have_changed(qapp) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    layouts: list[int] = []
    model.layoutChanged.connect(lambda *_: layouts.append(1))
    model.sort(Column.DATE, ASCENDING)
    model.append_rows([_row(i) for i in range(5)])  # file order is newest first
    model.settle()
    assert _indexes(model) == [4, 3, 2, 1, 0] and len(layouts) == 2
    model.append_rows([_analysed(i, Risk.LOW) for i in range(5)])  # same dates
    model.settle()
    assert len(layouts) == 2  # nothing could have moved: no layout change at all
    model.append_rows([_row(9, date=START + timedelta(days=1))])  # follows on at the end
    model.settle()
    assert len(layouts) == 2 and _indexes(model) == [4, 3, 2, 1, 0, 9]
    model.append_rows([_row(3, date=START + timedelta(days=2))])  # its date moved it
    model.settle()
    assert len(layouts) == 3 and _indexes(model) == [4, 2, 1, 0, 9, 3]
    model.sort(Column.RISK, DESCENDING)
    model.append_rows([_analysed(0, Risk.CRITICAL)])
    model.settle()
    assert _indexes(model)[0] == 0


def test_rows_arriving_in_a_filtered_list_are_inserted_only_when_they_match(qapp) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.set_search("subject 1")
    model.append_rows([_row(i) for i in range(12)])
    assert _indexes(model) == [10, 11] and inserted == [(0, 1)]
    assert model.shown_row_of(("/box.mbox", 11)) == 1
    assert model.shown_row_of(("/box.mbox", 2)) == -1
    assert [r.ref.index for r in model.shown_rows()] == [10, 11]
    assert len(model.rows()) == model.total() == 12
