"""The score: weights are data, outcome findings weigh nothing, contributions add up."""

from __future__ import annotations

from pathlib import Path

from inspector.model.codes import Category, Evidence, Risk, Severity
from inspector.model.findings import Finding
from inspector.model.message import SourceRef
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer
from inspector.rules.registry import all_specs
from inspector.score import (
    BASE_ID,
    clamp_score,
    contributions,
    counts_for_score,
    finding_points,
    is_outcome,
    raw_score,
    risk_name,
    score_weights,
)

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _f(fid: str, sev: Severity, cat: Category = Category.CONTENT) -> Finding:
    return Finding(fid, sev, cat, f"title {fid}", "why")


def test_weights_name_catalogue_findings_and_keep_their_signs() -> None:
    w = score_weights()
    ids = {s.id for s in all_specs()}
    assert set(w.weights) <= ids
    for fid, points in w.weights.items():
        assert not fid.startswith(w.outcome_prefixes), fid
        assert points <= 0 if fid.startswith("kind.") else points >= 0, fid
    lows = [lowest for _, lowest in w.risk_bands]
    assert lows == sorted(lows) and lows[0] == 0.0
    assert [Risk(r) for r, _ in w.risk_bands] == list(Risk)


def test_outcome_findings_weigh_nothing() -> None:
    for fid, cat in (
        ("verdicts.junk_folder", Category.VERDICT),
        ("authres.compauth_fail", Category.AUTHENTICATION),
        ("bounce.unknown_user", Category.BOUNCE),
    ):
        f = _f(fid, Severity.CRITICAL, cat)
        assert is_outcome(f) and finding_points(f) == 0.0
    assert not is_outcome(_f("spf.fail", Severity.HIGH, Category.AUTHENTICATION))


def test_unmeasured_ids_take_their_severity_prior_and_info_downgrades_weigh_nothing() -> None:
    w = score_weights()
    unmeasured = next(s for s in all_specs() if s.id.startswith("spf.") and s.id not in w.weights)
    f = _f(unmeasured.id, unmeasured.severity, Category.AUTHENTICATION)
    assert finding_points(f) == w.prior_by_severity[unmeasured.severity]
    lowered = _f("links.form_in_message", Severity.INFO)
    assert not counts_for_score(lowered) and finding_points(lowered) == 0.0


def test_contributions_sum_to_the_score_before_clamping() -> None:
    findings = [
        _f("content.image_heavy", Severity.MEDIUM),
        _f("content.hidden_text", Severity.MEDIUM),
    ]
    parts = contributions(findings, offline=True)
    assert parts[0].finding == BASE_ID
    total = raw_score(parts)
    assert total == sum(c.points for c in parts if c.status is Evidence.COUNTED)
    assert clamp_score(total) == round(min(10, max(0, total)), 1)
    assert all(c.points == 0 for c in parts if c.status is Evidence.NOT_CHECKED)
    # the same id twice counts once
    assert raw_score(contributions(findings * 2, offline=True)) == total
    assert clamp_score(-3) == 0.0 and clamp_score(42) == 10.0
    assert risk_name(0.0) == "low" and risk_name(10.0) == "critical"


def test_every_report_carries_a_consistent_score() -> None:
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        for path in sorted(SAMPLES.glob("*.eml"))[:6]:
            report = analyzer.analyze(path.read_bytes(), SourceRef(str(path)))
            s = report.summary
            assert s.score is not None and 0.0 <= s.score <= 10.0
            assert s.score == clamp_score(raw_score(s.contributions)), path.name
            assert s.risk.value == risk_name(s.score)
            outcome_ids = {f.id for f in report.findings if is_outcome(f)}
            assert not outcome_ids & {c.finding for c in s.contributions}
            if report.bounce is None:  # a bounce leads with what it reports (issue #15)
                assert not outcome_ids & set(s.top_reasons)
