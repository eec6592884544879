"""One analysis: findings in the diagnosis ranking; a stage that raises costs only that
stage."""

from __future__ import annotations

import pytest

import inspector.pipeline as pipeline
from inspector.diagnosis import rank_findings, top_findings
from inspector.model.codes import AuthStatus
from inspector.model.message import SourceRef
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer, analyze_bytes
from tests.support.messages import make_message, numbered_messages
from tests.support.signed import signed_case

OFFLINE = AnalysisOptions(offline=True)


def test_findings_come_in_the_diagnosis_ranking(analyzer: Analyzer) -> None:
    raw = make_message(1).replace(b"From:", b"X-Spam-Flag: YES\r\nFrom:", 1)
    report = analyzer.analyze(raw, SourceRef("m.eml"))
    assert len(report.findings) > 2
    assert list(report.findings) == rank_findings(report.findings)
    top = top_findings(report.findings, report.summary.top_reasons)
    assert [f.id for f in top] == list(report.summary.top_reasons)


def test_a_failing_stage_is_recorded_without_losing_the_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline, "verify_dkim", broken)
    case = signed_case("x", domain="bank.example")
    with Analyzer(OFFLINE) as a:
        report = a.analyze(case.raw, SourceRef("x.eml"))
    assert any(
        e.startswith("internal error in dkim") and "simulated bug" in e for e in report.errors
    )
    assert report.auth.dkim == ()
    # every other stage still ran
    assert len(report.hops) == 3 and report.route.client_ip == case.client_ip
    assert report.auth.spf.result is AuthStatus.SKIPPED
    assert report.message.subject == "Your March statement"
    assert report.summary.verdict, "the diagnosis still ran"


@pytest.mark.parametrize(
    "stage", ["trace_hops", "check_spf", "evaluate_dmarc", "verify_arc", "gather_intel"]
)
def test_any_stage_failing_keeps_the_rest(monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError(f"{stage} exploded")

    monkeypatch.setattr(pipeline, stage, broken)
    ref, raw = numbered_messages(1)[0]
    with Analyzer(OFFLINE) as a:
        report = a.analyze(raw, ref)
    errors = [e for e in report.errors if "internal error" in e]
    assert len(errors) == 1 and f"{stage} exploded" in errors[0]
    assert report.message.subject == "Message number 0"
    assert report.summary.verdict


def test_a_failing_rule_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspector.rules.registry as registry

    def broken_rule(ctx: object) -> list[object]:
        raise KeyError("rule bug")

    rules = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: (*rules, broken_rule))
    ref, raw = numbered_messages(1)[0]
    with Analyzer(OFFLINE) as a:
        report = a.analyze(raw, ref)
    assert any("internal error in rule" in e and "rule bug" in e for e in report.errors)
    assert report.findings, "the other rules' findings are kept"


def test_parser_failure_still_gives_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(raw: bytes) -> object:
        raise MemoryError("parser bug")

    monkeypatch.setattr(pipeline, "parse_message", broken)
    ref, raw = numbered_messages(1)[0]
    with Analyzer(OFFLINE) as a:
        report = analyze_bytes(raw, ref, dns=a.resolver.session(), rdap=None, options=OFFLINE)
    assert report.source == ref
    assert report.errors and "could not parse" in report.errors[0]
    assert report.offline is True


def test_offline_analyzer_has_no_rdap_client() -> None:
    with Analyzer(OFFLINE) as a:
        assert a.rdap is None
    with Analyzer(AnalysisOptions(replay_dns=None, rdap=False)) as a:
        assert a.rdap is None


def test_clock_is_injected() -> None:
    from datetime import UTC, datetime

    fixed = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    ref, raw = numbered_messages(1)[0]
    with Analyzer(OFFLINE, clock=lambda: fixed) as a:
        assert a.analyze(raw, ref).analyzed_at == fixed


def test_the_header_writers_are_worked_out_once_for_both_crediting_stages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[object] = []
    original = pipeline.Writers.__init__

    def counting(self: pipeline.Writers, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.Writers, "__init__", counting)
    case = signed_case("x", domain="bank.example")
    with Analyzer(OFFLINE) as a:
        report = a.analyze(case.raw, SourceRef("x.eml"))
    assert len(built) == 1
    assert not [e for e in report.errors if "internal error" in e]


def test_writers_that_cannot_be_built_fail_each_crediting_stage_as_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: pipeline.Writers, *args: object, **kwargs: object) -> None:
        raise RuntimeError("writers bug")

    monkeypatch.setattr(pipeline.Writers, "__init__", broken)
    case = signed_case("x", domain="bank.example")
    # a verdict to credit: the verdicts stage builds its writers only for one
    raw = b"X-Spam-Status: No, score=0.1 required=5.0\r\n" + case.raw
    with Analyzer(OFFLINE) as a:
        report = a.analyze(raw, SourceRef("x.eml"))
        plain = a.analyze(case.raw, SourceRef("x.eml"))
    assert [e for e in report.errors if "writers bug" in e] == [
        "internal error in verdicts: RuntimeError('writers bug')"
    ]
    assert report.auth.received == () and report.summary.verdict
    assert not [e for e in plain.errors if "writers bug" in e]  # nothing to credit
