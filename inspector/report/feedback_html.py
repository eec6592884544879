"""DMARC aggregate and TLS reports as HTML: one renderer for the GUI view, the HTML export and
the PDF (Qt draws the same HTML), like the message reports. Every value from a report file is
escaped: reporters are strangers."""

from __future__ import annotations

from collections.abc import Sequence

from inspector import APP_NAME
from inspector.model.feedback import FeedbackSummary, SourceClass, SourceSummary, TlsReport
from inspector.report.html import wrap_document
from inspector.report.html_base import esc, fmt_time, kv, table

CLASS_COLOURS = {
    SourceClass.AUTHORISED: "#1a7f37",
    SourceClass.FORWARDING: "#9a6700",
    SourceClass.UNKNOWN: "#cf222e",
}


_BLOCK = "\u2588"


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "\u2014"


def _bar(part: int, whole: int, colour: str = "#0969da") -> str:
    width = max(1, round(40 * part / whole)) if whole and part else 0
    return f'<span style="color:{colour}">{_BLOCK * width}</span>' if width else ""


def _class(cls: SourceClass) -> str:
    return f'<span class="badge" style="color:{CLASS_COLOURS[cls]}">{esc(cls.value)}</span>'


def _source_rows(sources: Sequence[SourceSummary]) -> list[list[str]]:
    return [
        [
            f'<span class="mono">{esc(s.ip)}</span>',
            esc(s.network.label),
            esc(s.volume),
            esc(_pct(s.dmarc_pass, s.volume)),
            esc(_pct(s.spf_aligned, s.volume)),
            esc(_pct(s.dkim_aligned, s.volume)),
            esc(", ".join(f"{d} {n}" for d, n in s.dispositions)),
            _class(s.classification),
            esc(s.why),
        ]
        for s in sources
    ]


def tls_section(tls_reports: Sequence[TlsReport]) -> str:
    if not tls_reports:
        return ""
    rows = []
    for report in tls_reports:
        for policy in report.policies:
            kinds = ", ".join(
                f"{f.result_type} {f.count}" + (f" ({f.receiving_mx})" if f.receiving_mx else "")
                for f in policy.failure_details
            )
            rows.append(
                [
                    esc(report.reporter),
                    esc(policy.domain),
                    esc(policy.policy_type),
                    esc(policy.successes),
                    esc(policy.failures),
                    esc(kinds),
                ]
            )
    headers = ["reporter", "receiving domain", "policy", "successful", "failed", "failures"]
    return "<h2>SMTP TLS reports (RFC 8460)</h2>" + table(headers, rows)


def feedback_body(summary: FeedbackSummary, *, sources_limit: int | None = None) -> str:
    dmarc = summary.reports
    begin = min((r.begin for r in dmarc if r.begin), default=None)
    end = max((r.end for r in dmarc if r.end), default=None)
    by_class = {
        c: sum(s.volume for s in summary.sources if s.classification is c) for c in SourceClass
    }
    parts = [f"<h1>DMARC aggregate reports: {esc(', '.join(summary.domains) or 'no domain')}</h1>"]
    if dmarc:
        parts.append(
            kv(
                [
                    ("Reports", esc(f"{len(dmarc)} from {len(summary.reporters)} reporters")),
                    ("Period", esc(f"{fmt_time(begin)} to {fmt_time(end)}")),
                    ("Messages", esc(summary.volume)),
                    ("DMARC pass", esc(_pct(summary.dmarc_pass, summary.volume))),
                    (
                        "Published policy",
                        esc(", ".join(sorted({f"{r.domain}: p={r.policy}" for r in dmarc}))),
                    ),
                    *[
                        (f"Sources {c.value}", _class(c) + esc(f" {by_class[c]} messages"))
                        for c in SourceClass
                    ],
                ]
            )
        )
        parts.append("<h2>Over time</h2>")
        parts.append(
            table(
                ["day", "messages", "DMARC pass", ""],
                [
                    [
                        esc(d.day),
                        esc(d.volume),
                        esc(_pct(d.dmarc_pass, d.volume)),
                        _bar(d.volume, max(x.volume for x in summary.days)),
                    ]
                    for d in summary.days
                ],
            )
        )
        shown = summary.sources[:sources_limit] if sources_limit else summary.sources
        parts.append("<h2>Sources</h2>")
        parts.append(
            table(
                [
                    "source IP",
                    "network / platform",
                    "messages",
                    "DMARC pass",
                    "SPF aligned",
                    "DKIM aligned",
                    "disposition",
                    "class",
                    "why",
                ],
                _source_rows(shown),
            )
        )
        parts.append("<h2>Reporters</h2>")
        parts.append(
            table(
                ["reporter", "reports", "messages", "DMARC pass", "disposition"],
                [
                    [
                        esc(r.reporter),
                        esc(r.reports),
                        esc(r.volume),
                        esc(_pct(r.dmarc_pass, r.volume)),
                        esc(", ".join(f"{d} {n}" for d, n in r.dispositions)),
                    ]
                    for r in summary.reporters
                ],
            )
        )
    parts.append(tls_section(summary.tls_reports))
    if summary.errors:
        parts.append("<h2>Files not read</h2>")
        parts.append(
            table(["file", "why"], [[esc(e.source), esc(e.message)] for e in summary.errors])
        )
    return "".join(parts)


def render_feedback_report(summary: FeedbackSummary) -> str:
    return wrap_document(f"{APP_NAME}: DMARC aggregate reports", feedback_body(summary))
