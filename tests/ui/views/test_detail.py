"""The message view fills a tab when it is first shown, with the message shown at that time."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.support.reports import sample_report
from ui.bundle import MessageBundle
from ui.views.detail import MessageView


def test_only_the_visible_tab_is_filled_until_another_is_shown(qtbot: Any) -> None:
    view = MessageView()
    qtbot.addWidget(view)
    report = sample_report()
    view.set_bundle(MessageBundle(report, None, b"Subject: raw source\r\n\r\nbody\r\n"))
    assert (report.message.subject or "") in view.overview.toPlainText()
    assert view.findings.model.rowCount() == 0
    assert view.route.model.rowCount() == 0
    assert view.source.text.toPlainText() == ""
    view.setCurrentWidget(view.findings)
    assert view.findings.model.rowCount() == len(report.findings) > 0
    assert view.route.model.rowCount() == 0
    view.setCurrentWidget(view.raw_tabs)
    assert "raw source" in view.source.text.toPlainText()


def test_a_new_message_refills_tabs_shown_before(qtbot: Any) -> None:
    view = MessageView()
    qtbot.addWidget(view)
    first = sample_report()
    view.set_bundle(MessageBundle(first, None, b""))
    view.setCurrentWidget(view.findings)
    second = replace(first, findings=first.findings[:1])
    view.set_bundle(MessageBundle(second, None, b""))
    assert view.findings.model.rowCount() == 1  # the visible tab, at once
    view.setCurrentIndex(0)
    assert (first.message.subject or "") in view.overview.toPlainText()


def test_evidence_selects_a_header_before_that_tab_is_shown(qtbot: Any) -> None:
    view = MessageView()
    qtbot.addWidget(view)
    report = sample_report()
    view.set_bundle(MessageBundle(report, None, b""))
    header = report.headers[0]
    view.findings.evidence_selected.emit((f"{header.name}: {header.value}",))
    assert view.headers.model.rowCount() == len(report.headers)
    assert view.headers.view.selectionModel().hasSelection()
