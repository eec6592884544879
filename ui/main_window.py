"""The main window: message list on the left, the selected message's tabs or the mailbox
dashboard on the right, progress and cancel in the status bar.

All analysis runs through one TaskRunner; a result for a message that is no longer selected
is dropped; closing the window cancels work and waits for the workers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
)

from inspector import APP_NAME
from inspector.model.message import SourceRef
from inspector.model.report import Report
from ui.models.message_table import ROW_ROLE, ListComplete, MessageRow
from ui.resources import resources_dir
from ui.session import AnalysisSession
from ui.settings import AppSettings, load_settings, save_settings
from ui.tasks import CancelToken, TaskRunner
from ui.views.dashboard import DashboardView
from ui.views.detail import MessageBundle, MessageView
from ui.views.message_list import MessageListPanel

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    #: Emitted on the GUI thread when a load finishes (or is cancelled): number of rows.
    load_finished = Signal(int)
    #: Emitted when every message is listed (before their analysis is complete): row count.
    list_complete = Signal(int)
    #: Emitted when the message view shows a new message.
    message_shown = Signal(object)

    def __init__(self, settings: AppSettings | None = None, *, persist: bool = True) -> None:
        super().__init__()
        self.settings = settings or load_settings()
        self._persist = persist
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
        self.resize(1400, 860)
        self.setAcceptDrops(True)
        self.tasks = TaskRunner(self)
        self.session = AnalysisSession(self.settings.to_options())
        self._listed = False
        self._load_token: CancelToken | None = None
        self._detail_token: CancelToken | None = None
        self._wanted: SourceRef | None = None
        self._loading = False

        self.list_panel = MessageListPanel()
        # The list's parts, under the names the window has always had (tests, exporter, bench).
        self.model = self.list_panel.model
        self.proxy = self.list_panel.proxy
        self.table = self.list_panel.table
        self.search = self.list_panel.search
        self.risk_filter = self.list_panel.risk_filter
        self.auth_filter = self.list_panel.auth_filter
        self.platform_filter = self.list_panel.platform_filter
        self.bounce_filter = self.list_panel.bounce_filter
        self.extra_filter = self.list_panel.extra_filter
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.message_view = MessageView()
        self.dashboard = DashboardView(self.list_panel)
        self.right = QTabWidget()
        self.right.addTab(self.message_view, "Message")
        self.right.addTab(self.dashboard, "Mailbox dashboard")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list_panel)
        split.addWidget(self.right)
        split.setSizes([700, 700])
        self.setCentralWidget(split)
        self._build_status_bar()
        self._build_actions()
        self._refresh_dashboard()
        self.tasks.run(lambda _t: self.session.warm(), on_done=lambda _r: None)

    # ------------------------------------------------------------------ construction

    def _build_status_bar(self) -> None:
        self.status_label = QLabel("Ready")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_loading)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.dashboard.status_message.connect(self.status_label.setText)

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.open_files_action = self._action(
            "&Open files\u2026",
            self.choose_files,
            QKeySequence.StandardKey.Open,
            "Open .eml files or mailboxes",
        )
        self.open_folder_action = self._action(
            "Open &folder\u2026",
            self.choose_folder,
            "Ctrl+Shift+O",
            "Open a folder, Maildir or MH folder (searched recursively)",
        )
        self.paste_action = self._action(
            "&Paste headers\u2026",
            self.paste_headers,
            "Ctrl+Shift+V",
            "Analyse headers copied from a mail client's 'Show original'",
        )
        self.export_action = self._action(
            "&Export report\u2026",
            self.export_report,
            "Ctrl+E",
            "PDF, HTML or JSON report of this message or the whole mailbox",
        )
        self.settings_action = self._action(
            "&Settings\u2026", self.open_settings, QKeySequence.StandardKey.Preferences
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.next_action = self._action(
            "&Next message", lambda: self.list_panel.step(1), "Ctrl+Down"
        )
        self.prev_action = self._action(
            "&Previous message", lambda: self.list_panel.step(-1), "Ctrl+Up"
        )
        self.find_action = self._action(
            "&Find\u2026", self._focus_search, QKeySequence.StandardKey.Find
        )
        self.dashboard_action = self._action(
            "Mailbox &dashboard", lambda: self.right.setCurrentWidget(self.dashboard), "Ctrl+D"
        )
        self.about_action = self._action("&About", self.show_about)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.open_files_action)
        file_menu.addAction(self.open_folder_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(self.paste_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu("&View")
        for a in (self.next_action, self.prev_action, self.find_action, self.dashboard_action):
            view_menu.addAction(a)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for a in (
            self.open_files_action,
            self.open_folder_action,
            self.paste_action,
            self.export_action,
            self.settings_action,
        ):
            toolbar.addAction(a)
        self._refresh_recent()

    # ------------------------------------------------------------------ opening

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Open messages or mailboxes",
            "",
            "Messages (*.eml *.msg *.txt *.mbox *.mbx);;All files (*)",
        )
        if files:
            self.open_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder, Maildir or MH folder")
        if folder:
            self.open_paths([folder])

    def open_paths(self, paths: Sequence[str]) -> None:
        """Replace the list with the messages found in ``paths``, filled as they are read."""
        self.cancel_loading()
        self.model.clear()
        self._listed = False
        self.session.reset_mailbox()
        self.message_view.show_placeholder("Select a message in the list.")
        self._set_loading(True, f"Reading {', '.join(Path(p).name or p for p in paths)}\u2026")
        for p in paths:
            self.settings = self.settings.with_recent(str(p))
        self._save_settings()
        self._refresh_recent()
        self._load_token = self.tasks.stream(
            lambda token: self.session.load(list(paths), token),
            on_batch=self._rows_arrived,
            on_finished=self._load_done,
            on_error=self._task_failed,
        )

    def _rows_arrived(self, rows: list[object]) -> None:
        first = self.model.rowCount() == 0
        self.model.append_rows([r for r in rows if isinstance(r, MessageRow)])
        self.list_panel.update_platforms(rows)
        if any(isinstance(r, ListComplete) for r in rows):
            self._listed = True
            self.model.resort()  # the whole list is there: show it in the chosen order
            self.list_complete.emit(self.model.rowCount())
        analysed = self.session.stats.messages + self.session.stats.unreadable
        if self._listed:
            self.status_label.setText(
                f"Listed {self.model.rowCount():,} messages; analysed {analysed:,}\u2026"
            )
        else:
            self.status_label.setText(f"Listing messages: {self.model.rowCount():,}\u2026")
        now = time.monotonic()
        if now - self.dashboard.refreshed_at > 2.0 and self.right.currentWidget() is self.dashboard:
            self._refresh_dashboard()
        if first and self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _load_done(self) -> None:
        cancelled = self._load_token is not None and self._load_token.cancelled
        self._load_token = None
        self._set_loading(False)
        self.model.resort()
        n = self.model.rowCount()
        unreadable = self.session.stats.unreadable
        text = f"{n:,} messages" + (f", {unreadable} unreadable" if unreadable else "")
        self.status_label.setText(("Cancelled: " if cancelled else "Loaded ") + text)
        self._refresh_dashboard()
        if n > 1 and not self.table.currentIndex().isValid():
            self.right.setCurrentWidget(self.dashboard)
        self.load_finished.emit(n)

    def cancel_loading(self) -> None:
        if self._load_token is not None:
            self._load_token.cancel()

    def _set_loading(self, loading: bool, text: str = "") -> None:
        self._loading = loading
        self.progress.setVisible(loading)
        self.progress.setRange(0, 0 if loading else 1)
        self.cancel_button.setVisible(loading)
        if text:
            self.status_label.setText(text)

    def _task_failed(self, exc: BaseException) -> None:
        log.error("task failed: %r", exc)
        self.status_label.setText(f"Error: {exc}")

    # ------------------------------------------------------------------ paste

    def paste_headers(self) -> None:
        from ui.dialogs.paste import PasteDialog

        dialog = PasteDialog(self, QApplication.clipboard().text())
        if dialog.exec() and dialog.text().strip():
            self.analyze_paste(dialog.text())

    def analyze_paste(self, text: str) -> None:
        self.status_label.setText("Analysing pasted headers\u2026")
        self.tasks.run(
            lambda _t: self.session.add_paste(text),
            on_done=self._paste_done,
            on_error=self._task_failed,
        )

    def _paste_done(self, report: object) -> None:
        assert isinstance(report, Report)
        self.model.append_rows([MessageRow.from_report(report)])
        self.list_panel.update_platforms([MessageRow.from_report(report)])
        self.status_label.setText("Pasted headers analysed")
        source_row = self.model.rowCount() - 1
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
        self._refresh_dashboard()

    # ------------------------------------------------------------------ selection

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.data(current, ROW_ROLE) if current.isValid() else None
        if not isinstance(row, MessageRow):
            return
        self.right.setCurrentWidget(self.message_view)
        if row.error:
            self._wanted = None
            self.message_view.show_placeholder(f"{row.ref.path}: {row.error}")
            return
        self._wanted = row.ref
        if self._detail_token is not None:
            self._detail_token.cancel()
        ref = row.ref
        self._detail_token = self.tasks.run(
            lambda _t: self.session.bundle(ref),
            on_done=self._bundle_ready,
            on_error=self._task_failed,
        )

    def _bundle_ready(self, bundle: object) -> None:
        assert isinstance(bundle, MessageBundle)
        if (
            self._wanted is None
            or bundle.report.source.path != self._wanted.path
            or (bundle.report.source.index != self._wanted.index)
        ):
            return  # the user has moved on; drop the stale result
        self.message_view.set_bundle(bundle)
        self.message_shown.emit(bundle.report)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ filters and dashboard

    def _refresh_dashboard(self) -> None:
        self.dashboard.refresh(self.session.stats_snapshot(), self.session.errors[:50])

    def _dashboard_link(self, url: QUrl) -> None:
        self.dashboard.follow_link(url)

    def clear_filters(self) -> None:
        self.list_panel.clear_filters()

    # ------------------------------------------------------------------ export, settings, about

    def current_report(self) -> Report | None:
        bundle = self.message_view.bundle
        return bundle.report if bundle else None

    def visible_refs(self) -> list[SourceRef]:
        refs = []
        for row in range(self.proxy.rowCount()):
            item = self.proxy.data(self.proxy.index(row, 0), ROW_ROLE)
            if isinstance(item, MessageRow) and not item.error:
                refs.append(item.ref)
        return refs

    def export_report(self) -> None:
        from ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(
            self,
            has_message=self.current_report() is not None,
            mailbox_size=len(self.visible_refs()),
        )
        if dialog.exec():
            from ui.exporter import start_export

            start_export(self, dialog.choice())

    def open_settings(self) -> None:
        from ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self, self.settings)
        if dialog.exec():
            self.apply_settings(dialog.settings())

    def apply_settings(self, settings: AppSettings) -> None:
        self.settings = settings
        self._save_settings()
        self.tasks.cancel_all()
        old = self.session
        self.session = AnalysisSession(settings.to_options())
        old.close()
        from ui.app import apply_theme

        apply_theme(settings.theme)
        self.status_label.setText("Settings saved; they apply to messages opened from now on")

    def _save_settings(self) -> None:
        if self._persist:
            save_settings(self.settings)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_paths([p]))
        self.recent_menu.setEnabled(bool(self.settings.recent))

    def show_about(self) -> None:
        from ui.dialogs.about import about_text

        QMessageBox.about(self, f"About {APP_NAME}", about_text())

    # ------------------------------------------------------------------ drag and drop, closing

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.open_paths(paths)
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.shutdown(5000)
        self.session.close()
        super().closeEvent(event)
