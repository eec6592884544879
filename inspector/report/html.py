"""HTML rendering of reports: the GUI's detail views, the HTML export and (through Qt's
QTextDocument) the PDF all use this one renderer.

The HTML keeps to what Qt's rich-text engine understands (tables with ``thead`` so headers repeat
on every PDF page, inline colours, no scripts, no external resources, no images: the delay
timeline is drawn with table cells), so the same markup prints well and opens in any browser.
Every piece of message-derived text goes through ``esc``: a subject containing markup or script
appears literally.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime

from inspector import APP_NAME
from inspector.diagnosis import rank_findings, top_findings
from inspector.model import (
    AuthStatus,
    Finding,
    Hop,
    Report,
    Risk,
    Severity,
)

STATUS_COLOURS: dict[str, str] = {
    "pass": "#1a7f37",
    "fail": "#cf222e",
    "softfail": "#bc4c00",
    "neutral": "#6e7781",
    "none": "#6e7781",
    "temperror": "#9a6700",
    "permerror": "#cf222e",
    "policy": "#9a6700",
    "skipped": "#6e7781",
}
RISK_COLOURS: dict[Risk, str] = {
    Risk.LOW: "#1a7f37",
    Risk.MEDIUM: "#9a6700",
    Risk.HIGH: "#bc4c00",
    Risk.CRITICAL: "#cf222e",
}
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.INFO: "#57606a",
    Severity.LOW: "#0969da",
    Severity.MEDIUM: "#9a6700",
    Severity.HIGH: "#bc4c00",
    Severity.CRITICAL: "#cf222e",
}

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1f2328; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 10pt; margin-top: 8pt; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th { background-color: #f0f3f6; text-align: left; font-weight: bold; }
table.grid td, table.grid th { border: 1px solid #d0d7de; padding: 2px 4px; vertical-align: top; }
td.k { font-weight: bold; width: 22%; }
.muted { color: #57606a; }
.mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; }
.badge { font-weight: bold; }
.verdict { font-size: 11pt; font-weight: bold; }
"""


OFFLINE_NOTE = " (offline: network checks skipped)"


def _coloured(colour: str, text: object) -> str:
    return f'<span style="color:{colour}">{esc(text)}</span>'


def esc(value: object) -> str:
    """Escape message-derived text for HTML; None becomes an em dash."""
    if value is None or value == "":
        return "\u2014"
    text = str(value)
    # Control characters are shown, not obeyed.
    text = "".join(ch if ch >= " " or ch in "\t\n" else f"\\x{ord(ch):02x}" for ch in text)
    return html.escape(text, quote=True)


def fmt_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "\u2014"


def fmt_delay(seconds: float | None) -> str:
    if seconds is None:
        return "\u2014"
    sign = "\u2212" if seconds < 0 else ""
    s = abs(seconds)
    if s >= 86400:
        return f"{sign}{s / 86400:.1f} d"
    if s >= 3600:
        return f"{sign}{int(s // 3600)} h {int(s % 3600 // 60)} min"
    if s >= 60:
        return f"{sign}{int(s // 60)} min {int(s % 60)} s"
    return f"{sign}{s:.0f} s"


def badge(status: AuthStatus | str | None) -> str:
    value = status.value if isinstance(status, AuthStatus) else (status or "none")
    colour = STATUS_COLOURS.get(value, "#57606a")
    return f'<span class="badge" style="color:{colour}">{esc(value.upper())}</span>'


_GRID = '<table class="grid" width="100%" cellspacing="0" cellpadding="3" border="1">'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A grid whose header row repeats on each PDF page. Cells are already-escaped HTML."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}" class="muted">none</td></tr>'
    return f"{_GRID}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _kv(rows: Iterable[tuple[str, str]]) -> str:
    body = "".join(f'<tr><td class="k">{k}</td><td>{v}</td></tr>' for k, v in rows)
    return f"{_GRID}{body}</table>"


# --------------------------------------------------------------------------- sections


