"""Turns the findings of one message into its summary: overall risk, one-sentence verdict,
and the ranked likely reasons it was (or would be) filtered to spam.

Ranking is by severity first, then by how directly the theme decides placement at the big
receivers (a receiver's own verdict and authentication outrank content), then by id so the
order is stable.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.model import Category, Finding, Risk, Severity, Summary

#: How directly each theme decides placement; higher ranks first among equal severities.
_CATEGORY_WEIGHT: dict[Category, int] = {
    Category.VERDICT: 9,
    Category.BOUNCE: 9,
    Category.AUTHENTICATION: 8,
    Category.REPUTATION: 7,
    Category.IDENTITY: 6,
    Category.INFRASTRUCTURE: 5,
    Category.BULK: 4,
    Category.REPLAY: 3,
    Category.CONTENT: 3,
    Category.HYGIENE: 2,
    Category.STRUCTURE: 2,
    Category.ROUTING: 1,
}

MAX_REASONS = 5


def rank_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings ordered most-likely-cause first."""
    return sorted(
        findings,
        key=lambda f: (-f.severity.rank, -_CATEGORY_WEIGHT.get(f.category, 0), f.id),
    )


def overall_risk(findings: Sequence[Finding]) -> Risk:
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    if counts[Severity.CRITICAL]:
        return Risk.CRITICAL
    if counts[Severity.HIGH]:
        return Risk.HIGH
    if counts[Severity.MEDIUM] or counts[Severity.LOW] >= 3:
        return Risk.MEDIUM
    return Risk.LOW


_VERDICT_BY_RISK = {
    Risk.CRITICAL: "Very likely rejected or sent to spam",
    Risk.HIGH: "Likely to land in spam",
    Risk.MEDIUM: "At risk of landing in spam",
    Risk.LOW: "Nothing found that would send this message to spam",
}


def summarize_findings(findings: Sequence[Finding]) -> Summary:
    ranked = [f for f in rank_findings(findings) if f.severity.rank >= Severity.MEDIUM.rank]
    if not ranked:
        ranked = [f for f in rank_findings(findings) if f.severity is Severity.LOW]
    top = ranked[:MAX_REASONS]
    risk = overall_risk(findings)
    verdict = _VERDICT_BY_RISK[risk]
    if top and risk is not Risk.LOW:
        verdict = f"{verdict}. Main reason: {top[0].title}"
    elif risk is Risk.LOW:
        verdict = f"{verdict}."
    return Summary(risk=risk, verdict=verdict, top_reasons=tuple(f.id for f in top))
