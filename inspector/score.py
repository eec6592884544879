"""The spam score: 0 to 10 points (10 = certainly filtered), from sender-side evidence only.

Each finding id carries a weight in points, fitted on the dev corpus with receivers' verdicts
stripped (bench/fit_score.py, docs/scoring.md) and stored as data in
``inspector/data/score_weights.json``. The score is the base plus the weight of every distinct
sender-side finding present, clamped to 0..10, so each finding's contribution is visible and
they add up. On the logistic scale the fit used, 5 points are even odds and every
``points_per_logit`` points multiply the odds by e.

What a receiver decided (its verdict headers, its Authentication-Results, its bounce) is the
outcome, never evidence about the sender, and contributes nothing. Evidence that could not be
checked (offline: SPF, DKIM keys, DMARC, reverse DNS, blocklists, domain age) adds nothing and
is listed as not checked. The same weights apply offline and online.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from inspector.data import load_json
from inspector.model.codes import Category, Evidence, Severity
from inspector.model.findings import Finding
from inspector.model.report import Contribution
from inspector.rules.registry import all_specs

MAX_SCORE = 10.0
BASE_ID = "score.base"

#: Network evidence an offline analysis cannot look at: shown as not checked, 0 points.
NETWORK_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("spf", "SPF for the sending server (needs DNS)"),
    ("dkim", "DKIM signatures verified against the published keys (needs DNS)"),
    ("dmarc", "DMARC policy and alignment (needs DNS)"),
    ("infrastructure", "Reverse DNS and forward confirmation of the sending IP (needs DNS)"),
    ("reputation", "Blocklists (needs DNS)"),
    ("ownership", "Domain age and registrar (needs RDAP)"),
)


@dataclass(frozen=True)
class ScoreWeights:
    base: float
    weights: dict[str, float]
    prior_by_severity: dict[Severity, float]
    outcome_prefixes: tuple[str, ...]
    not_sender_ids: frozenset[str]
    risk_bands: tuple[tuple[str, float], ...]  # (risk, lowest score of that band), ascending


@cache
def score_weights() -> ScoreWeights:
    data = load_json("score_weights.json")
    return ScoreWeights(
        base=float(data["base"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        prior_by_severity={Severity(k): float(v) for k, v in data["prior_by_severity"].items()},
        outcome_prefixes=tuple(data["outcome_prefixes"]),
        not_sender_ids=frozenset(data["not_sender_ids"]),
        risk_bands=tuple((str(r), float(v)) for r, v in data["risk_bands"]),
    )


@dataclass(frozen=True)
class _Standing:
    """What the score makes of a finding: it depends only on the id, theme and severity,
    which repeat across messages, so it is worked out once per combination (the ranking and
    the summary ask some 25 times per message)."""

    outcome: bool
    sender_evidence: bool
    counts: bool
    points: float


@cache
def _standing(fid: str, category: Category, severity: Severity) -> _Standing:
    w = score_weights()
    outcome = category in (Category.VERDICT, Category.BOUNCE) or fid.startswith(w.outcome_prefixes)
    sender = not outcome and fid not in w.not_sender_ids
    # A rule that lowers its own finding to info (a bulk-mail requirement on a list post, a
    # search box rather than a login form) has said it does not matter for this message.
    declared = _catalogue_severity().get(fid, severity)
    counts = sender and (severity is not Severity.INFO or declared is Severity.INFO)
    if not counts:
        points = 0.0
    elif fid in w.weights:
        points = w.weights[fid]
    else:
        # An id the corpus could not measure (online-only evidence) takes the mean fitted
        # weight of its severity (the prior).
        points = w.prior_by_severity.get(severity, 0.0)
    return _Standing(outcome, sender, counts, points)


def is_outcome(f: Finding) -> bool:
    """A finding that restates what a receiver decided (its verdict, its authentication
    verdict, its bounce): what happened, not why."""
    return _standing(f.id, f.category, f.severity).outcome


def is_sender_evidence(f: Finding) -> bool:
    """Evidence about the sender that can explain an outcome. Receiver-side observations
    (the recipient's own relays' timing, its link rewriting, our resolver) are not."""
    return _standing(f.id, f.category, f.severity).sender_evidence


@cache
def _catalogue_severity() -> dict[str, Severity]:
    return {s.id: s.severity for s in all_specs()}


def counts_for_score(f: Finding) -> bool:
    """Sender-side evidence that weighs here."""
    return _standing(f.id, f.category, f.severity).counts


def finding_points(f: Finding) -> float:
    """The fitted weight of the finding's id, 0 for a finding that does not count."""
    return _standing(f.id, f.category, f.severity).points


def contributions(findings: Sequence[Finding], *, offline: bool) -> tuple[Contribution, ...]:
    """The base, then one contribution per distinct sender-side finding id (largest first),
    then the network evidence that was not checked (0 points)."""
    w = score_weights()
    out = [Contribution(BASE_ID, "Starting point before any evidence", round(w.base, 3))]
    seen: dict[str, Finding] = {}
    for f in findings:
        if counts_for_score(f) and (f.id not in seen or f.severity.rank > seen[f.id].severity.rank):
            seen[f.id] = f
    counted = [Contribution(i, f.title, round(finding_points(f), 3)) for i, f in seen.items()]
    counted.sort(key=lambda c: (-abs(c.points), c.finding))
    out += counted
    if offline:
        out += [Contribution(k, t, 0.0, Evidence.NOT_CHECKED) for k, t in NETWORK_EVIDENCE]
    return tuple(out)


def raw_score(parts: Sequence[Contribution]) -> float:
    return sum(c.points for c in parts if c.status is Evidence.COUNTED)


def clamp_score(value: float) -> float:
    return round(min(MAX_SCORE, max(0.0, value)), 1)


def risk_name(score: float) -> str:
    """The risk band the score falls in (the bands are data, beside the weights)."""
    name = score_weights().risk_bands[0][0]
    for band, lowest in score_weights().risk_bands:
        if score >= lowest:
            name = band
    return name
