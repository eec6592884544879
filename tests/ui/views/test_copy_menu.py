"""Right-click > Copy as text / Markdown in the message view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from tests.support.reports import sample_report
from ui.bundle import MessageBundle
from ui.views.copy_menu import browser_menu, table_menu
from ui.views.detail import MessageView, finding_snippet


def _trigger(menu: QMenu, label: str) -> str:
    (action,) = [a for a in menu.actions() if a.text() == label]
    assert action.isEnabled()
    action.trigger()
    return QGuiApplication.clipboard().text()


def test_finding_route_and_message_can_be_copied(qtbot: Any) -> None:
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_bundle(MessageBundle(sample_report(), None, b""))
    view.setCurrentWidget(view.findings)
    table = view.findings.view
    pos = table.visualRect(table.model().index(0, 0)).center()
    copied = _trigger(
        table_menu(table, pos, "finding", finding_snippet), "Copy finding as Markdown"
    )
    assert copied.startswith("**DMARC failed under p=reject** (critical)")
    menu = browser_menu(view.overview, QPoint(5, 5), "message summary", view.message_snippet)
    assert _trigger(menu, "Copy message summary as text").startswith("Subject: Quarterly invoice")
    view.setCurrentWidget(view.route)
    route = view.route.view
    pos = route.visualRect(route.model().index(0, 0)).center()
    copied = _trigger(table_menu(route, pos, "route", view.route_snippet), "Copy route as text")
    assert copied.startswith("#") and "203.0.113.7" in copied


def test_nothing_to_copy_disables_the_actions(qtbot: Any) -> None:
    view = MessageView()
    qtbot.addWidget(view)
    menu = browser_menu(view.overview, QPoint(1, 1), "message summary", view.message_snippet)
    labels = {a.text(): a.isEnabled() for a in menu.actions() if a.text().startswith("Copy m")}
    assert labels == {
        "Copy message summary as text": False,
        "Copy message summary as Markdown": False,
    }
