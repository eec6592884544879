"""DMARC aggregate and TLS reports as plain text for the terminal (``main.py analyze``);
unreadable report files are the caller's to print, on the error stream."""

from __future__ import annotations

from inspector.model.feedback import FeedbackSummary


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def format_feedback(summary: FeedbackSummary) -> str:
    lines: list[str] = []
    if summary.reports:
        lines.append(
            f"DMARC aggregate reports for {', '.join(summary.domains) or '(no domain)'}: "
            f"{len(summary.reports)} reports, {summary.volume} messages, "
            f"DMARC pass {_pct(summary.dmarc_pass, summary.volume)}"
        )
        lines.append("  sources:")
        for s in summary.sources:
            lines.append(
                f"    {s.ip:<40} {s.volume:>7}  pass {_pct(s.dmarc_pass, s.volume):>4}  "
                f"{s.classification.value:<10} {s.network.label}  ({s.why})"
            )
        lines.append("  reporters:")
        for r in summary.reporters:
            lines.append(
                f"    {r.reporter:<40} {r.reports:>3} reports {r.volume:>7} messages  "
                f"pass {_pct(r.dmarc_pass, r.volume)}"
            )
    for report in summary.tls_reports:
        for policy in report.policies:
            kinds = ", ".join(f"{f.result_type} {f.count}" for f in policy.failure_details)
            lines.append(
                f"TLS report from {report.reporter} for {policy.domain} ({policy.policy_type}): "
                f"{policy.successes} successful, {policy.failures} failed"
                + (f" [{kinds}]" if kinds else "")
            )
    return "\n".join(lines)
