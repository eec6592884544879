"""The message view: one tab per aspect of the analysis of the selected message.

Each tab lives in its own module (``findings_tab``, ``headers_tab``, ``route_tab``,
``content_tab``, ``source_tab``, ``overview``); this module composes them. HTML tabs reuse the
report renderer (``inspector.report.html``), so what the GUI shows and what the PDF says are
the same words. Every browser here is a SafeTextBrowser: nothing a message references is ever
loaded.

A tab is filled when it is first shown for a message, not when the message arrives: filling
all seven at once (HTML layout, tables, the raw source) held the window for longer than a
frame, and most messages are only glanced at on one tab.
"""

from __future__ import annotations

from collections.abc import Callable
from email.utils import getaddresses

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QSplitter, QTabWidget

from inspector.model.findings import Finding
from inspector.model.message import SourceRef
from inspector.model.report import Report
from inspector.report.html_auth import auth_details_section, auth_summary_section
from inspector.report.html_base import esc
from inspector.report.html_sender import bounce_section, sender_section, verdicts_section
from inspector.report.snippets import (
    finding_as_markdown,
    finding_as_text,
    message_as_markdown,
    message_as_text,
    route_as_markdown,
    route_as_text,
)
from ui.bundle import MessageBundle
from ui.icons import Glyph, icon
from ui.views.content_tab import ContentTab
from ui.views.copy_menu import browser_menu, install_on_table
from ui.views.findings_tab import FindingsTab
from ui.views.headers_tab import HeadersTab
from ui.views.notes_editor import NotesEditor
from ui.views.overview import overview_html
from ui.views.route_tab import RouteTab
from ui.views.safe_browser import PageBrowser
from ui.views.source_tab import SourceTab


def from_domain(report: object) -> str | None:
    """The From domain a person would check: the one DMARC judged, else the address's."""
    assert isinstance(report, Report)
    if report.auth.dmarc.from_domain:
        return report.auth.dmarc.from_domain
    addresses = getaddresses([report.message.from_ or ""])
    domain = addresses[0][1].rpartition("@")[2] if addresses else ""
    return domain.strip().lower() or None


def finding_snippet(finding: object) -> tuple[str, str]:
    assert isinstance(finding, Finding)
    return finding_as_text(finding), finding_as_markdown(finding)


