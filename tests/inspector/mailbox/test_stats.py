"""Mailbox figures: "not checked" is never counted as a failure."""

from __future__ import annotations

from inspector.mailbox.stats import MailboxStats
from inspector.model.auth import AuthSummary, DmarcResult, RecordedResult, SpfResult
from inspector.model.codes import AuthMethod, AuthStatus
from inspector.model.message import MessageSummary, SourceRef
from inspector.model.report import Report


def report(auth: AuthSummary) -> Report:
    return Report(
        source=SourceRef("x.eml"),
        message=MessageSummary("s", "a@example.com", None, None, None),
        auth=auth,
    )


def test_pass_rates_count_only_checked_messages() -> None:
    stats = MailboxStats()
    offline = AuthSummary(
        spf=SpfResult(AuthStatus.SKIPPED, "offline"),
        dmarc=DmarcResult(AuthStatus.SKIPPED, "offline"),
    )
    stats.add(report(offline))
    rates = stats.by_domain["example.com"]
    assert rates.messages == 1 and rates.dmarc.checked == 0 and rates.dmarc.rate is None
    assert rates.failures == 0
    recorded = (RecordedResult(AuthMethod.DMARC, AuthStatus.PASS, "mx.example.org"),)
    stats.add(report(AuthSummary(dmarc=offline.dmarc, recorded=recorded)))
    stats.add(report(AuthSummary(dmarc=DmarcResult(AuthStatus.FAIL, "nothing aligned"))))
    assert (rates.dmarc.passed, rates.dmarc.checked, rates.failures) == (1, 2, 1)


def test_bounce_reasons_are_counted() -> None:
    from dataclasses import replace

    from tests.support.reports import sample_report

    stats = MailboxStats()
    stats.add(sample_report())
    stats.add(replace(sample_report(), bounce=None))
    assert stats.bounces == 1 and stats.bounce_reasons == {"authfailure": 1}
