"""Offline, what the trusted receiver recorded at receipt is shown beside "not checked by us"
and counted, in JSON, HTML (and so PDF), the GUI's list and badges, and the mailbox figures;
"not checked" is never a failure. Real mail received at Outlook.com, from the dev corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.mailbox.stats import MailboxStats
from inspector.model.codes import AuthMethod, AuthStatus
from inspector.model.message import SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer
from inspector.report.html_auth import auth_summary_section
from inspector.report.json import report_to_dict
from inspector.report.mailbox import dashboard_html

SAMPLE = "phishing_pot_2023-2024/sample-1036.eml"  # EOP: spf, dkim, dmarc all pass at receipt


@pytest.fixture(scope="module")
def report(corpus_dir: Path) -> Report:
    path = corpus_dir / SAMPLE
    if not path.is_file():
        pytest.skip(f"{SAMPLE} is not in the dev corpus")
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        return analyzer.analyze(path.read_bytes(), SourceRef(str(path)))


def test_json_and_html_show_the_receivers_record_beside_ours(report: Report) -> None:
    assert report.auth.dmarc.result is AuthStatus.SKIPPED  # we could not check, offline
    recorded = report_to_dict(report)["auth"]["recorded"]
    assert {(r["method"], r["result"]) for r in recorded} >= {("spf", "pass"), ("dmarc", "pass")}
    html = auth_summary_section(report)
    assert "What the receiver recorded at receipt" in html
    assert "not checked by us" in html and "header.from=manpowergroup.no" in html


def test_mailbox_figures_count_the_record_and_never_not_checked_as_failed(report: Report) -> None:
    stats = MailboxStats()
    stats.add(report)
    rates = stats.overall
    assert (rates.dmarc.passed, rates.dmarc.checked, rates.failures) == (1, 1, 0)
    assert report.auth.outcome(AuthMethod.SPF) is AuthStatus.PASS
    assert "100% of 1" in dashboard_html(stats)


def test_gui_list_and_badges_use_the_record(report: Report, qtbot: object) -> None:
    from ui.models.message_row import MessageRow
    from ui.views.overview import overview_html

    row = MessageRow.from_report(report)
    assert (row.spf, row.dkim, row.dmarc) == ("pass", "pass", "pass")
    assert "(receiver, at receipt)" in overview_html(report)
