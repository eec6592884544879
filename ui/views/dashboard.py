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
from ui.views.message_list import MessageListPanel
from ui.views.page import page
from ui.views.safe_browser import SafeTextBrowser


class DashboardView(SafeTextBrowser):
    """Mailbox figures; a click on a link applies that filter to ``list_panel``."""

    #: A line for the status bar after a link changed the filters.
    status_message = Signal(str)

    def __init__(self, list_panel: MessageListPanel) -> None:
        super().__init__()
        self.list_panel = list_panel
        #: time.monotonic() of the last refresh, so a load redraws it at most every few seconds.
        self.refreshed_at = 0.0
        self.anchorClicked.connect(self.follow_link)

    def refresh(self, stats: MailboxStats, errors: Sequence[str]) -> None:
        self.refreshed_at = time.monotonic()
        if not stats.messages and not stats.unreadable:
            self.setHtml(
                page(
                    "<h2>Mailbox dashboard</h2><p>Open a folder or mailbox to see its figures.</p>"
                )
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
        self.setHtml(
            page(
                "<h2>Mailbox dashboard</h2>"
                + links
                + dashboard_html(stats, errors=errors, links=True)
            )
        )

    def follow_link(self, url: QUrl) -> None:
        target = url.toString()
        if not target.startswith("filter:"):
            return
        panel = self.list_panel
        what = target.removeprefix("filter:")
        if what == "clear":
            panel.clear_filters()
        elif what == "bounce":
            panel.bounce_filter.setChecked(True)
        else:
            key, _, value = what.partition("=")
            value = unquote(value)
            if key in ("risk", "auth", "platform"):
                panel.choose(key, value)
            elif key in ("sender", "finding"):
                panel.show_only(key, value)
        self.status_message.emit(
            f"{panel.proxy.rowCount():,} of {panel.model.rowCount():,} messages shown"
        )
        panel.table.setFocus()
