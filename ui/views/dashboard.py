"""The mailbox dashboard tab: the mailbox's figures, whose links filter the message list.

Links use a private ``filter:`` scheme (``filter:risk=high``, ``filter:sender=example.com``,
``filter:clear``...) so a click never leaves the application; anything else is ignored.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl, Signal

from inspector.mailbox.stats import MailboxStats
from inspector.model.codes import AuthMethod, AuthStatus, Risk
from inspector.report.mailbox import FilterKey, dashboard_html, filter_href, read_filter_href
from ui.models.message_filter import auth_filter_value
from ui.views.safe_browser import PageBrowser

_RISKS = (Risk.CRITICAL, Risk.HIGH, Risk.MEDIUM)


class DashboardView(PageBrowser):
    """Mailbox figures; a click on a link asks for that filter (``filter_requested``)."""

    #: A link was clicked: the filter's key (a FilterKey) and value.
    filter_requested = Signal(object, str)

    def __init__(self) -> None:
        super().__init__()
        #: time.monotonic() of the last refresh, so a load redraws it at most every few seconds.
        self.refreshed_at = 0.0
        #: The figures changed since the page was drawn: redraw when next shown.
        self.stale = False
        # Always there: the page is nearly always taller than the pane, and a scroll bar that
        # appears after the layout narrows the page, which lays every table out a second time.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.anchorClicked.connect(self.follow_link)

    def refresh(self, stats: MailboxStats, errors: Sequence[str]) -> None:
        self.refreshed_at = time.monotonic()
        self.stale = False
        if not stats.messages and not stats.unreadable:
            self.set_body(
                "<h2>Mailbox dashboard</h2><p>Open a folder or mailbox to see its figures.</p>"
            )
            return
        shortcuts = [
            *((filter_href(FilterKey.RISK, r.value), f"{r.value} risk") for r in _RISKS),
            (
                filter_href(FilterKey.AUTH, auth_filter_value(AuthMethod.DMARC, AuthStatus.FAIL)),
                "DMARC fail",
            ),
            (
                filter_href(FilterKey.AUTH, auth_filter_value(AuthMethod.SPF, AuthStatus.FAIL)),
                "SPF fail",
            ),
            (filter_href(FilterKey.BOUNCE), "bounces"),
            (filter_href(FilterKey.CLEAR), "clear filters"),
        ]
        links = (
            "<p>Filter the list: "
            + " \u00b7 ".join(f'<a href="{href}">{text}</a>' for href, text in shortcuts)
            + ". Click a domain, platform or finding below to list only its messages.</p>"
        )
        self.set_body(
            "<h2>Mailbox dashboard</h2>" + links + dashboard_html(stats, errors=errors, links=True)
        )

    def follow_link(self, url: QUrl) -> None:
        asked = read_filter_href(url.toString())
        if asked is not None:
            self.filter_requested.emit(*asked)
