"""The time-limit finding: a message that used up its CPU budget says which parts are missing."""

from __future__ import annotations

from inspector.model.codes import Severity
from inspector.model.message import SourceRef
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer
from inspector.rules.analysis import TIME_LIMIT, time_limit_finding
from tests.support.messages import make_message


def test_finding_names_what_was_not_run_and_the_budget() -> None:
    finding = time_limit_finding(("links", "rule content.hidden_text"), 15.0, 17.25)
    assert finding.id == TIME_LIMIT.id == "analysis.time_limit"
    assert finding.severity is Severity.MEDIUM
    assert "17.2 s" in finding.explanation and "15 s" in finding.explanation
    assert finding.evidence == ("not run: links, rule content.hidden_text",)


def test_long_lists_are_shortened_with_a_count() -> None:
    cut = tuple(f"rule r{i}" for i in range(45))
    (evidence,) = time_limit_finding(cut, 1.0, 2.0).evidence
    assert evidence.endswith("and 5 more") and "rule r39" in evidence and "rule r40" not in evidence


def test_no_budget_left_skips_costly_stages_and_every_rule_but_keeps_authentication() -> None:
    with Analyzer(AnalysisOptions(offline=True, cpu_budget=0.0)) as analyzer:
        report = analyzer.analyze(make_message(1), SourceRef("m.eml"))
    assert [f.id for f in report.findings] == ["analysis.time_limit"]
    (evidence,) = report.findings[0].evidence
    for stage in ("platform", "links", "sender intelligence", "verdicts", "bounce"):
        assert stage in evidence
    assert "rule arc.chain_broken" in evidence  # the first rule; later ones are counted
    assert report.auth.spf.result.value == "skipped"  # authentication still ran (offline)
    assert report.message.subject  # the parse and summary still ran


def test_ordinary_message_within_budget_has_no_time_limit_finding() -> None:
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        report = analyzer.analyze(make_message(1), SourceRef("m.eml"))
    assert "analysis.time_limit" not in {f.id for f in report.findings}
    assert report.findings  # rules ran
