"""The mailbox dashboard tab: the mailbox's figures, whose links filter the message list.

Links use a private ``filter:`` scheme (``filter:risk=high``, ``filter:sender=example.com``,
``filter:clear``...) so a click never leaves the application; anything else is ignored.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from urllib.parse import unquote

from PySide6.QtCore import QUrl, Signal

from inspector.mailbox.stats import MailboxStats
from inspector.model.codes import Risk
from inspector.report.mailbox import dashboard_html
from ui.views.safe_browser import PageBrowser


class DashboardView(PageBrowser):
    """Mailbox figures; a click on a link asks for that filter (``filter_requested``)."""

    #: A link was clicked: the filter's key (risk, auth, platform, sender, finding, bounce,
    #: clear) and value.
    filter_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        #: time.monotonic() of the last refresh, so a load redraws it at most every few seconds.
        self.refreshed_at = 0.0
        self.anchorClicked.connect(self.follow_link)

    def refresh(self, stats: MailboxStats, errors: Sequence[str]) -> None:
        self.refreshed_at = time.monotonic()
        if not stats.messages and not stats.unreadable:
            self.set_body(
                "<h2>Mailbox dashboard</h2><p>Open a folder or mailbox to see its figures.</p>"
            )
            return
        links = (
            "<p>Filter the list: "
            + " \u00b7 ".join(
                f'<a href="filter:risk={r.value}">{r.value} risk</a>'
                for r in (Risk.CRITICAL, Risk.HIGH, Risk.MEDIUM)
            )
            + ' \u00b7 <a href="filter:auth=dmarc:fail">DMARC fail</a>'
            + ' \u00b7 <a href="filter:auth=spf:fail">SPF fail</a>'
            + ' \u00b7 <a href="filter:bounce">bounces</a>'
            + ' \u00b7 <a href="filter:clear">clear filters</a>. Click a domain, platform or'
            " finding below to list only its messages.</p>"
        )
        self.set_body(
            "<h2>Mailbox dashboard</h2>" + links + dashboard_html(stats, errors=errors, links=True)
        )

    def follow_link(self, url: QUrl) -> None:
        target = url.toString()
        if not target.startswith("filter:"):
            return
        key, _, value = target.removeprefix("filter:").partition("=")
        self.filter_requested.emit(key, unquote(value))
