"""The case's menu entries: open a saved case, save the list as a case, edit the overall notes.

A part of the main window kept apart because it is one concept: the engagement a window works
on. It talks to the controller only (which opens, saves and keeps the notes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow

from inspector import APP_NAME
from ui.case_opener import OpenedCase
from ui.controller import Controller
from ui.dialogs.case_notes import CaseNotesDialog
from ui.models.message_row import MessageRow

CASE_FILTER = "Cases (*.dicase)"


class CaseActions:
    def __init__(
        self,
        window: QMainWindow,
        controller: Controller,
        rows: Callable[[], Sequence[MessageRow]],
    ) -> None:
        self.window = window
        #: The listed rows (the window's list model): what a saved case holds.
        self.rows = rows
        self.controller = controller
        self.open_action = self._action(
            "Open &case\u2026", self.choose_case, None, "Reopen a saved case (offline, with notes)"
        )
        self.save_action = self._action(
            "&Save case\u2026",
            self.save_case,
            QKeySequence(QKeySequence.StandardKey.Save),
            "Save the listed messages, their DNS answers and your notes in one file",
        )
        self.notes_action = self._action(
            "Case &notes\u2026",
            self.edit_notes,
            QKeySequence("Ctrl+Shift+N"),
            "Notes for the whole case (saved in the case, printed in the report)",
        )
        controller.case_opened.connect(self._opened)

    def _action(self, text: str, slot: object, shortcut: QKeySequence | None, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def actions(self) -> tuple[QAction, ...]:
        return (self.open_action, self.save_action, self.notes_action)

    def choose_case(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a case", "", CASE_FILTER)
        if path:
            self.controller.open_case(path)

    def save_case(self) -> None:
        refs = [r.ref for r in self.rows() if not r.error]
        if not refs:
            self.controller.status("Nothing to save: open some messages first")
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save case", "engagement.dicase", CASE_FILTER
        )
        if path:
            if not path.lower().endswith(".dicase"):
                path += ".dicase"
            self.controller.save_case(path, refs)

    def edit_notes(self) -> None:
        notes = self.controller.notes
        dialog = CaseNotesDialog(self.window, notes.title, notes.overall)
        if dialog.exec():
            notes.title, notes.overall = dialog.values()

    def _opened(self, opened: object) -> None:
        assert isinstance(opened, OpenedCase)
        title = opened.title
        self.window.setWindowTitle(f"{title} \u2014 {APP_NAME}" if title else APP_NAME)
