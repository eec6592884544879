"""What the screenshots showed wrong, kept right: the overview says the risk once, the
application's pages never scroll sideways for a pixel, the route names TLS by its version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QApplication

from inspector.intel.domaincheck import DomainPosture
from inspector.model.codes import DnsStatus
from inspector.model.dns import DnsQuery
from tests.support.reports import sample_report
from ui.dialogs.posture_rows import Mark, posture_rows
from ui.models.details import tls_version
from ui.views.overview import overview_html
from ui.views.safe_browser import PageBrowser


def test_overview_says_the_risk_and_verdict_once() -> None:
    report = sample_report()
    body = overview_html(report)
    assert body.count(report.summary.verdict.split(".")[0]) == 1
    assert "Risk: " not in body
    # the authentication badges come before the reasons: in view on a small screen
    assert body.index("<b>SPF</b>") < body.index("Most likely reasons")


def test_full_width_tables_need_no_horizontal_scroll(qtbot: Any) -> None:
    browser = PageBrowser()
    qtbot.addWidget(browser)
    rows = "".join(f"<tr><td>{i}</td><td>domain{i}.example</td></tr>" for i in range(60))
    browser.set_body(f'<table class="grid" width="100%" border="1">{rows}</table>')
    for width in (1380, 1024, 777):
        browser.resize(width, 400)
        browser.show()
        QApplication.processEvents()
        assert browser.verticalScrollBar().maximum() > 0
        assert browser.horizontalScrollBar().maximum() == 0, width


def test_route_shows_the_tls_version_and_keeps_the_cipher_for_the_tooltip() -> None:
    assert tls_version("version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256") == "TLSv1.3"
    assert tls_version("using TLSv1.2 with cipher ECDHE-RSA-AES256") == "TLSv1.2"
    assert tls_version("(TLS 1.2)") == "TLS1.2"
    assert tls_version("something unusual and long") == "something unu\u2026"
    assert tls_version(None) == ""


def test_domain_check_from_a_recording_that_lacks_the_names_is_not_a_failure() -> None:
    missing = tuple(
        DnsQuery(name, rdtype, DnsStatus.NOT_IN_REPLAY)
        for name, rdtype in (
            ("gap.example", "MX"),
            ("gap.example", "TXT"),
            ("_dmarc.gap.example", "TXT"),
            ("_mta-sts.gap.example", "TXT"),
        )
    )
    posture = DomainPosture(
        "gap.example", datetime(2026, 3, 4, tzinfo=UTC), mx_status="not_in_replay", dns=missing
    )
    rows = {r.name: r for r in posture_rows(posture)}
    for name in ("MX", "SPF", "DMARC", "MTA-STS"):
        assert rows[name].mark is Mark.NOT_CHECKED, name
        assert rows[name].summary == "not checked (not in the recorded answers)"
    assert rows["BIMI"].mark is Mark.ABSENT  # never asked of this recording: nothing known
