"""Charts: bars drawn with table cells, captions that say what is counted, unchecked apart."""

from __future__ import annotations

from dataclasses import replace

from inspector.mailbox.stats import MailboxStats
from inspector.model.codes import AuthStatus
from inspector.report.charts import auth_chart, bounce_chart, risk_chart
from tests.support.reports import sample_report


def test_not_checked_is_never_a_failure() -> None:
    stats = MailboxStats()
    report = sample_report()
    passing = replace(report.auth.dmarc, result=AuthStatus.PASS)
    offline = replace(report.auth.dmarc, result=AuthStatus.SKIPPED)
    stats.add(replace(report, auth=replace(report.auth, dmarc=passing)))
    for _ in range(3):
        stats.add(replace(report, auth=replace(report.auth, dmarc=offline)))
    html = auth_chart(stats, 1)
    assert "100%: 1 of 1 pass (3 not checked)" in html
    assert stats.overall.failures == 0


def test_nothing_checked_says_so() -> None:
    stats = MailboxStats()
    report = sample_report()
    offline = replace(report.auth.spf, result=AuthStatus.SKIPPED)
    stats.add(replace(report, auth=replace(report.auth, spf=offline)))
    spf_row = auth_chart(stats, 1).split("SPF")[1].split("DKIM")[0]
    assert '<td width="30%">not checked</td>' in spf_row
    assert "background-color" not in spf_row  # no bar, not an empty (0%) one


def test_risk_and_bounce_charts_have_captions_and_plain_words() -> None:
    stats = MailboxStats()
    stats.add(sample_report())
    assert "Figure 2: messages by risk" in risk_chart(stats, 2)
    bounces = bounce_chart(stats, 3)
    assert "Figure 3: bounce reasons (1 bounce)" in bounces
    assert "authentication required" in bounces and "authfailure" not in bounces
    assert "no bounce among these messages" in bounce_chart(MailboxStats(), 3)
