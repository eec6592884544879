"""The mailbox report: dashboard figures, a table of contents and one section per message.

Per-message sections are the single-message report without its two appendices (all headers,
DNS evidence), which would make a 1,000-message report unreadably long; the JSON export keeps
everything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import quote

from inspector import APP_NAME
from inspector.mailbox.stats import MailboxStats, PassRates, Tally
from inspector.model.codes import Risk
from inspector.model.report import Report
from inspector.report.html import findings_section, identity_section, verdict_section, wrap_document
from inspector.report.html_auth import auth_summary_section
from inspector.report.html_base import RISK_COLOURS, esc, table
from inspector.report.html_route import route_section


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


def _filter_link(kind: str) -> Callable[[str], str]:
    """An anchor the GUI turns into a list filter (``filter:sender=example.com``)."""

    def make(value: str) -> str:
        return f'<a href="filter:{kind}={quote(value, safe="")}">{esc(value)}</a>'

    return make


def dashboard_html(stats: MailboxStats, *, errors: Sequence[str] = (), links: bool = False) -> str:
    """The mailbox figures. With ``links`` (the GUI), groups are anchors that filter the list."""
    risk_link = _filter_link("risk") if links else None
    risk_rows = [
        [
            f'<span style="color:{RISK_COLOURS[risk]}">'
            f"{risk_link(risk.value) if risk_link else esc(risk.value)}</span>",
            esc(stats.by_risk[risk]),
        ]
        for risk in (Risk.CRITICAL, Risk.HIGH, Risk.MEDIUM, Risk.LOW)
    ]
    sender_link = _filter_link("sender") if links else None
    platform_link = _filter_link("platform") if links else None
    finding_link = _filter_link("finding") if links else None
    cols = ["Group", "Messages", "SPF pass", "DKIM pass", "DMARC pass", "High risk"]
    domains = sorted(stats.by_domain.items(), key=lambda kv: (-kv[1].messages, kv[0]))[:25]
    platforms = sorted(stats.by_platform.items(), key=lambda kv: (-kv[1].messages, kv[0]))
    parts = [
        f"<p>{esc(stats.messages)} messages analysed, {esc(stats.bounces)} bounces"
        f"{', ' + esc(stats.unreadable) + ' inputs unreadable' if stats.unreadable else ''}.</p>",
        "<h3>Messages by risk</h3>",
        table(["Risk", "Messages"], risk_rows),
        "<h3>Authentication overall</h3>",
        table(cols, _rates_rows([("All messages", stats.overall)])),
        "<h3>By sending domain</h3>",
        table(cols, _rates_rows(domains, sender_link)),
        "<h3>By sending platform</h3>",
        table(cols, _rates_rows(platforms, platform_link)),
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
    if errors:
        parts += ["<h3>Inputs that could not be read</h3>", "<br/>".join(esc(e) for e in errors)]
    return "".join(parts)


def message_section(report: Report, number: int) -> str:
    title = esc(report.message.subject or "(no subject)")
    return "".join(
        [
            f'<h2 style="page-break-before: always"><a name="m{number}"></a>{number}. {title}</h2>',
            identity_section(report),
            verdict_section(report),
            "<h3>Authentication</h3>",
            auth_summary_section(report),
            "<h3>Route</h3>",
            route_section(report),
            f"<h3>Findings ({len(report.findings)})</h3>",
            findings_section(report.findings),
        ]
    )


def render_mailbox_report(reports: Sequence[Report], *, errors: Sequence[str] = ()) -> str:
    stats = MailboxStats()
    stats.unreadable = len(errors)
    for r in reports:
        stats.add(r)
    toc = "".join(
        f'<li><a href="#m{i}">{esc(r.message.subject or "(no subject)")}</a> '
        f'<span style="color:{RISK_COLOURS[r.summary.risk]}">{esc(r.summary.risk.value)}</span>'
        "</li>"
        for i, r in enumerate(reports, 1)
    )
    body = "".join(
        [
            f"<h1>{esc(APP_NAME)}: mailbox report</h1>",
            "<h2>Dashboard</h2>",
            dashboard_html(stats, errors=errors),
            '<h2 style="page-break-before: always">Contents</h2>',
            f"<ol>{toc}</ol>",
            *(message_section(r, i) for i, r in enumerate(reports, 1)),
        ]
    )
    return wrap_document(f"{APP_NAME}: mailbox report", body)