def identity_section(report: Report) -> str:
    m = report.message
    return _kv(
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


def auth_summary_section(report: Report) -> str:
    a = report.auth
    rows: list[Sequence[str]] = []
    for d in a.dkim:
        rows.append(
            [
                "DKIM",
                badge(d.result),
                esc(f"d={d.domain} s={d.selector} a={d.algorithm}"),
                esc(d.reason),
            ]
        )
    if not a.dkim:
        rows.append(["DKIM", badge(AuthStatus.NONE), "no signature", ""])
    spf = a.spf
    rows.append(
        [
            "SPF",
            badge(spf.result),
            esc(f"{spf.domain or '-'} for {spf.client_ip or '-'}; lookups {spf.lookups}/10"),
            esc(spf.reason),
        ]
    )
    if spf.helo is not None:
        rows.append(["SPF (HELO)", badge(spf.helo), esc(spf.helo_domain), esc(spf.helo_reason)])
    dm = a.dmarc
    rows.append(
        [
            "DMARC",
            badge(dm.result),
            esc(
                f"{dm.from_domain or '-'} p={dm.policy or '-'}"
                f" (DKIM aligned: {'yes' if dm.dkim_aligned else 'no'},"
                f" SPF aligned: {'yes' if dm.spf_aligned else 'no'})"
            ),
            esc(dm.reason),
        ]
    )
    rows.append(
        ["ARC", badge(a.arc.result), esc(f"{len(a.arc.instances)} instance(s)"), esc(a.arc.reason)]
    )
    return _table(["Check", "Result", "Subject", "Reason"], rows)


def auth_details_section(report: Report) -> str:
    a = report.auth
    parts: list[str] = []
    for i, d in enumerate(a.dkim, 1):
        parts.append(f"<h3>DKIM signature {i}: {badge(d.result)}</h3>")
        parts.append(
            _kv(
                [
                    ("Domain (d=)", esc(d.domain)),
                    ("Selector (s=)", esc(d.selector)),
                    ("Algorithm (a=)", esc(d.algorithm)),
                    ("Canonicalization (c=)", esc(d.canonicalization)),
                    ("Identity (i=)", esc(d.identity)),
                    ("Key", esc(f"{d.key_type or '?'} {d.key_bits or '?'} bits")),
                    ("Signed headers (h=)", esc(", ".join(d.signed_headers))),
                    ("Signed (t=)", esc(fmt_time(d.timestamp))),
                    ("Expires (x=)", esc(fmt_time(d.expiration))),
                    ("Judged as of", esc(fmt_time(d.verified_as_of))),
                    (
                        "Body length (l=)",
                        esc(
                            f"{d.body_length} ({d.unsigned_body_bytes or 0} unsigned bytes)"
                            if d.body_length is not None
                            else None
                        ),
                    ),
                    ("Important headers unsigned", esc(", ".join(d.unsigned_important))),
                    ("Not over-signed", esc(", ".join(d.not_oversigned))),
                    ("Reason", esc(d.reason)),
                ]
            )
        )
    spf = a.spf
    parts.append(f"<h3>SPF: {badge(spf.result)}</h3>")
    parts.append(
        _kv(
            [
                ("Client IP", esc(spf.client_ip)),
                ("MAIL FROM", esc(spf.mail_from)),
                ("Domain", esc(spf.domain)),
                ("Record", f'<span class="mono">{esc(spf.record)}</span>'),
                ("Matched mechanism", esc(spf.mechanism)),
                ("DNS lookups", esc(f"{spf.lookups} of 10 allowed")),
                ("Void lookups", esc(f"{spf.void_lookups} of 2 allowed")),
                ("HELO verdict", badge(spf.helo) + " " + esc(spf.helo_domain)),
                ("Reason", esc(spf.reason)),
            ]
        )
    )
    if spf.tree is not None:
        parts.append("<p><b>Include/redirect tree</b></p>" + _spf_tree(spf.tree))
    dm = a.dmarc
    parts.append(f"<h3>DMARC: {badge(dm.result)}</h3>")
    parts.append(
        _kv(
            [
                ("From domain", esc(dm.from_domain)),
                ("Record found at", esc(dm.record_domain)),
                ("Organizational domain", esc(dm.org_domain)),
                ("Record", f'<span class="mono">{esc(dm.record)}</span>'),
                (
                    "Policy p / sp / np",
                    esc(
                        " / ".join(
                            p or "\u2014"
                            for p in (dm.policy, dm.subdomain_policy, dm.nonexistent_policy)
                        )
                    ),
                ),
                ("Applied policy", esc(dm.applied_policy)),
                ("pct", esc(dm.pct)),
                ("DKIM alignment", esc(f"{dm.adkim}: {dm.dkim_domain or 'no passing DKIM'}")),
                ("SPF alignment", esc(f"{dm.aspf}: {dm.spf_domain or 'no passing SPF'}")),
                ("Problems", esc("; ".join(dm.problems))),
                ("Reason", esc(dm.reason)),
            ]
        )
    )
    parts.append(f"<h3>ARC: {badge(a.arc.result)}</h3>")
    parts.append(
        _table(
            ["i=", "Sealer", "cv", "AMS", "AS", "Hop", "ARC-Authentication-Results"],
            [
                [
                    esc(x.instance),
                    esc(x.domain),
                    esc(x.cv),
                    badge(x.ams_result),
                    badge(x.as_result),
                    esc(None if x.hop_index is None else x.hop_index + 1),
                    f'<span class="mono">{esc(x.authentication_results)}</span>',
                ]
                for x in a.arc.instances
            ],
        )
    )
    if a.received:
        parts.append("<h3>Authentication-Results written by receivers</h3>")
        parts.append(
            _table(
                ["Server", "Trusted", "Results", "Why"],
                [
                    [
                        esc(r.authserv_id),
                        "yes" if r.trusted else "no",
                        esc(", ".join(f"{m.method}={m.result}" for m in r.methods)),
                        esc(r.trust_reason),
                    ]
                    for r in a.received
                ],
            )
        )
    return "".join(parts)


def _spf_tree(node: object, depth: int = 0) -> str:
    from inspector.model import SpfNode

    if not isinstance(node, SpfNode) or depth > 12:
        return ""
    pad = "&nbsp;" * 4 * depth
    line = (
        f'<span class="mono">{pad}{esc(node.via or "")} {esc(node.domain)}: '
        f"{esc(node.record)}</span><br/>"
    )
    return line + "".join(_spf_tree(c, depth + 1) for c in node.children)


def route_section(report: Report) -> str:
    """The hop table. Seven columns, so that on an A4 page no cell is so narrow that an IP
    address or a time would be broken across lines."""
    intel = {h.ip: h for h in report.sender.hops_intel}
    rows = []
    for hop in report.hops:
        i = intel.get(hop.ip or "")
        where = ""
        if i is not None:
            where = " ".join(x for x in (i.country, i.asn and f"AS{i.asn}") if x)
        mark = "<br/>boundary" if hop.boundary else ("<br/>internal" if hop.internal else "")
        names = esc(hop.helo)
        if hop.rdns and hop.rdns != hop.helo:
            names += f'<br/><span class="muted">rDNS {esc(hop.rdns)}</span>'
        ip = f'<nobr class="mono">{esc(hop.ip)}</nobr>'
        if where:
            ip += f'<br/><span class="muted">{esc(where)}</span>'
        delay = esc(fmt_delay(hop.delay_seconds))
        if hop.clock_skew:
            delay = f'<span style="color:#cf222e">{delay}<br/>(skew)</span>'
        rows.append(
            [
                esc(hop.index + 1) + mark,
                names,
                ip,
                esc(hop.by),
                esc(hop.protocol) + (f"<br/>{esc(hop.tls)}" if hop.tls else ""),
                f"<nobr>{esc(fmt_time(hop.timestamp))}</nobr>",
                delay,
            ]
        )
    total = report.route.total_transit_seconds
    return (
        _table(["#", "From (HELO)", "IP", "By", "Protocol, TLS", "Time", "Delay"], rows)
        + f"<p>Total transit: <b>{esc(fmt_delay(total))}</b>. "
        "Hops are listed oldest first; the boundary hop is where the recipient's servers took "
        "the message in, and its client IP is the one SPF and blocklists are checked against.</p>"
        + delay_timeline(report.hops)
    )


def delay_timeline(hops: Sequence[Hop]) -> str:
    """A bar per hop, drawn with table cells so it renders in Qt and in browsers alike."""
    delays = [abs(h.delay_seconds) for h in hops if h.delay_seconds is not None]
    if not delays:
        return ""
    longest = max(*delays, 1.0)
    rows = []
    for hop in hops:
        if hop.delay_seconds is None:
            continue
        pct = max(1, round(abs(hop.delay_seconds) / longest * 100))
        colour = "#cf222e" if hop.clock_skew else ("#bc4c00" if pct > 60 else "#0969da")
        bar = (
            f'<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>'
            f'<td width="{pct}%" style="background-color:{colour}">&nbsp;</td>'
            f'<td width="{100 - pct}%"></td></tr></table>'
        )
        rows.append(
            [esc(f"{hop.index + 1}: {hop.by or '?'}"), bar, esc(fmt_delay(hop.delay_seconds))]
        )
    return "<p><b>Delay per hop</b> (red: negative delay, a clock is wrong)</p>" + _table(
        ["Hop", "Delay", ""], rows
    )


def sender_section(report: Report) -> str:
    s = report.sender
    parts: list[str] = []
    if s.platform:
        p = s.platform
        parts.append(
            f"<p>Sending platform: <b>{esc(p.name)}</b> (confidence {p.confidence:.0%})"
            f"{' for ' + esc(p.customer) if p.customer else ''}.<br/>"
            f'<span class="muted">Evidence: {esc("; ".join(p.evidence))}</span></p>'
        )
    else:
        parts.append("<p>Sending platform: not recognised.</p>")
    if s.status != "ok":
        parts.append(f'<p class="muted">Lookups: {esc(s.status)}.</p>')
    parts.append("<h3>Domains</h3>")
    parts.append(
        _table(
            ["Role", "Domain", "Registrar", "Created", "Age", "Registrant data"],
            [
                [
                    esc(d.role),
                    esc(d.domain),
                    esc(d.registrar),
                    esc(fmt_time(d.created)),
                    esc(f"{d.age_days} days" if d.age_days is not None else None),
                    esc(
                        f"{d.masking.value}"
                        + (f" ({d.masking_service})" if d.masking_service else "")
                    ),
                ]
                for d in s.domains
            ],
        )
    )
    parts.append("<h3>Sending IPs and reputation</h3>")
    parts.append(
        _table(
            ["IP", "PTR", "FCrDNS", "ASN / owner", "Country", "Dynamic", "Blocklists"],
            [
                [
                    f'<nobr class="mono">{esc(h.ip)}</nobr>',
                    esc(h.ptr),
                    esc({True: "yes", False: "no", None: None}[h.fcrdns]),
                    esc(" ".join(x for x in (h.asn and f"AS{h.asn}", h.as_name) if x)),
                    esc(h.country),
                    esc("yes: " + h.dynamic_reason if h.dynamic else "no"),
                    esc(
                        "; ".join(
                            f"{b.list_name}: {b.status}{' ' + b.meaning if b.meaning else ''}"
                            for b in h.blocklists
                            if b.status != "not_listed"
                        )
                        or ("clean" if h.blocklists else None)
                    ),
                ]
                for h in s.hops_intel
            ],
        )
    )
    if s.links:
        parts.append(f"<h3>Links ({len(s.links)})</h3>")
        parts.append(
            _table(
                ["Domain", "Link", "Notes"],
                [
                    [
                        esc(link.domain),
                        f'<span class="mono">{esc(link.url[:160])}</span>',
                        esc(", ".join(_link_notes(link))),
                    ]
                    for link in s.links[:60]
                ],
            )
        )
    return "".join(parts)


def _link_notes(link: object) -> list[str]:
    from inspector.model import Link

    assert isinstance(link, Link)
    notes = []
    if link.mismatch:
        notes.append(f"text shows {link.text_domain}")
    if link.shortener:
        notes.append("shortener")
    if link.ip_literal:
        notes.append("IP address")
    if link.free_hosting:
        notes.append("free hosting")
    if link.form_service:
        notes.append("form service")
    if link.wrapper:
        notes.append(f"wrapped by {link.wrapper}")
    if link.target_domain:
        notes.append(f"goes to {link.target_domain}")
    return notes


def verdicts_section(report: Report) -> str:
    if not report.verdicts:
        return "<p>No receiving filter left a verdict header.</p>"
    parts = []
    for v in report.verdicts:
        hop = f" at hop {v.hop + 1}" if v.hop is not None else ""
        parts.append(f"<h3>{esc(v.filter)}{esc(hop)}</h3><p>{esc(v.decision)}</p>")
        parts.append(
            _table(
                ["Field", "Raw", "Meaning"],
                [
                    [esc(f.name), f'<span class="mono">{esc(f.raw)}</span>', esc(f.meaning)]
                    for f in v.fields
                ],
            )
        )
    return "".join(parts)


def bounce_section(report: Report) -> str:
    b = report.bounce
    if b is None:
        return ""
    head = f"<p>Kind: {esc(b.kind)}; reporting MTA: {esc(b.reporting_mta)}"
    if b.feedback_type:
        head += f"; feedback type: {esc(b.feedback_type)}"
    return (
        head
        + "</p>"
        + _table(
            ["Recipient", "Action", "Status", "Reason", "Diagnostic", "Remote MTA"],
            [
                [
                    esc(r.address),
                    esc(r.action),
                    esc(r.status),
                    esc(r.reason) + (f"<br/>{esc(r.explanation)}" if r.explanation else ""),
                    f'<span class="mono">{esc(r.diagnostic)}</span>',
                    esc(r.remote_mta),
                ]
                for r in b.recipients
            ],
        )
    )


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
    return _table(["Severity", "Finding and evidence", "Remedy"], rows)


def headers_appendix(report: Report) -> str:
    return _table(
        ["#", "Header", "Value (decoded)"],
        [
            [esc(i + 1), esc(h.name), f'<span class="mono">{esc(h.value[:4000])}</span>']
            for i, h in enumerate(report.headers[:2000])
        ],
    )


def dns_appendix(report: Report) -> str:
    return _table(
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
