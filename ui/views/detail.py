"""The message view: one tab per aspect of the analysis of the selected message.

Each tab lives in its own module (``findings_tab``, ``headers_tab``, ``route_tab``,
``content_tab``, ``source_tab``, ``overview``); this module composes them. HTML tabs reuse the
report renderer (``inspector.report.html``), so what the GUI shows and what the PDF says are
the same words. Every browser here is a SafeTextBrowser: nothing a message references is ever
loaded.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from inspector.report.html_auth import auth_details_section, auth_summary_section
from inspector.report.html_base import esc
from inspector.report.html_sender import bounce_section, sender_section, verdicts_section
from ui.bundle import MessageBundle
from ui.views.content_tab import ContentTab
from ui.views.findings_tab import FindingsTab
from ui.views.headers_tab import HeadersTab
from ui.views.overview import overview_html
from ui.views.route_tab import RouteTab
from ui.views.safe_browser import PageBrowser
from ui.views.source_tab import SourceTab


class MessageView(QTabWidget):
    """All tabs for one message."""

    TABS = (
        "Overview",
        "Findings",
        "Headers",
        "Route",
        "Authentication",
        "Sender",
        "Verdicts && bounce",
        "Content",
        "Source",
    )

    def __init__(self) -> None:
        super().__init__()
        self.overview = PageBrowser()
        self.findings = FindingsTab()
        self.headers = HeadersTab()
        self.route = RouteTab()
        self.auth = PageBrowser()
        self.sender_tab = PageBrowser()
        self.verdicts = PageBrowser()
        self.content = ContentTab()
        self.source = SourceTab()
        for widget, title in zip(
            (
                self.overview,
                self.findings,
                self.headers,
                self.route,
                self.auth,
                self.sender_tab,
                self.verdicts,
                self.content,
                self.source,
            ),
            self.TABS,
            strict=True,
        ):
            self.addTab(widget, title)
        self.findings.evidence_selected.connect(self.headers.highlight)
        self.bundle: MessageBundle | None = None
        self.show_placeholder(
            "Open a message, a folder or a mailbox, or paste headers (Ctrl+Shift+V)."
        )

    def show_placeholder(self, text: str) -> None:
        self.bundle = None
        self.overview.set_body(f'<p class="muted">{esc(text)}</p>')

    def set_bundle(self, bundle: MessageBundle) -> None:
        self.bundle = bundle
        r = bundle.report
        self.overview.set_body(overview_html(r))
        self.findings.set_findings(r.findings)
        self.headers.set_headers(r)
        self.route.set_report(r)
        self.auth.set_body(auth_summary_section(r) + auth_details_section(r))
        self.sender_tab.set_body(sender_section(r))
        verdicts = verdicts_section(r)
        if r.bounce is not None:
            verdicts += "<h2>Bounce</h2>" + bounce_section(r)
        self.verdicts.set_body(verdicts)
        self.content.set_bundle(bundle)
        self.source.set_raw(bundle.raw)
