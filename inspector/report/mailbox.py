"""Mailbox figures as tables: the GUI's dashboard (whose groups are links that filter the
list) and the sender tables of the client report.

Pass rates count only the messages that could be checked; a group none of whose messages
could be checked says so instead of showing 0%.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from urllib.parse import quote, unquote

from inspector.mailbox.stats import MailboxStats, PassRates, Tally
from inspector.model.codes import Risk
from inspector.report.html_base import RISK_COLOURS, esc, table
from inspector.report.mailbox_bounces import bounce_dashboard_html


class FilterKey(StrEnum):
    """The message-list filters a dashboard link asks for: ``filter:KEY=VALUE`` (the value is
    a risk, ``method:result``, a platform, a sending domain or a finding id; ``bounce`` and
    ``clear`` take none). The links are written here and followed by the GUI."""

    RISK = "risk"
    AUTH = "auth"
    PLATFORM = "platform"
    SENDER = "sender"
    FINDING = "finding"
    BOUNCE = "bounce"
    CLEAR = "clear"


_SCHEME = "filter:"


def filter_href(key: FilterKey, value: str | None = None) -> str:
    """The link target that asks the GUI for one filter (the value URL-quoted)."""
    if value is None:
        return f"{_SCHEME}{key.value}"
    return f"{_SCHEME}{key.value}={quote(value, safe='')}"


def read_filter_href(target: str) -> tuple[FilterKey, str] | None:
    """The filter a link target asks for; None for any other link or an unknown key."""
    if not target.startswith(_SCHEME):
        return None
    key, _, value = target.removeprefix(_SCHEME).partition("=")
    try:
        return FilterKey(key), unquote(value)
    except ValueError:
        return None


def _pct(tally: Tally) -> str:
    """The pass rate with its base ("80% of 5"), or "not checked" when nothing was."""
    rate = tally.rate
    return "not checked" if rate is None else f"{rate:.0%} of {tally.checked}"


def _rates_rows(
    groups: Sequence[tuple[str, PassRates]], link: Callable[[str], str] | None = None
) -> list[list[str]]:
    return [
        [
            link(name) if link else esc(name),
            esc(r.messages),
            esc(_pct(r.spf)),
            esc(_pct(r.dkim)),
            esc(_pct(r.dmarc)),
            esc(r.high_risk),
        ]
        for name, r in groups
    ]


def _filter_link(key: FilterKey) -> Callable[[str], str]:
    """An anchor the GUI turns into a list filter (``filter:sender=example.com``)."""

    def make(value: str) -> str:
        return f'<a href="{filter_href(key, value)}">{esc(value)}</a>'

    return make


#: Rows of the by-domain and by-platform tables: the busiest groups, enough to act on, and a
#: page the GUI lays out quickly (every table row costs layout time on the GUI thread).
GROUPS_SHOWN = 25


def _busiest(groups: dict[str, PassRates]) -> list[tuple[str, PassRates]]:
    return sorted(groups.items(), key=lambda kv: (-kv[1].messages, kv[0]))[:GROUPS_SHOWN]


def _shown_of(shown: int, total: int) -> str:
    return f'<p class="muted">The {shown} busiest of {total}.</p>' if total > shown else ""


def dashboard_html(stats: MailboxStats, *, errors: Sequence[str] = (), links: bool = False) -> str:
    """The mailbox figures. With ``links`` (the GUI), groups are anchors that filter the list."""
    risk_link = _filter_link(FilterKey.RISK) if links else None
    risk_rows = [
        [
            f'<span style="color:{RISK_COLOURS[risk]}">'
            f"{risk_link(risk.value) if risk_link else esc(risk.value)}</span>",
            esc(stats.by_risk[risk]),
        ]
        for risk in (Risk.CRITICAL, Risk.HIGH, Risk.MEDIUM, Risk.LOW)
    ]
    sender_link = _filter_link(FilterKey.SENDER) if links else None
    platform_link = _filter_link(FilterKey.PLATFORM) if links else None
    finding_link = _filter_link(FilterKey.FINDING) if links else None
    cols = ["Group", "Messages", "SPF pass", "DKIM pass", "DMARC pass", "High risk"]
    domains = _busiest(stats.by_domain)
    platforms = _busiest(stats.by_platform)
    parts = [
        f"<p>{esc(stats.messages)} messages analysed, {esc(stats.bounces)} bounces"
        f"{', ' + esc(stats.unreadable) + ' inputs unreadable' if stats.unreadable else ''}.</p>",
        "<h3>Messages by risk</h3>",
        table(["Risk", "Messages"], risk_rows),
        "<h3>Authentication overall</h3>",
        table(cols, _rates_rows([("All messages", stats.overall)])),
        "<h3>By sending domain</h3>",
        table(cols, _rates_rows(domains, sender_link)),
        _shown_of(len(domains), len(stats.by_domain)),
        "<h3>By sending platform</h3>",
        table(cols, _rates_rows(platforms, platform_link)),
        _shown_of(len(platforms), len(stats.by_platform)),
        "<h3>Most frequent findings</h3>",
        table(
            ["Finding", "Id", "Messages"],
            [
                [esc(t), finding_link(i) if finding_link else esc(i), esc(c)]
                for i, t, c in stats.top_findings(15)
            ],
        ),
        "<h3>Senders with most DMARC failures</h3>",
        table(
            ["Domain", "Messages", "Not passing DMARC"],
            [
                [sender_link(d) if sender_link else esc(d), esc(r.messages), esc(r.failures)]
                for d, r in stats.worst_senders()
            ],
        ),
    ]
    parts.append(bounce_dashboard_html(stats.bounce_groups))
    if errors:
        parts += ["<h3>Inputs that could not be read</h3>", "<br/>".join(esc(e) for e in errors)]
    return "".join(parts)


def senders_tables(stats: MailboxStats, *, domains: int = 15, platforms: int = 10) -> str:
    """Pass rates by sending domain and by platform, the busiest first (a client report)."""
    cols = ["Sent from", "Messages", "SPF pass", "DKIM pass", "DMARC pass", "High risk"]
    by_domain = sorted(stats.by_domain.items(), key=lambda kv: (-kv[1].messages, kv[0]))
    by_platform = sorted(stats.by_platform.items(), key=lambda kv: (-kv[1].messages, kv[0]))
    parts = [
        "<h2>Sending domains</h2>",
        table(cols, _rates_rows(by_domain[:domains])),
    ]
    if len(by_domain) > domains:
        parts.append(f'<p class="muted">and {len(by_domain) - domains} more domains.</p>')
    parts += [
        "<h2>Sending platforms</h2>",
        table(["Platform", *cols[1:]], _rates_rows(by_platform[:platforms])),
    ]
    return "".join(parts)
