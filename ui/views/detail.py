"""The message view: one tab per aspect of the analysis of the selected message.

Each tab lives in its own module (``findings_tab``, ``headers_tab``, ``route_tab``,
``content_tab``, ``source_tab``, ``overview``); this module composes them. HTML tabs reuse the
report renderer (``inspector.report.html``), so what the GUI shows and what the PDF says are
the same words. Every browser here is a SafeTextBrowser: nothing a message references is ever
loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget

from inspector.model.message import ParsedMessage
from inspector.model.report import Report
from inspector.report.html_auth import auth_details_section, auth_summary_section
from inspector.report.html_base import esc
from inspector.report.html_sender import bounce_section, sender_section, verdicts_section
from ui.views.content_tab import ContentTab
from ui.views.findings_tab import FindingsTab
from ui.views.headers_tab import HeadersTab
from ui.views.overview import overview_html
from ui.views.page import page, table_view
from ui.views.route_tab import RouteTab
from ui.views.safe_browser import SafeTextBrowser
from ui.views.source_tab import SourceTab

#: Former private names, kept for callers written before the split.
_page = page
_table_view = table_view


@dataclass(frozen=True)
class MessageBundle:
    """What the message view needs: the report, plus the parsed message for content tabs."""

    report: Report
    parsed: ParsedMessage | None
    raw: bytes


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
        self.overview = SafeTextBrowser()
        self.findings = FindingsTab()
        self.headers = HeadersTab()
        self.route = RouteTab()
        self.auth = SafeTextBrowser()
        self.sender_tab = SafeTextBrowser()
        self.verdicts = SafeTextBrowser()
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
        self.overview.setHtml(page(f'<p class="muted">{esc(text)}</p>'))

    def set_bundle(self, bundle: MessageBundle) -> None:
        self.bundle = bundle
        r = bundle.report
        self.overview.setHtml(page(overview_html(r)))
        self.findings.set_findings(r.findings)
        self.headers.set_headers(r)
        self.route.set_report(r)
        self.auth.setHtml(page(auth_summary_section(r) + auth_details_section(r)))
        self.sender_tab.setHtml(page(sender_section(r)))
        verdicts = verdicts_section(r)
        if r.bounce is not None:
            verdicts += "<h2>Bounce</h2>" + bounce_section(r)
        self.verdicts.setHtml(page(verdicts))
        self.content.set_bundle(bundle)
        self.source.set_raw(bundle.raw)
