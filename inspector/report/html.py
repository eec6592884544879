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
from pathlib import PurePath

from inspector import APP_NAME
from inspector.diagnosis import top_findings
from inspector.model.codes import Evidence, SourceKind
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
from inspector.score import BASE_ID


def identity_section(report: Report) -> str:
    m = report.message
    return kv(
        [
            ("Subject", esc(m.subject)),
            ("From", esc(m.from_)),
            ("To", esc(m.to)),
            ("Date", esc(fmt_time(m.date))),
            ("Message-ID", f'<span class="mono">{esc(m.message_id)}</span>'),
            ("Source", esc(source_name(report))),
        ]
    )


def source_name(report: Report) -> str:
    """Where the message came from, by file name only: a report leaves the machine, and the
    folders of the analyst's disk are nobody else's business."""
    src = report.source
    name = PurePath(src.path.replace("\\", "/")).name or src.path
    boxes = (SourceKind.MBOX, SourceKind.MH, SourceKind.MAILDIR)
    return f"{name}, message {src.index + 1}" if src.kind in boxes else name


def verdict_section(report: Report, *, fixes: bool = True, risk_line: bool = True) -> str:
    """The risk, the verdict and the top reasons; ``fixes=False`` leaves the remedies to a fix
    plan printed elsewhere in the same document, ``risk_line=False`` the risk and verdict to a
    badge that already shows them."""
    s = report.summary
    colour = RISK_COLOURS[s.risk]
    parts = (
        [
            f'<p class="verdict" style="color:{colour}">Risk: {esc(s.risk.value.upper())}'
            f" \u2014 {esc(s.verdict)}</p>"
        ]
        if risk_line
        else []
    )
    line = score_line(report)
    if line:
        parts.append(f"<p>{line}</p>")
    reasons = top_findings(report.findings, s.top_reasons)
    if reasons:
        parts.append("<h3>Most likely reasons this went (or would go) to spam</h3><ol>")
        for f in reasons:
            parts.append(
                f"<li><b>{esc(f.title)}</b> "
                f'<span style="color:{SEVERITY_COLOURS[f.severity]}">[{esc(f.severity.value)}]'
                f"</span><br/>{esc(f.explanation)}"
                + (f"<br/><i>Fix:</i> {esc(f.remedy)}" if fixes else "")
                + "</li>"
            )
        parts.append("</ol>")
    return "".join(parts)


#: Contributions named on the score line; the JSON and the Findings list have them all.
SCORE_LINE_ITEMS = 4


def score_line(report: Report) -> str:
    """'What makes up the score of 7.4/10 (sender-side evidence only): +1.7 hidden text;
    +1.6 ...; not checked: SPF, ...' in escaped HTML, or "" when the summary has no score."""
    s = report.summary
    if s.score is None:
        return ""
    counted = [c for c in s.contributions if c.status is Evidence.COUNTED and c.points]
    named = [c for c in counted if c.finding != BASE_ID][:SCORE_LINE_ITEMS]
    unchecked = [c.finding.upper() for c in s.contributions if c.status is Evidence.NOT_CHECKED]
    text = f"<b>What makes up the score of {s.score:.1f}/10</b> (sender-side evidence only)"
    if named:
        text += ": " + "; ".join(f"{c.points:+.1f} {esc(c.title)}" for c in named)
    if unchecked:
        text += f'. <span class="muted">Not checked: {esc(", ".join(unchecked))} (0 points)</span>'
    return text


def findings_section(
    findings: Sequence[Finding], *, remedies: bool = True, ids: bool = True
) -> str:
    """Every finding with its evidence, in the order given (a report's findings come ranked
    by the analysis). A client report leaves out the ids (a developer's handle, listed in its
    appendix) and the remedies (its fix plan has them)."""
    rows = []
    for f in findings:
        evidence = "<br/>".join(f'<span class="mono">{esc(e)}</span>' for e in f.evidence[:8])
        row = [
            _coloured(SEVERITY_COLOURS[f.severity], f.severity.value),
            f"<b>{esc(f.title)}</b><br/>{esc(f.explanation)}"
            + (f"<br/>{evidence}" if evidence else "")
            + (f'<br/><span class="muted">{esc(f.id)}</span>' if ids else ""),
        ]
        rows.append([*row, esc(f.remedy)] if remedies else row)
    headers = ["Severity", "Finding and evidence"]
    return table([*headers, "Remedy"] if remedies else headers, rows)


def other_findings(report: Report) -> list[Finding]:
    """The findings a verdict section has not already shown as top reasons."""
    shown = top_findings(report.findings, report.summary.top_reasons)
    return [f for f in report.findings if f not in shown]


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


def message_details(
    report: Report,
    *,
    level: int = 1,
    anchor: str = "",
    full: bool = True,
    after_verdict: str = "",
) -> str:
    """One message for a reader: who, the verdict, authentication, route, sender and the
    findings not already given as top reasons. Remedies are left to the fix plan (which a
    one-message report puts in ``after_verdict``) and ids to the appendix. ``full=False`` (a
    mailbox appendix) leaves out the authentication details, sender intelligence and
    receivers' verdicts."""
    h = f"h{level}"
    sub = f"h{min(level + 1, 6)}"
    title = esc(report.message.subject or "(no subject)")
    others = other_findings(report)
    parts = [
        f'<{h}><a name="{anchor}"></a>{title}</{h}>' if anchor else f"<{h}>{title}</{h}>",
        identity_section(report),
        f"<{sub}>Verdict</{sub}>",
        verdict_section(report, fixes=False),
        after_verdict,
    ]
    if report.bounce is not None:  # what happened leads: the bounce before the analysis
        parts += [f"<{sub}>Bounce</{sub}>", bounce_section(report)]
    parts += [
        f"<{sub}>Authentication</{sub}>",
        auth_summary_section(report),
    ]
    if full:
        parts.append(auth_details_section(report))
    parts += [f"<{sub}>Route</{sub}>", route_section(report)]
    if full:
        parts += [
            f"<{sub}>Sender intelligence</{sub}>",
            sender_section(report),
            f"<{sub}>Receivers' verdicts</{sub}>",
            verdicts_section(report),
        ]
    if others:
        parts += [
            f"<{sub}>Other findings ({len(others)})</{sub}>",
            findings_section(others, remedies=False, ids=False),
        ]
    parts.append(
        f'<p class="muted">Analysed {esc(fmt_time(report.analyzed_at))} by {esc(APP_NAME)} '
        f"{esc(report.tool_version)}{OFFLINE_NOTE if report.offline else ''}.</p>"
    )
    if report.errors:
        parts.append("<p>Problems while analysing: " + esc("; ".join(report.errors)) + "</p>")
    return "".join(parts)


def evidence_appendix(report: Report, *, level: int = 2) -> str:
    """Every header and every DNS answer the analysis rests on."""
    h = f"h{level}"
    return "".join(
        [
            f"<{h}>Headers</{h}>",
            headers_appendix(report),
            f"<{h}>DNS evidence</{h}>",
            dns_appendix(report),
        ]
    )


def document_head(title: str) -> str:
    """Everything of a self-contained HTML document before its body's content: inline style,
    no scripts, nothing loaded from anywhere (images only as inline data: the logo)."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'/>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\"/>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
    )


def document_tail() -> str:
    return "</body></html>"


def wrap_document(title: str, body: str) -> str:
    return document_head(title) + body + document_tail()
