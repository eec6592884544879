"""The message view: one tab per aspect of the analysis of the selected message.

Each tab lives in its own module (``findings_tab``, ``headers_tab``, ``route_tab``,
``content_tab``, ``source_tab``, ``overview``); this module composes them. HTML tabs reuse the
report renderer (``inspector.report.html``), so what the GUI shows and what the PDF says are
the same words. Every browser here is a SafeTextBrowser: nothing a message references is ever
loaded.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from inspector.model.findings import Finding
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
from ui.views.copy_menu import install_on_browser, install_on_table
from ui.views.findings_tab import FindingsTab
from ui.views.headers_tab import HeadersTab
from ui.views.overview import overview_html
from ui.views.route_tab import RouteTab
from ui.views.safe_browser import PageBrowser
from ui.views.source_tab import SourceTab


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

    def __init__(self) -> None:
        super().__init__()
        self.overview = PageBrowser()
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
                self.overview,
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
        self.findings.evidence_selected.connect(self.headers.highlight)
        self.bundle: MessageBundle | None = None
        install_on_browser(self.overview, "message summary", self.message_snippet)
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
        body = sender_section(r) + "<h2>Receivers&#8217; verdicts</h2>" + verdicts_section(r)
        if r.bounce is not None:
            body += "<h2>Bounce</h2>" + bounce_section(r)
        self.sender_tab.set_body(body)
        self.content.set_bundle(bundle)
        self.source.set_raw(bundle.raw)
