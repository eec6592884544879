"""Plain-text summary of a report for the terminal (``main.py analyze`` without --json).

Message-derived text is printed through ``_clean`` so control characters in a hostile
subject cannot drive the terminal (escape sequences, carriage returns).
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector.diagnosis import top_findings
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.report.visible_text import visible

_CONTROL = {c: f"\\x{c:02x}" for c in range(32) if c not in (9,)} | {127: "\\x7f"}


def _clean(value: object) -> str:
    return visible(str(value if value is not None else "-")).translate(_CONTROL)


def _fmt_delay(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    s = abs(int(seconds))
    if s >= 3600:
        return f"{sign}{s // 3600}h{(s % 3600) // 60:02d}m"
    if s >= 60:
        return f"{sign}{s // 60}m{s % 60:02d}s"
    return f"{sign}{s}s"


def format_report(report: Report) -> str:
    m = report.message
    lines = [
        f"== {_clean(report.source.path)} #{report.source.index}",
        f"Subject:    {_clean(m.subject)}",
        f"From:       {_clean(m.from_)}",
        f"Date:       {_clean(m.date.isoformat() if m.date else None)}",
        f"Message-ID: {_clean(m.message_id)}",
        f"Risk:       {report.summary.risk.value.upper()} - {_clean(report.summary.verdict)}",
    ]
    auth = report.auth
    dkim = ", ".join(f"{_clean(d.domain)}={d.result.value}" for d in auth.dkim) or "no signature"
    lines.append(
        f"Auth:       SPF {auth.spf.result.value} | DKIM {dkim} | DMARC {auth.dmarc.result.value}"
        f" | ARC {auth.arc.result.value}"
    )
    if report.sender.platform:
        p = report.sender.platform
        lines.append(f"Platform:   {_clean(p.name)} ({p.confidence:.0%})")
    if report.hops:
        lines.append("Route (oldest first):")
        for hop in report.hops:
            mark = "*" if hop.boundary else " "
            skew = " CLOCK SKEW" if hop.clock_skew else ""
            lines.append(
                f"  {mark}{hop.index + 1:>2} {_clean(hop.helo or hop.rdns):<32.32} "
                f"{_clean(hop.ip):<18} -> {_clean(hop.by):<32.32} {_clean(hop.protocol):<8} "
                f"{_fmt_delay(hop.delay_seconds):>8}{skew}"
            )
    if report.bounce:
        for r in report.bounce.recipients:
            hard = " (hard: remove)" if r.hard else ""
            lines.append(
                f"Bounce:     {_clean(r.address)} {_clean(r.status or 'no code')} "
                f"{r.reason.value}{hard}, {r.party.value}'s problem: {_clean(r.diagnostic)[:120]}"
            )
    for v in report.verdicts:
        lines.append(f"Verdict:    {_clean(v.filter)} ({v.party.value}): {_clean(v.decision)}")
    reasons = top_findings(report.findings, report.summary.top_reasons)
    if reasons:
        lines.append("Most likely reasons:")
        for f in reasons:
            lines.append(f"  [{f.severity.value}] {_clean(f.title)}  ({f.id})")
            if f.remedy:
                lines.append(f"      fix: {_clean(f.remedy)}")
    others = [f for f in report.findings if f not in reasons]
    if others:
        lines.append(f"Other findings ({len(others)}):")
        lines.extend(f"  [{f.severity.value}] {_clean(f.title)}  ({f.id})" for f in others)
    lines.extend(f"Error:      {_clean(e)}" for e in report.errors)
    return "\n".join(lines)


def format_error(error: ReadError) -> str:
    where = f"{error.path}#{error.index}" if error.index is not None else error.path
    return f"error: {_clean(where)}: {_clean(error.message)}"


def format_all(items: Iterable[Report | ReadError]) -> Iterable[str]:
    for item in items:
        yield format_error(item) if isinstance(item, ReadError) else format_report(item) + "\n"
