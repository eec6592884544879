"""HTML rendering of reports: the GUI's detail views, the HTML export and (through Qt's
QTextDocument) the PDF all use this one renderer.

The HTML keeps to what Qt's rich-text engine understands (tables with ``thead`` so headers repeat
on every PDF page, inline colours, no scripts, no external resources, no images: the delay
timeline is drawn with table cells), so the same markup prints well and opens in any browser.
Every piece of message-derived text goes through ``esc``: a subject containing markup or script
appears literally.

This module assembles the document and renders the short sections (identity, verdict, findings,
appendices); the longer sections have modules of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector import APP_NAME
from inspector.diagnosis import rank_findings, top_findings
from inspector.model.findings import Finding
from inspector.model.report import Report
from inspector.report.html_auth import auth_details_section, auth_summary_section
from inspector.report.html_base import (
    OFFLINE_NOTE,
    RISK_COLOURS,
    SEVERITY_COLOURS,
    STYLE,
    _coloured,
    esc,
    fmt_time,
    kv,
    table,
)
from inspector.report.html_route import route_section
from inspector.report.html_sender import bounce_section, sender_section, verdicts_section


def identity_section(report: Report) -> str:
    m = report.message
    return kv(
        [
            ("Subject", esc(m.subject)),
            ("From", esc(m.from_)),
            ("To", esc(m.to)),
            ("Date", esc(fmt_time(m.date))),
            ("Message-ID", f'<span class="mono">{esc(m.message_id)}</span>'),
            ("Source", esc(f"{report.source.path} #{report.source.index}")),
        ]
    )


def verdict_section(report: Report) -> str:
    s = report.summary
    colour = RISK_COLOURS[s.risk]
    parts = [
        f'<p class="verdict" style="color:{colour}">Risk: {esc(s.risk.value.upper())}'
        f" \u2014 {esc(s.verdict)}</p>"
    ]
    reasons = top_findings(report.findings, s.top_reasons)
    if reasons:
        parts.append("<h3>Most likely reasons this went (or would go) to spam</h3><ol>")
        for f in reasons:
            parts.append(
                f"<li><b>{esc(f.title)}</b> "
                f'<span style="color:{SEVERITY_COLOURS[f.severity]}">[{esc(f.severity.value)}]'
                f"</span><br/>{esc(f.explanation)}<br/><i>Fix:</i> {esc(f.remedy)}</li>"
            )
        parts.append("</ol>")
    return "".join(parts)


def findings_section(findings: Sequence[Finding]) -> str:
    rows = []
    for f in rank_findings(findings):
        evidence = "<br/>".join(f'<span class="mono">{esc(e)}</span>' for e in f.evidence[:8])
        rows.append(
            [
                _coloured(SEVERITY_COLOURS[f.severity], f.severity.value),
                f"<b>{esc(f.title)}</b><br/>{esc(f.explanation)}"
                + (f"<br/>{evidence}" if evidence else "")
                + f'<br/><span class="muted">{esc(f.id)}</span>',
                esc(f.remedy),
            ]
        )
    return table(["Severity", "Finding and evidence", "Remedy"], rows)


def headers_appendix(report: Report) -> str:
    return table(
        ["#", "Header", "Value (decoded)"],
        [
            [esc(i + 1), esc(h.name), f'<span class="mono">{esc(h.value[:4000])}</span>']
            for i, h in enumerate(report.headers[:2000])
        ],
    )


def dns_appendix(report: Report) -> str:
    return table(
        ["Asked (UTC)", "Question", "Status", "Answer", "Server", "ms"],
        [
            [
                esc(q.asked_at.strftime("%H:%M:%S.%f")[:-3] if q.asked_at else None),
                f'<span class="mono">{esc(q.name)} {esc(q.rdtype)}</span>',
                esc(q.status.value),
                f'<span class="mono">{esc("; ".join(q.answers)[:600])}</span>',
                esc(q.server),
                esc(f"{q.elapsed_ms:.0f}"),
            ]
            for q in report.dns
        ],
    )


def message_body(report: Report, *, heading_level: int = 1, anchor: str = "") -> str:
    """The whole single-message report body (no <html> wrapper)."""
    h = f"h{heading_level}"
    sub = f"h{min(heading_level + 1, 6)}"
    title = esc(report.message.subject or "(no subject)")
    parts = [
        f'<{h}><a name="{anchor}"></a>{title}</{h}>' if anchor else f"<{h}>{title}</{h}>",
        identity_section(report),
        f"<{sub}>Verdict</{sub}>",
        verdict_section(report),
        f"<{sub}>Authentication</{sub}>",
        auth_summary_section(report),
        auth_details_section(report),
        f"<{sub}>Route</{sub}>",
        route_section(report),
        f"<{sub}>Sender intelligence</{sub}>",
        sender_section(report),
        f"<{sub}>Receivers' verdicts</{sub}>",
        verdicts_section(report),
    ]
    if report.bounce is not None:
        parts += [f"<{sub}>Bounce</{sub}>", bounce_section(report)]
    parts += [
        f"<{sub}>All findings ({len(report.findings)})</{sub}>",
        findings_section(report.findings),
        f"<{sub}>Appendix A: headers</{sub}>",
        headers_appendix(report),
        f"<{sub}>Appendix B: DNS evidence</{sub}>",
        dns_appendix(report),
        f'<p class="muted">Analysed {esc(fmt_time(report.analyzed_at))} by {esc(APP_NAME)} '
        f"{esc(report.tool_version)}{OFFLINE_NOTE if report.offline else ''}.</p>",
    ]
    if report.errors:
        parts.append("<p>Problems while analysing: " + esc("; ".join(report.errors)) + "</p>")
    return "".join(parts)


def wrap_document(title: str, body: str) -> str:
    """A self-contained HTML document: inline style, no scripts, no external resources."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'/>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\"/>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def render_message_report(report: Report) -> str:
    return wrap_document(
        f"{APP_NAME}: {report.message.subject or 'message report'}", message_body(report)
    )
