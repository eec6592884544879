"""The main window: message list, the selected message's tabs or the mailbox dashboard,
progress and cancel in the status bar.

The window builds the widgets and wires them: user actions go to the controller, the
controller's signals update the views. No view reaches into another's widgets.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
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
    QStackedWidget,
    QTabWidget,
)

from inspector import APP_NAME
from inspector.model.message import SourceRef
from inspector.model.report import Report
from ui.bundle import MessageBundle
from ui.case_actions import CaseActions
from ui.controller import Controller
from ui.dialogs.about import about_text
from ui.dialogs.domain_check import DomainCheckDialog
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.paste import PasteDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.icons import Glyph, icon
from ui.models.message_row import ListComplete, MessageRow
from ui.models.message_table import ROW_ROLE
from ui.resources import resources_dir
from ui.settings import AppSettings
from ui.views.dashboard import DashboardView
from ui.views.detail import MessageView
from ui.views.dmarc_view import DmarcView
from ui.views.message_list import MessageListPanel
from ui.views.start_screen import StartScreen

MESSAGE_FILTER = (
    "Messages (*.eml *.msg *.txt *.mbox *.mbx *.dicase);;Cases (*.dicase);;All files (*)"
)


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
        self.resize(1400, 860)
        self.setAcceptDrops(True)

        self.list_panel = MessageListPanel()
        self.message_view = MessageView()
        self.dashboard = DashboardView()
        self.right = QTabWidget()
        self.right.addTab(self.message_view, "Message")
        self.right.addTab(self.dashboard, "Mailbox dashboard")
        # The list above the message: the list gets the window's whole width, so every
        # column is in view at 1024 pixels, and so do the route table and the tabs.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list_panel)
        split.addWidget(self.right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 480])  # in proportion: about 40% of the height for the list
        self.start = StartScreen()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start)
        self.pages.addWidget(split)
        self.setCentralWidget(self.pages)
        self._build_status_bar()
        self._build_actions()
        self._connect()
        self._refresh_dashboard()

    # ------------------------------------------------------------------ construction

    def _build_status_bar(self) -> None:
        self.status_label = QLabel("Ready")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _connect(self) -> None:
        c = self.controller
        c.status_changed.connect(self.status_label.setText)
        c.busy_changed.connect(self._set_busy)
        c.list_reset.connect(self._list_reset)
        c.rows_arrived.connect(self._rows_arrived)
        c.load_finished.connect(self._load_done)
        c.message_ready.connect(self._show_bundle)
        c.message_unavailable.connect(self.message_view.show_placeholder)
        c.row_added.connect(self._row_added)
        c.settings_changed.connect(self._settings_changed)
        self.cancel_button.clicked.connect(c.cancel_loading)
        self.list_panel.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list_panel.filters_changed.connect(c.status)
        self.dashboard.filter_requested.connect(self.list_panel.apply_link)
        self.right.currentChanged.connect(self._tab_shown)
        self.start.open_files.connect(self.choose_files)
        self.start.open_folder.connect(self.choose_folder)
        self.start.paste.connect(self.paste_headers)
        self.start.open_recent.connect(lambda p: c.open_paths([p]))
        self.message_view.note_changed.connect(c.notes.set_message_note)
        self.message_view.check_domain_requested.connect(self.check_domain)

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        glyph: Glyph | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if glyph is not None:
            action.setIcon(icon(glyph))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.case = CaseActions(self, self.controller, self.list_panel.model.rows)
        self.open_files_action = self._action(
            "&Open files\u2026",
            self.choose_files,
            QKeySequence.StandardKey.Open,
            "Open .eml files or mailboxes (replaces the list)",
            Glyph.OPEN,
        )
        self.add_files_action = self._action(
            "&Add to list…",
            self.choose_files_to_add,
            "Ctrl+Shift+A",
            "Open more files and keep the messages already listed",
            Glyph.ADD,
        )
        self.open_folder_action = self._action(
            "Open &folder\u2026",
            self.choose_folder,
            "Ctrl+Shift+O",
            "Open a folder, Maildir or MH folder (searched recursively)",
            Glyph.OPEN_FOLDER,
        )
        self.paste_action = self._action(
            "&Paste headers\u2026",
            self.paste_headers,
            "Ctrl+Shift+V",
            "Analyse headers copied from a mail client's 'Show original'",
            Glyph.PASTE,
        )
        self.export_action = self._action(
            "&Export report\u2026",
            self.export_report,
            "Ctrl+E",
            "PDF, HTML or JSON report of this message or the whole mailbox",
            Glyph.EXPORT,
        )
        self.settings_action = self._action(
            "&Settings\u2026",
            self.open_settings,
            QKeySequence.StandardKey.Preferences,
            glyph=Glyph.SETTINGS,
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.next_action = self._action(
            "&Next message", lambda: self.list_panel.step(1), "Ctrl+Down"
        )
        self.prev_action = self._action(
            "&Previous message", lambda: self.list_panel.step(-1), "Ctrl+Up"
        )
        self.find_action = self._action(
            "&Find\u2026", self.list_panel.focus_search, QKeySequence.StandardKey.Find
        )
        self.dashboard_action = self._action(
            "Mailbox &dashboard", lambda: self.right.setCurrentWidget(self.dashboard), "Ctrl+D"
        )
        self.about_action = self._action("&About", self.show_about)
        self.dmarc_action = self._action("&DMARC reports\u2026", self.show_dmarc, "Ctrl+Shift+D")
        self.domain_action = self._action(
            "Check a &domain\u2026",
            self.check_domain,
            "Ctrl+Shift+K",
            "A sender domain's MX, SPF, DMARC, DKIM, MTA-STS, TLS-RPT and BIMI",
            Glyph.DOMAIN,
        )

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.open_files_action)
        file_menu.addAction(self.open_folder_action)
        file_menu.addAction(self.add_files_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(self.paste_action)
        file_menu.addSeparator()
        for a in self.case.actions():
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu("&View")
        for a in (self.next_action, self.prev_action, self.find_action, self.dashboard_action):
            view_menu.addAction(a)
        view_menu.addAction(self.dmarc_action)
        tools_menu = menu.addMenu("&Tools")
        tools_menu.addAction(self.domain_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for a in (
            self.open_files_action,
            self.open_folder_action,
            self.add_files_action,
            self.paste_action,
            self.export_action,
            self.settings_action,
        ):
            toolbar.addAction(a)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._refresh_recent(self.controller.saved.recent)

    # ------------------------------------------------------------------ opening

    def show_dmarc(self) -> None:
        """A separate window, loaded with the reports among the paths opened last."""

        c = self.controller
        self.dmarc_view = DmarcView(c.runner, c.settings.to_options())
        self.dmarc_view.show()
        if c.saved.recent:
            self.dmarc_view.load([c.saved.recent[0]])

    def check_domain(self, domain: str = "") -> None:
        """The domain check dialog, checking ``domain`` at once when one is given."""
        name = domain if isinstance(domain, str) else ""
        self.domain_dialog = DomainCheckDialog(self, self.controller, name)
        self.domain_dialog.show()

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Open messages or mailboxes", "", MESSAGE_FILTER
        )
        if files:
            self.controller.open_paths(files)

    def choose_files_to_add(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Add messages or mailboxes to the list", "", MESSAGE_FILTER
        )
        if files:
            self.controller.open_paths(files, add=True)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder, Maildir or MH folder")
        if folder:
            self.controller.open_paths([folder])

    def _list_reset(self) -> None:
        self.list_panel.model.clear()
        self.message_view.show_placeholder("Select a message in the list.")

    def _rows_arrived(self, items: list[object]) -> None:
        self.pages.setCurrentIndex(1)
        panel = self.list_panel
        first = panel.model.rowCount() == 0
        panel.add_rows(items)
        if any(isinstance(r, ListComplete) for r in items):
            panel.model.settle()  # the whole list is there: show it in the chosen order
        now = time.monotonic()
        if now - self.dashboard.refreshed_at > 2.0 and self.right.currentWidget() is self.dashboard:
            self._refresh_dashboard()
        if first and panel.model.rowCount() and not panel.table.currentIndex().isValid():
            panel.table.selectRow(0)

    def _load_done(self, n: int) -> None:
        self.list_panel.model.settle()
        self._refresh_dashboard()
        if n > 1 and not self.list_panel.table.currentIndex().isValid():
            self.right.setCurrentWidget(self.dashboard)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0 if busy else 1)
        self.cancel_button.setVisible(busy and self.controller.loading)

    # ------------------------------------------------------------------ paste

    def paste_headers(self) -> None:
        dialog = PasteDialog(self, QApplication.clipboard().text())
        if dialog.exec() and dialog.text().strip():
            self.controller.analyze_paste(dialog.text())

    def _row_added(self, row: object) -> None:
        assert isinstance(row, MessageRow)
        self.pages.setCurrentIndex(1)
        panel = self.list_panel
        panel.add_rows([row])
        shown = panel.model.shown_row_of(row.key)
        if shown >= 0:
            panel.table.setCurrentIndex(panel.model.index(shown, 0))
        self._refresh_dashboard()

    # ------------------------------------------------------------------ selection

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.list_panel.model.data(current, ROW_ROLE) if current.isValid() else None
        if isinstance(row, MessageRow):
            self.right.setCurrentWidget(self.message_view)
            self.controller.show_message(row)

    def _show_bundle(self, bundle: object) -> None:
        assert isinstance(bundle, MessageBundle)
        self.message_view.set_bundle(bundle)
        self.message_view.set_note(self.controller.notes.message_note(bundle.report.source))

    def _refresh_dashboard(self) -> None:
        """Redraw the dashboard now if it is in view, else when it is next shown: laying out
        its tables is the costliest thing the window does (tens of milliseconds for a big
        mailbox), so a load that ends behind the message tabs does not pay it."""
        if self.right.currentWidget() is self.dashboard:
            self.dashboard.refresh(*self.controller.figures())
        else:
            self.dashboard.stale = True

    def _tab_shown(self, _index: int) -> None:
        if self.right.currentWidget() is self.dashboard and self.dashboard.stale:
            self._refresh_dashboard()

    # ------------------------------------------------------------------ export, settings, about

    def current_report(self) -> Report | None:
        bundle = self.message_view.bundle
        return bundle.report if bundle else None

    def visible_refs(self) -> list[SourceRef]:
        return self.list_panel.visible_refs()

    def export_report(self) -> None:
        refs = self.visible_refs()
        current = self.current_report()
        c = self.controller
        dialog = ExportDialog(
            self,
            has_message=current is not None,
            mailbox_size=len(refs),
            defaults=c.saved.report_options(c.notes.overall),
        )
        if not dialog.exec():
            return
        choice = dialog.choice()
        c.notes.overall = choice.report.notes
        c.remember_report(c.saved.with_report(choice.report))
        subjects = {r.ref: r.subject or "(no subject)" for r in self.list_panel.model.rows()}
        scope = refs if choice.mailbox else ([current.source] if current else [])
        notes = c.notes.for_report(scope, lambda ref: subjects.get(ref, ref.path))
        c.export(replace(choice, report=replace(choice.report, notes=notes)), current, refs)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self, self.controller.saved)
        if dialog.exec():
            self.controller.apply_settings(dialog.settings())

    def _settings_changed(self, settings: object) -> None:
        assert isinstance(settings, AppSettings)
        self._refresh_recent(self.controller.saved.recent)

    def _refresh_recent(self, recent: tuple[str, ...]) -> None:
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.controller.open_paths([p]))
        self.recent_menu.setEnabled(bool(recent))
        self.start.set_recent(recent)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", about_text())

    # ------------------------------------------------------------------ drag and drop, closing

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            # Dropping onto a list adds to it; onto the start screen it opens.
            self.controller.open_paths(paths, add=self.pages.currentIndex() == 1)
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.shutdown()
        super().closeEvent(event)
