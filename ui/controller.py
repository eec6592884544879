"""The application's state and work, apart from its widgets.

The controller owns the settings (the saved ones and this run's command-line overrides), the
analysis session, the task runner and the status line. Views never call each other or the
status bar: they call the controller, and the window connects the controller's signals to the
views. Every piece of analysis runs through the runner, so tests can hand in a
``SyncTaskRunner`` and assert on outcomes without waiting on threads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from inspector.case.store import is_case_file
from inspector.errors import InspectorError
from inspector.intel.domaincheck import DomainPosture, check_domain
from inspector.mailbox.stats import MailboxStats
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.net.rdap import RdapClient
from inspector.net.resolver import Resolver
from inspector.report.visible_text import visible
from ui.bundle import MessageBundle
from ui.case_opener import unpack_case
from ui.case_saver import CaseSaved, save_case_file
from ui.export_task import ExportChoice, export_reports
from ui.models.message_row import ListComplete, MessageRow
from ui.notes import AnalystNotes
from ui.session import AnalysisSession
from ui.settings import AppSettings, RunOverrides, save_settings
from ui.tasks import CancelToken, Runner, TaskRunner
from ui.theme import Theme, apply_theme

log = logging.getLogger(__name__)


class Controller(QObject):
    #: A line for the status bar.
    status_changed = Signal(str)
    #: A long task (a load or an export) started (True) or ended (False).
    busy_changed = Signal(bool)
    #: The list is about to be replaced by a new load (not sent when adding to it).
    list_reset = Signal()
    #: Rows for the list (MessageRow; ListComplete marks the end of the listing).
    rows_arrived = Signal(list)
    #: Every message is listed (their analysis may still be running): rows listed so far.
    list_complete = Signal(int)
    #: A load finished or was cancelled: rows listed.
    load_finished = Signal(int)
    #: The selected message is ready to be shown (a MessageBundle).
    message_ready = Signal(object)
    #: The selected message cannot be shown: why.
    message_unavailable = Signal(str)
    #: A pasted message was analysed (its MessageRow).
    row_added = Signal(object)
    #: The saved settings or the recent files changed (the effective AppSettings).
    settings_changed = Signal(object)
    #: A domain check finished (a DomainPosture).
    domain_checked = Signal(object)
    #: A case was opened (an OpenedCase); its messages are being listed.
    case_opened = Signal(object)

    def __init__(
        self,
        settings: AppSettings,
        overrides: RunOverrides | None = None,
        *,
        runner: Runner | None = None,
        persist: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.saved = settings
        self.overrides = self._run_overrides = overrides or RunOverrides()
        #: The analyst's notes of this run: they outlive sessions and go into a saved case.
        self.notes = AnalystNotes()
        self.persist = persist
        self.runner: Runner = runner or TaskRunner(self)
        self.session = AnalysisSession(self.settings.to_options(), workers=self.settings.workers)
        self._load_token: CancelToken | None = None
        self._detail_token: CancelToken | None = None
        self._wanted: SourceRef | None = None
        self._listed = 0
        self.loading = False
        self.runner.run(lambda _t: self.session.warm(), on_done=lambda _r: None)

    @property
    def settings(self) -> AppSettings:
        """The settings in force: the saved ones with this run's command-line options."""
        return self.overrides.apply(self.saved)

    def status(self, text: str) -> None:
        self.status_changed.emit(text)

    # ------------------------------------------------------------------ loading

    def open_paths(self, paths: Sequence[str], *, add: bool = False) -> None:
        """Read ``paths`` into the list, replacing it unless ``add``; a case file among them
        opens that case instead."""
        cases = [p for p in paths if p.lower().endswith(".dicase") or is_case_file(p)]
        if cases:
            self.open_case(cases[0])
            return
        if not add and self.overrides != self._run_overrides:
            self._new_session(self._run_overrides)  # leaving a case: stop replaying it
        self._remember_recent(paths)
        self._load(paths, add=add)

    def _load(self, paths: Sequence[str], *, add: bool) -> None:
        self.cancel_loading()
        if not add:
            self.list_reset.emit()
            self.session.reset_mailbox()
            self._listed = 0
        self._set_busy(True)
        self.status(f"Reading {', '.join(visible(Path(p).name or p) for p in paths)}\u2026")
        self._load_token = self.runner.stream(
            lambda token: self.session.load(list(paths), token),
            on_batch=self._rows,
            on_finished=self._load_done,
            on_error=self._failed,
        )

    def open_case(self, path: str) -> None:
        """Open a saved case offline: its copies, replaying its answers, with its notes."""
        try:
            opened = unpack_case(path)
        except InspectorError as exc:
            self.status(f"Cannot open the case: {exc}")
            return
        self._remember_recent([opened.path])
        self._new_session(replace(self._run_overrides, replay_dns=opened.answers))
        self.notes.replace_all(opened.notes, opened.message_notes, opened.title)
        self.case_opened.emit(opened)
        self._load([opened.messages], add=False)

    def save_case(self, path: str, refs: Sequence[SourceRef]) -> None:
        """Save the listed messages, the answers they need and the notes as a case file."""
        options = self.settings.to_options()
        notes = self.notes
        self.status(f"Saving the case to {Path(path).name}\u2026")
        self._set_busy(True)
        self.runner.run(
            lambda _t: save_case_file(path, list(refs), notes, options),
            on_done=self._case_saved,
            on_error=self._case_failed,
        )

    def _case_saved(self, saved: object) -> None:
        assert isinstance(saved, CaseSaved)
        self._set_busy(False)
        self.status(saved.sentence())

    def _case_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status(f"Case not saved: {exc}")

    def _rows(self, items: list[object]) -> None:
        rows = [r for r in items if isinstance(r, MessageRow)]
        self._listed += sum(1 for r in rows if r.pending or r.error)
        self.rows_arrived.emit(items)
        stats = self.session.stats
        if any(isinstance(r, ListComplete) for r in items):
            self.list_complete.emit(self._listed)
            self.status(f"Listed {self._listed:,} messages; analysed {stats.messages:,}\u2026")
        else:
            self.status(f"Listing messages: {self._listed:,}\u2026")

    def _load_done(self) -> None:
        cancelled = self._load_token is not None and self._load_token.cancelled
        self._load_token = None
        self._set_busy(False)
        s = self.session
        text = f"{s.stats.messages + s.stats.unreadable:,} messages"
        if s.stats.unreadable:
            text += f", {s.stats.unreadable} unreadable"
        if s.duplicates:
            text += f"; {s.duplicates} duplicate{'s' if s.duplicates != 1 else ''} shown once"
        self.status(("Cancelled: " if cancelled else "Loaded ") + text)
        self.load_finished.emit(self._listed)

    def cancel_loading(self) -> None:
        if self._load_token is not None:
            self._load_token.cancel()

    def _set_busy(self, busy: bool) -> None:
        self.loading = busy
        self.busy_changed.emit(busy)

    def _failed(self, exc: BaseException) -> None:
        log.error("task failed: %r", exc)
        self.status(f"Error: {exc}")

    def figures(self) -> tuple[MailboxStats, list[str]]:
        """The mailbox figures for the dashboard (a copy, safe while a load runs)."""
        return self.session.stats_snapshot(), self.session.errors[:50]

    # ------------------------------------------------------------------ one message

    def analyze_paste(self, text: str) -> None:
        self.status("Analysing pasted headers\u2026")
        self.runner.run(
            lambda _t: self.session.add_paste(text), on_done=self._pasted, on_error=self._failed
        )

    def _pasted(self, report: object) -> None:
        assert isinstance(report, Report)
        self.status("Pasted headers analysed")
        self.row_added.emit(MessageRow.from_report(report))

    def show_message(self, row: MessageRow) -> None:
        """Analyse (or fetch from the cache) the message of ``row`` and emit it when ready;
        a result for a message no longer wanted is dropped."""
        if self._detail_token is not None:
            self._detail_token.cancel()
        if row.error:
            self._wanted = None
            self.message_unavailable.emit(
                visible(f"{row.ref.path}: {row.error}")
            )  # Qt drops surrogates
            return
        self._wanted = ref = row.ref
        self._detail_token = self.runner.run(
            lambda token: self.session.bundle(ref, token),
            on_done=self._bundle,
            on_error=self._failed,
        )

    def _bundle(self, bundle: object) -> None:
        if bundle is None:
            return  # cancelled: another message was chosen
        if isinstance(bundle, ReadError):
            if self._wanted is not None and (bundle.path, bundle.index) == (
                self._wanted.path,
                self._wanted.index,
            ):
                self.message_unavailable.emit(visible(f"{bundle.path}: {bundle.message}"))
            return
        assert isinstance(bundle, MessageBundle)
        if self._wanted is None or bundle.report.source != self._wanted:
            return  # the user has moved on
        self.message_ready.emit(bundle)

    # ------------------------------------------------------------------ export

    def export(
        self, choice: ExportChoice, current: Report | None, refs: Sequence[SourceRef]
    ) -> None:
        session = self.session
        wanted = list(refs) if choice.mailbox else []

        def work(token: CancelToken) -> str:
            # Streamed: one report at a time reaches the writer, whatever the mailbox's size.
            single = [current] if current is not None else []
            reports = session.reports_for(wanted, token) if choice.mailbox else single
            return export_reports(reports, choice, cancelled=lambda: token.cancelled)

        self.status(f"Exporting {len(wanted) if choice.mailbox else 1} message(s)\u2026")
        self._set_busy(True)
        self.runner.run(work, on_done=self._exported, on_error=self._export_failed)

    def _exported(self, message: object) -> None:
        self._set_busy(False)
        self.status(str(message))

    def _export_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status(f"Export failed: {exc}")

    # ------------------------------------------------------------------ domain check

    def check_domain(self, domain: str) -> None:
        """Check a sender domain's DNS posture in the background (``main.py domain``)."""
        options = self.settings.to_options()
        self.status(f"Checking {domain}\u2026")

        def work(_token: CancelToken) -> DomainPosture:
            resolver = Resolver(options)
            try:
                rdap = RdapClient(options) if options.rdap and not options.offline else None
                return check_domain(domain, resolver.session(), rdap, now=datetime.now(UTC))
            finally:
                resolver.close()

        self.runner.run(work, on_done=self._domain_done, on_error=self._failed)

    def _domain_done(self, posture: object) -> None:
        assert isinstance(posture, DomainPosture)
        self.status(f"Domain check of {posture.domain} finished")
        self.domain_checked.emit(posture)

    # ------------------------------------------------------------------ settings

    def apply_settings(self, settings: AppSettings) -> None:
        """Keep ``settings`` (saved unless impossible), start a session with them, switch the
        theme, and say plainly what was kept and what this run overrides."""
        self.saved = settings
        problem = self._save()
        self._new_session(self.overrides)
        apply_theme(Theme.parse(settings.theme))
        self.settings_changed.emit(self.settings)
        if problem:
            text = f"Settings not saved ({problem}); they apply until you quit"
        else:
            text = "Settings saved; they apply to messages opened from now on"
        if self.overrides.active:
            text += f". This run also uses {self.overrides.describe()} from the command line"
        self.status(text)

    def remember_report(self, settings: AppSettings) -> None:
        """Keep the report's cover fields typed at export time for the next export."""
        if settings != self.saved:
            self.saved = settings
            self._save()

    def _new_session(self, overrides: RunOverrides) -> None:
        self.runner.cancel_all()
        self.overrides = overrides
        old = self.session
        self.session = AnalysisSession(self.settings.to_options(), workers=self.settings.workers)
        old.close()

    def _remember_recent(self, paths: Sequence[str]) -> None:
        for p in reversed(list(paths)):
            self.saved = self.saved.with_recent(str(p))
        self._save()
        self.settings_changed.emit(self.settings)

    def _save(self) -> str:
        """Save the settings; an empty string, or why they could not be kept."""
        if not self.persist:
            return "settings are not kept in this mode"
        return save_settings(self.saved)

    def shutdown(self) -> None:
        self.runner.shutdown(5000)
        self.session.close()
