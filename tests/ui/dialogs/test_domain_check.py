"""Tools > Check a domain: the posture from the loopback DNS server as badges, offline as
"not checked (offline)", and copies for a ticket."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication

from inspector.intel.domaincheck import DomainPosture
from tests.support.dns_server import LoopbackDns
from tests.support.messages import make_message
from tests.support.reports import sample_report
from ui.bundle import MessageBundle
from ui.controller import Controller
from ui.dialogs.domain_check import DomainCheckDialog
from ui.dialogs.posture_rows import Mark, posture_rows
from ui.settings import AppSettings
from ui.tasks import SyncTaskRunner
from ui.views.detail import MessageView, from_domain

KEY = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" * 4


@pytest.fixture
def posture_zone(dns_server: LoopbackDns) -> LoopbackDns:
    dns_server.add("shop.example", "MX", "10 mx1.shop.example.")
    dns_server.add("shop.example", "TXT", "v=spf1 ip4:192.0.2.0/24 -all")
    dns_server.add("_dmarc.shop.example", "TXT", "v=DMARC1; p=reject; rua=mailto:d@shop.example")
    dns_server.add("selector1._domainkey.shop.example", "TXT", KEY)
    dns_server.add("_mta-sts.shop.example", "TXT", "v=STSv1; id=20260101")
    dns_server.add("bare.example", "TXT", "v=spf1 ~all")
    dns_server.add("bare.example", "A", "192.0.2.7")
    return dns_server


def _controller(settings: AppSettings) -> Iterator[Controller]:
    controller = Controller(settings, runner=SyncTaskRunner(), persist=False)
    yield controller
    controller.shutdown()


@pytest.fixture
def online(posture_zone: LoopbackDns) -> Iterator[Controller]:
    settings = AppSettings(dns_servers=(posture_zone.server_spec,), dns_timeout=1.0, rdap=False)
    yield from _controller(settings)


@pytest.fixture
def offline() -> Iterator[Controller]:
    yield from _controller(AppSettings(offline=True))


def _marks(dialog: DomainCheckDialog) -> dict[str, Mark]:
    assert dialog.posture is not None
    return {row.name: row.mark for row in posture_rows(dialog.posture)}


def test_posture_from_dns_shows_a_badge_per_mechanism(qtbot, online: Controller) -> None:  # type: ignore[no-untyped-def]
    dialog = DomainCheckDialog(None, online, "Shop.Example")
    qtbot.addWidget(dialog)
    assert _marks(dialog) == {
        "MX": Mark.PASS,
        "SPF": Mark.PASS,
        "DMARC": Mark.PASS,
        "DKIM selectors": Mark.PASS,
        "MTA-STS": Mark.PASS,
        "TLS-RPT": Mark.ABSENT,
        "BIMI": Mark.ABSENT,
    }
    shown = dialog.view.toPlainText()
    assert "mx1.shop.example" in shown and "p=reject" in shown and "selector1" in shown
    assert "no record: TLS failures go unreported" in shown
    assert 'src="icon:circle-check-filled' in dialog.view.body()
    assert dialog.state.text() == "shop.example: checked"
    assert KEY not in shown  # a whole key is one unbreakable word: cut on screen...
    dialog.copy_text.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Domain check: shop.example") and KEY in text  # ...whole in copies
    assert "TLS-RPT" in text and "absent" in text
    dialog.copy_markdown.click()
    markdown = QGuiApplication.clipboard().text()
    assert "| DMARC | pass | p=reject at _dmarc.shop.example |" in markdown
    assert "| Check | Result | Detail | Record |" in markdown


def test_missing_records_fail_and_the_notes_say_why(qtbot, online: Controller) -> None:  # type: ignore[no-untyped-def]
    dialog = DomainCheckDialog(None, online)
    qtbot.addWidget(dialog)
    assert dialog.posture is None and not dialog.copy_text.isEnabled()
    dialog.domain.setText("bare.example")
    dialog.check_button.click()
    marks = _marks(dialog)
    assert marks["MX"] is Mark.FAIL and marks["DMARC"] is Mark.FAIL
    assert marks["SPF"] is Mark.PASS and marks["DKIM selectors"] is Mark.ABSENT
    shown = dialog.view.toPlainText()
    assert "No DMARC record" in shown and "no MX record" in shown


def test_offline_says_not_checked_never_fail(qtbot, offline: Controller) -> None:  # type: ignore[no-untyped-def]
    dialog = DomainCheckDialog(None, offline, "shop.example")
    qtbot.addWidget(dialog)
    assert set(_marks(dialog).values()) == {Mark.NOT_CHECKED}
    assert dialog.state.text() == "shop.example: not checked (offline)"
    assert dialog.view.toPlainText().count("not checked (offline)") == 7
    assert "fail" not in dialog.view.toPlainText()
    dialog.copy_markdown.click()
    assert "| BIMI | not checked | not checked (offline) |" in QGuiApplication.clipboard().text()


def test_a_name_that_is_no_domain_is_said_plainly(qtbot, offline: Controller) -> None:  # type: ignore[no-untyped-def]
    dialog = DomainCheckDialog(None, offline, "not a domain")
    qtbot.addWidget(dialog)
    assert dialog.state.text() == "not a domain: not a valid domain name"
    assert "Not a valid domain name" in dialog.view.toPlainText()


def test_dialog_stops_listening_when_closed(qtbot, offline: Controller) -> None:  # type: ignore[no-untyped-def]
    dialog = DomainCheckDialog(None, offline)
    qtbot.addWidget(dialog)
    dialog.reject()
    offline.domain_checked.emit(DomainPosture("late.example", datetime.now(UTC), offline=True))
    assert dialog.posture is None


def test_overview_offers_to_check_the_from_domain(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = MessageView()
    qtbot.addWidget(view)
    view.show()
    report = sample_report()
    view.set_bundle(MessageBundle(report, None, b""))
    domain = from_domain(report)
    assert domain
    asked: list[str] = []
    view.check_domain_requested.connect(asked.append)
    menu = view.overview_menu(QPoint(5, 5))
    (action,) = [a for a in menu.actions() if a.text().startswith("Check the domain")]
    action.trigger()
    assert asked == [domain]


def test_tools_menu_and_context_action_open_the_dialog(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Tools" in titles
    window.domain_action.trigger()
    assert window.domain_dialog.isVisible() and window.domain_dialog.posture is None
    window.domain_dialog.reject()
    eml = tmp_path / "a.eml"
    eml.write_bytes(make_message(1))
    window.controller.open_paths([str(eml)])
    domain = from_domain(window.message_view.bundle.report)
    window.message_view.check_domain_requested.emit(domain)
    dialog = window.domain_dialog
    assert dialog.domain.text() == domain
    assert dialog.state.text() == f"{domain}: not checked (offline)"
