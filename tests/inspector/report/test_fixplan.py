"""The fix plan: one item per kind of finding across the mailbox, ranked by weight."""

from __future__ import annotations

from dataclasses import replace

from inspector.model.codes import Severity
from inspector.model.report import Report
from inspector.report.fixplan import FixPlan
from tests.support.reports import sample_report


def _from(report: Report, domain: str) -> Report:
    return replace(report, message=replace(report.message, from_=f"News <news@{domain}>"))


def test_items_aggregate_messages_and_domains_by_finding_id() -> None:
    plan = FixPlan()
    for domain in ("a.example", "a.example", "b.example"):
        plan.add(_from(sample_report(), domain))
    items = {i.finding_id: i for i in plan.ranked()}
    dmarc = items["dmarc.fail_reject"]
    assert dmarc.messages == 3
    assert dmarc.where() == "a.example, b.example"
    assert dmarc.remedy == "Sign with DKIM for sender.example."


def test_ranked_by_severity_times_messages() -> None:
    plan = FixPlan()
    report = sample_report()
    minor_only = replace(report, findings=report.findings[1:])
    plan.add(report)
    for _ in range(5):
        plan.add(minor_only)
    ranked = plan.ranked()
    # critical (27) x 1 outweighs low (1) x 6
    assert [i.finding_id for i in ranked] == ["dmarc.fail_reject", "headers.missing_message_id"]
    assert ranked[1].messages == 6


def test_info_and_nothing_to_fix_are_left_out() -> None:
    report = sample_report()
    info = replace(report.findings[0], id="x.info", severity=Severity.INFO)
    nothing = replace(report.findings[0], id="x.nothing", remedy="Nothing to fix for the sender.")
    plan = FixPlan()
    plan.add(replace(report, findings=(info, nothing)))
    assert plan.ranked() == []


def test_where_names_three_domains_and_counts_the_rest() -> None:
    plan = FixPlan()
    for n in range(6):
        plan.add(_from(sample_report(), f"d{n}.example"))
    assert plan.ranked()[0].where().endswith("and 3 more")
