"""The GUI session analyses nothing in the GUI's process: a message opened, pasted or exported
goes to its worker process, and one that hangs there comes back as its error after the limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import inspector.pipeline
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.options import AnalysisOptions
from tests.support.dns_server import LoopbackDns
from tests.support.messages import make_message
from ui.bundle import MessageBundle
from ui.controller import Controller
from ui.models.message_row import MessageRow
from ui.session import AnalysisSession
from ui.settings import AppSettings
from ui.tasks import SyncTaskRunner


@pytest.fixture
def eml(tmp_path: Path) -> SourceRef:
    path = tmp_path / "a.eml"
    path.write_bytes(make_message(3))
    return SourceRef(str(path), 0, SourceKind.EML)


@pytest.fixture
def offline_session() -> Iterator[AnalysisSession]:
    session = AnalysisSession(AnalysisOptions(offline=True), workers=1)
    yield session
    session.close()


def test_opening_and_pasting_never_analyse_in_this_process(
    offline_session: AnalysisSession, eml: SourceRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("analysed in the GUI's process")

    monkeypatch.setattr(inspector.pipeline, "analyze_bytes", refuse)
    bundle = offline_session.bundle(eml)
    assert isinstance(bundle, MessageBundle)
    assert bundle.report.message.subject == "Message number 3" and not bundle.report.errors
    assert bundle.parsed is not None and bundle.raw == make_message(3)
    pasted = offline_session.add_paste(make_message(4).decode())
    assert pasted.message.subject == "Message number 4" and not pasted.errors


def test_a_message_that_hangs_is_its_error_and_is_tried_again_later(
    dns_server: LoopbackDns, eml: SourceRef
) -> None:
    dns_server.delay = 30.0
    options = AnalysisOptions(
        dns_servers=(dns_server.server_spec,), dns_timeout=60.0, dns_budget=120.0, rdap=False
    )
    session = AnalysisSession(options, workers=1)
    session.message_worker.message_timeout = 2.0
    try:
        shown = session.bundle(eml)
        assert isinstance(shown, ReadError) and "took longer than 2 s" in shown.message
        exported = session.report(eml)  # an export gets a report that carries the error
        assert exported.source == eml and "took longer than 2 s" in exported.errors[0]
        dns_server.delay = 0.0
        again = session.bundle(eml)
        assert isinstance(again, MessageBundle) and not again.report.errors
    finally:
        session.close()


def test_a_message_that_cannot_be_shown_says_why(
    qtbot, dns_server: LoopbackDns, eml: SourceRef
) -> None:  # type: ignore[no-untyped-def]

    dns_server.delay = 30.0
    settings = AppSettings(dns_servers=(dns_server.server_spec,), dns_timeout=60.0, rdap=False)
    controller = Controller(settings, runner=SyncTaskRunner(), persist=False)
    try:
        controller.session.message_worker.message_timeout = 1.0
        why: list[str] = []
        controller.message_unavailable.connect(why.append)
        controller.message_ready.connect(lambda _b: why.append("shown"))
        report = inspector.pipeline.Analyzer(AnalysisOptions(offline=True)).analyze(
            make_message(3), eml
        )
        controller.show_message(MessageRow.from_report(report))
    finally:
        controller.shutdown()
    assert len(why) == 1 and "took longer than 1 s and was stopped" in why[0]
