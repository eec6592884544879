"""The dashboard's bounce section: removals, sender fixes, reasons and domains, escaped."""

from __future__ import annotations

from dataclasses import replace

from inspector.bounces.recipient import failed_recipient
from inspector.mailbox.bounce_stats import BounceStats
from inspector.mailbox.stats import MailboxStats
from inspector.model.bounces import Bounce
from inspector.model.codes import BounceKind
from inspector.report.mailbox import dashboard_html
from inspector.report.mailbox_bounces import bounce_dashboard_html
from tests.support.reports import sample_report


def _stats() -> MailboxStats:
    stats = MailboxStats()
    recipients = (
        failed_recipient("<b>gone</b>@example.com", diagnostic="550 5.1.1 User unknown"),
        failed_recipient("b@example.net", diagnostic="550 5.7.26 unauthenticated email"),
    )
    stats.add(replace(sample_report(), bounce=Bounce(BounceKind.DSN, recipients)))
    return stats


def test_sections_for_removal_fixes_reasons_and_domains() -> None:
    html = bounce_dashboard_html(_stats().bounce_groups)
    removal = html.index("Hard bounces to remove")
    fixes = html.index("Sender-side problems to fix")
    assert fixes < removal < html.index("By reason") < html.index("By receiving domain")
    assert "&lt;b&gt;gone&lt;/b&gt;@example.com" in html and "<b>gone" not in html
    assert "authfailure" in html and "userunknown" in html


def test_no_bounces_no_section_and_the_dashboard_shows_it() -> None:
    assert bounce_dashboard_html(BounceStats()) == ""
    assert "Hard bounces to remove" in dashboard_html(_stats())
