"""A finding, a message or its route as a short piece of text or Markdown, for pasting into a
ticket, a chat or an e-mail to a client.

Message-derived text is hostile: in Markdown it could inject links, images (which a ticket
system would then fetch) or break tables, so every such value is escaped, and evidence lines
go into code spans whose fence is longer than any backtick run inside them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspector.diagnosis import top_findings
from inspector.model.codes import AuthMethod
from inspector.model.findings import Finding
from inspector.model.report import Report
from inspector.model.route import Hop

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(value: object) -> str:
    """One line of message text with control characters made visible."""
    text = "-" if value is None else str(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))


def _md(value: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _plain(value))


def _code(value: object) -> str:
    text = _plain(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def finding_as_text(f: Finding) -> str:
    lines = [f"[{f.severity.value.upper()}] {_plain(f.title)}", _plain(f.explanation)]
    lines += [f"  evidence: {_plain(e)}" for e in f.evidence]
    if f.remedy:
        lines.append(f"Fix: {_plain(f.remedy)}")
    return "\n".join(lines)


def finding_as_markdown(f: Finding) -> str:
    lines = [f"**{_md(f.title)}** ({f.severity.value})", "", _md(f.explanation)]
    if f.evidence:
        lines += ["", "Evidence:", *(f"- {_code(e)}" for e in f.evidence)]
    if f.remedy:
        lines += ["", f"Fix: {_md(f.remedy)}"]
    return "\n".join(lines)


def _auth_line(report: Report) -> str:
    parts = []
    for method in (AuthMethod.SPF, AuthMethod.DKIM, AuthMethod.DMARC):
        outcome = report.auth.outcome(method)
        parts.append(f"{method.value.upper()} {outcome.value if outcome else 'not checked'}")
    return ", ".join(parts)


def message_as_text(report: Report) -> str:
    m = report.message
    lines = [
        f"Subject: {_plain(m.subject)}",
        f"From: {_plain(m.from_)}",
        f"Date: {_plain(m.date.isoformat() if m.date else None)}",
        f"Message-ID: {_plain(m.message_id)}",
        f"Risk: {report.summary.risk.value} - {_plain(report.summary.verdict)}",
        f"Authentication: {_auth_line(report)}",
    ]
    reasons = top_findings(report.findings, report.summary.top_reasons)
    if reasons:
        lines.append("Reasons:")
        lines += [f"  - {_plain(f.title)}" for f in reasons]
    return "\n".join(lines)


def message_as_markdown(report: Report) -> str:
    m = report.message
    lines = [
        f"**{_md(m.subject or '(no subject)')}**",
        "",
        f"- From: {_md(m.from_)}",
        f"- Date: {_md(m.date.isoformat() if m.date else None)}",
        f"- Message-ID: {_code(m.message_id)}",
        f"- Risk: **{report.summary.risk.value}**: {_md(report.summary.verdict)}",
        f"- Authentication: {_auth_line(report)}",
    ]
    reasons = top_findings(report.findings, report.summary.top_reasons)
    if reasons:
        lines += ["", "Reasons:", *(f"1. {_md(f.title)}" for f in reasons)]
    return "\n".join(lines)


def _delay(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:+.0f} s"


def _hop_cells(h: Hop) -> list[str]:
    role = "boundary" if h.boundary else ("internal" if h.internal else "")
    return [str(h.index), h.helo or "", h.rdns or "", h.ip or "", h.by or "", h.tls_version or h.tls
            or "", _delay(h.delay_seconds), role]  # fmt: skip


_ROUTE_HEAD = ["#", "HELO", "Reverse DNS", "IP", "Received by", "TLS", "Delay", "Role"]


def route_as_text(hops: Sequence[Hop]) -> str:
    rows = [_ROUTE_HEAD, *(_hop_cells(h) for h in hops)]
    rows = [[_plain(c) if c else "-" for c in row] for row in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_ROUTE_HEAD))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def route_as_markdown(hops: Sequence[Hop]) -> str:
    lines = [
        "| " + " | ".join(_ROUTE_HEAD) + " |",
        "|" + "---|" * len(_ROUTE_HEAD),
    ]
    for h in hops:
        lines.append("| " + " | ".join(_md(c) if c else "" for c in _hop_cells(h)) + " |")
    return "\n".join(lines)
