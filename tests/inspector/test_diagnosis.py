from __future__ import annotations

from inspector.diagnosis import overall_risk, rank_findings, summarize_findings
from inspector.model import Category, Finding, Risk, Severity


def _f(fid: str, sev: Severity, cat: Category = Category.CONTENT) -> Finding:
    return Finding(fid, sev, cat, f"title {fid}", "why")


def test_ranking_puts_severity_then_decisive_theme_first() -> None:
    ranked = rank_findings(
        [
            _f("content.a", Severity.HIGH),
            _f("dmarc.b", Severity.HIGH, Category.AUTHENTICATION),
            _f("headers.c", Severity.CRITICAL, Category.HYGIENE),
        ]
    )
    assert [f.id for f in ranked] == ["headers.c", "dmarc.b", "content.a"]


def test_risk_levels() -> None:
    assert overall_risk([]) is Risk.LOW
    assert overall_risk([_f("a.b", Severity.LOW)] * 2) is Risk.LOW
    assert overall_risk([_f("a.b", Severity.LOW)] * 3) is Risk.MEDIUM
    assert overall_risk([_f("a.b", Severity.HIGH)]) is Risk.HIGH
    assert overall_risk([_f("a.b", Severity.CRITICAL)]) is Risk.CRITICAL


def test_summary_names_the_main_reason_and_skips_info() -> None:
    s = summarize_findings([_f("x.info", Severity.INFO), _f("spf.fail", Severity.HIGH)])
    assert s.top_reasons == ("spf.fail",)
    assert "title spf.fail" in s.verdict
    assert summarize_findings([_f("x.info", Severity.INFO)]).top_reasons == ()
