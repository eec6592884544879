"""Context menus that copy what the user points at as plain text or Markdown, for a ticket,
a chat or an e-mail to a client. The words come from ``inspector.report.snippets``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTextBrowser

from ui.models.tuple_table import OBJECT_ROLE

#: Makes (plain text, Markdown) for what was pointed at, or None when there is nothing.
Snippet = Callable[[], tuple[str, str] | None]


def add_copy_actions(menu: QMenu, what: str, snippet: Snippet) -> None:
    pair = snippet()
    for label, pick in (("text", 0), ("Markdown", 1)):
        action = menu.addAction(f"Copy {what} as {label}")
        action.setEnabled(pair is not None)
        if pair is not None:
            chosen = pair[pick]
            action.triggered.connect(lambda _=False, t=chosen: copy_to_clipboard(t))


def copy_to_clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


SnippetOf = Callable[[object], tuple[str, str]]


def table_menu(view: QAbstractItemView, pos: QPoint, what: str, snippet_of: SnippetOf) -> QMenu:
    """The menu for a right-click at ``pos``: copy the object the row shows (OBJECT_ROLE)."""
    index: QModelIndex = view.indexAt(pos)
    item = view.model().data(index, OBJECT_ROLE) if index.isValid() else None
    menu = QMenu(view)
    add_copy_actions(menu, what, lambda: None if item is None else snippet_of(item))
    return menu


def browser_menu(browser: QTextBrowser, pos: QPoint, what: str, snippet: Snippet) -> QMenu:
    """The browser's own menu (copy the selection, select all) plus the two copy actions."""
    menu = browser.createStandardContextMenu(pos)
    menu.addSeparator()
    add_copy_actions(menu, what, snippet)
    return menu


def install_on_table(view: QAbstractItemView, what: str, snippet_of: SnippetOf) -> None:
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(
        lambda pos: table_menu(view, pos, what, snippet_of).exec(view.viewport().mapToGlobal(pos))
    )


def install_on_browser(browser: QTextBrowser, what: str, snippet: Snippet) -> None:
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    browser.customContextMenuRequested.connect(
        lambda pos: browser_menu(browser, pos, what, snippet).exec(
            browser.viewport().mapToGlobal(pos)
        )
    )