class MessageView(QTabWidget):
    """All tabs for one message: seven, so they fit a 1024-pixel window. Sender, receivers'
    verdicts and bounce details share a tab (who sent it, and what receivers made of it); the
    decoded headers and the raw source share another (the message as written)."""

    TABS = (
        (Glyph.MAIL, "Overview"),
        (Glyph.FINDINGS, "Findings"),
        (Glyph.AUTH, "Authentication"),
        (Glyph.ROUTE, "Route"),
        (Glyph.DOMAIN, "Sender && verdicts"),
        (Glyph.INBOX, "Content"),
        (Glyph.COPY, "Headers && source"),
    )
    #: The analyst edited the note on the message shown (its SourceRef, the whole text).
    note_changed = Signal(object, str)
    #: "Check this domain" was chosen on the overview (the From domain).
    check_domain_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.overview = PageBrowser()
        self.notes = NotesEditor()
        self.notes.edited.connect(self._note_edited)
        self.overview_tab = QSplitter(Qt.Orientation.Vertical)
        self.overview_tab.addWidget(self.overview)
        self.overview_tab.addWidget(self.notes)
        self.overview_tab.setStretchFactor(0, 1)
        self.overview_tab.setStretchFactor(1, 0)  # the note keeps its few lines; drag for more
        self.findings = FindingsTab()
        self.auth = PageBrowser()
        self.route = RouteTab()
        self.sender_tab = PageBrowser()
        self.content = ContentTab()
        self.headers = HeadersTab()
        self.source = SourceTab()
        self.raw_tabs = QTabWidget()
        self.raw_tabs.addTab(self.headers, "Headers")
        self.raw_tabs.addTab(self.source, "Source")
        for widget, (glyph, title) in zip(
            (
                self.overview_tab,
                self.findings,
                self.auth,
                self.route,
                self.sender_tab,
                self.content,
                self.raw_tabs,
            ),
            self.TABS,
            strict=True,
        ):
            self.addTab(widget, icon(glyph), title)
        self.findings.evidence_selected.connect(self._highlight_evidence)
        self.bundle: MessageBundle | None = None
        self._fillers: tuple[Callable[[MessageBundle], None], ...] = (
            self._fill_overview,
            self._fill_findings,
            self._fill_auth,
            self._fill_route,
            self._fill_sender,
            self.content.set_bundle,
            self._fill_raw,
        )
        #: Tabs not yet filled with the message shown (indexes into ``TABS``).
        self._stale: set[int] = set()
        self.currentChanged.connect(self._fill_tab)
        self.overview.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.overview.customContextMenuRequested.connect(self._overview_menu)
        install_on_table(self.findings.view, "finding", finding_snippet)
        install_on_table(self.route.view, "route", self.route_snippet)
        self.show_placeholder(
            "Open a message, a folder or a mailbox, or paste headers (Ctrl+Shift+V)."
        )

    def message_snippet(self) -> tuple[str, str] | None:
        if self.bundle is None:
            return None
        report = self.bundle.report
        return message_as_text(report), message_as_markdown(report)

    def route_snippet(self, _hop: object) -> tuple[str, str]:
        hops = self.bundle.report.hops if self.bundle else ()
        return route_as_text(hops), route_as_markdown(hops)

    def overview_menu(self, pos: QPoint) -> QMenu:
        """Copy the summary, and check the From domain's posture."""
        menu = browser_menu(self.overview, pos, "message summary", self.message_snippet)
        domain = from_domain(self.bundle.report) if self.bundle else None
        if domain:
            menu.addSeparator()
            action = menu.addAction(icon(Glyph.DOMAIN), f"Check the domain {domain}\u2026")
            action.triggered.connect(lambda: self.check_domain_requested.emit(domain))
        return menu

    def _overview_menu(self, pos: QPoint) -> None:
        self.overview_menu(pos).exec(self.overview.viewport().mapToGlobal(pos))

    def _note_edited(self, text: str) -> None:
        if self.bundle is not None:
            self.note_changed.emit(self.bundle.report.source, text)

    def set_note(self, text: str) -> None:
        """Show the analyst's note on the message shown (not reported back as an edit)."""
        self.notes.set_note(text, enabled=self.bundle is not None)

    def current_ref(self) -> SourceRef | None:
        return self.bundle.report.source if self.bundle else None

    def show_placeholder(self, text: str) -> None:
        self.bundle = None
        self.overview.set_body(f'<p class="muted">{esc(text)}</p>')
        self.notes.set_note("", enabled=False)

    def set_bundle(self, bundle: MessageBundle) -> None:
        """Show ``bundle``: the visible tab now, each other one when it is first shown."""
        self.bundle = bundle
        self._stale = set(range(len(self._fillers)))
        self._fill_tab(self.currentIndex())

    def _fill_tab(self, index: int) -> None:
        if self.bundle is None or index not in self._stale:
            return
        self._stale.discard(index)
        self._fillers[index](self.bundle)

    def _highlight_evidence(self, evidence: tuple[str, ...]) -> None:
        self._fill_tab(self.indexOf(self.raw_tabs))
        self.headers.highlight(evidence)

    def _fill_overview(self, bundle: MessageBundle) -> None:
        self.overview.set_body(overview_html(bundle.report))

    def _fill_findings(self, bundle: MessageBundle) -> None:
        self.findings.set_findings(bundle.report.findings)

    def _fill_auth(self, bundle: MessageBundle) -> None:
        r = bundle.report
        self.auth.set_body(auth_summary_section(r) + auth_details_section(r))

    def _fill_route(self, bundle: MessageBundle) -> None:
        self.route.set_report(bundle.report)

    def _fill_sender(self, bundle: MessageBundle) -> None:
        r = bundle.report
        body = sender_section(r) + "<h2>Receivers&#8217; verdicts</h2>" + verdicts_section(r)
        if r.bounce is not None:
            body += "<h2>Bounce</h2>" + bounce_section(r)
        self.sender_tab.set_body(body)

    def _fill_raw(self, bundle: MessageBundle) -> None:
        self.headers.set_headers(bundle.report)
        self.source.set_raw(bundle.raw)
