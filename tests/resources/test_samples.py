"""The bundled samples tell their stories from the recorded DNS answers alone (no network):
what `make run` and the frozen self-test show a new user."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.mailbox.feedback_run import summarise_found
from inspector.mailbox.in_process import analyze_with_limit
from inspector.model.codes import AuthStatus, DnsStatus, Masking, Risk, SenderKind
from inspector.model.feedback import FeedbackSummary, SourceClass
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer
from tests.support.make_samples import SAMPLES

SNAPSHOT = SAMPLES / "dns.json"


SAMPLE_RUN: dict[str, FeedbackSummary | None] = {}


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    """What `make run` shows: everything from the recorded DNS and RDAP answers."""
    options = AnalysisOptions(replay_dns=str(SNAPSHOT))
    out: dict[str, Report] = {}
    splitter = FeedbackSplitter()
    with Analyzer(options) as analyzer:
        items = splitter.split(iter_messages([str(SAMPLES)]))
        for item in analyze_with_limit(analyzer, items, threads=2, message_timeout=None):
            assert not isinstance(item, ReadError), item
            out.setdefault(Path(item.source.path).name + f"#{item.source.index}", item)
        SAMPLE_RUN["feedback"] = summarise_found(splitter, analyzer.resolver, options)
    return out


def test_every_sample_is_read_and_analysed_without_errors(reports: dict[str, Report]) -> None:
    assert len(reports) == 12  # 8 .eml files, 1 .msg and the 3 messages of samples.mbox
    for name, report in reports.items():
        assert report.errors == (), name


def test_the_snapshot_answers_every_question(reports: dict[str, Report]) -> None:
    missing = {
        (q.name, q.rdtype)
        for r in reports.values()
        for q in r.dns
        if q.status is DnsStatus.NOT_IN_REPLAY
    }
    assert missing == set(), "run `python -m tests.support.make_samples --snapshot-only`"


def test_signed_samples_verify(reports: dict[str, Report]) -> None:
    for name in (
        "personal-plain.eml#0",
        "newsletter-esp.eml#0",
        "m365-delivered.eml#0",
        "clock-skew.eml#0",
        "receipt-amazon-ses.eml#0",
    ):
        report = reports[name]
        assert report.auth.dkim and all(d.result is AuthStatus.PASS for d in report.auth.dkim), name
        assert report.auth.spf.result is AuthStatus.PASS, name
        assert report.auth.dmarc.result is AuthStatus.PASS, name


def test_each_sample_tells_its_story(reports: dict[str, Report]) -> None:
    def ids(name: str) -> set[str]:
        return {f.id for f in reports[name].findings}

    assert reports["personal-plain.eml#0"].summary.risk is Risk.LOW
    phishing = reports["phishing-display-name.eml#0"]
    assert phishing.summary.risk is Risk.CRITICAL
    assert {
        "reputation.domain_listed",
        "reputation.ip_listed",
        "identity.display_name_address",
    } <= ids("phishing-display-name.eml#0")
    assert phishing.auth.spf.result is AuthStatus.SOFTFAIL
    listed = reports["list-broken-dkim.eml#0"]
    assert listed.auth.dkim[0].result is AuthStatus.FAIL and "body" in listed.auth.dkim[0].reason
    assert listed.auth.dmarc.result is AuthStatus.FAIL
    assert "dmarc.mailing_list" in ids("list-broken-dkim.eml#0")
    assert listed.route.client_ip == "198.51.100.61"  # the list server handed it to the recipient
    assert "dmarc.policy_none" in ids("clock-skew.eml#0")
    assert any(h.clock_skew for h in reports["clock-skew.eml#0"].hops)
    bounce = reports["bounce-dsn.eml#0"].bounce
    assert bounce is not None and bounce.recipients[0].status == "5.1.1"
    m365 = reports["m365-delivered.eml#0"]
    assert m365.verdicts
    # a colleague logged in to her company's own server: ordinary mail, nothing compromised
    assert m365.sender.sender_kind is not None
    assert m365.sender.sender_kind.kind is SenderKind.ORGANISATION_ACCOUNT
    assert "sender.compromised_mailbox" not in ids("m365-delivered.eml#0")


def test_mbox_copies_match_their_files(reports: dict[str, Report]) -> None:
    assert reports["samples.mbox#0"].message == reports["personal-plain.eml#0"].message
    assert reports["samples.mbox#1"].auth.dkim == reports["newsletter-esp.eml#0"].auth.dkim


def test_platform_registration_and_masking_show_with_no_network(
    reports: dict[str, Report],
) -> None:
    receipt = reports["receipt-amazon-ses.eml#0"].sender
    assert receipt.platform is not None and receipt.platform.name == "Amazon SES"
    shop = next(d for d in receipt.domains if d.domain == "shop.example")
    assert shop.status == "ok" and shop.registrar == "Example Registrar, Inc."
    assert shop.age_days is not None and shop.age_days > 3000
    assert shop.masking is Masking.PUBLIC
    phishing = reports["phishing-display-name.eml#0"].sender
    lure = next(d for d in phishing.domains if d.domain == "northbank-verify.test")
    assert lure.masking is Masking.PROXY
    newsletter = reports["newsletter-esp.eml#0"].sender
    brand = next(d for d in newsletter.domains if d.domain == "northwind-coffee.example")
    assert brand.masking is Masking.REDACTED
    missing = {d.domain for r in reports.values() for d in r.sender.domains if d.status != "ok"}
    assert missing == set(), "run `python -m tests.support.make_samples --snapshot-only`"


def test_the_outlook_msg_tells_the_phishing_story(reports: dict[str, Report]) -> None:
    saved = reports["phishing-saved-from-outlook.msg#0"]
    original = reports["phishing-display-name.eml#0"]
    assert saved.source.kind == "msg"
    assert saved.route.client_ip == original.route.client_ip
    assert saved.summary.risk is Risk.CRITICAL
    assert {"reputation.ip_listed", "identity.display_name_address"} <= {
        f.id for f in saved.findings
    }


def test_the_dmarc_report_sorts_its_sources(reports: dict[str, Report]) -> None:
    feedback = SAMPLE_RUN["feedback"]
    assert feedback is not None and feedback.domains == ("shop.example",)
    by_ip = {s.ip: s for s in feedback.sources}
    assert by_ip["198.51.100.88"].classification is SourceClass.AUTHORISED
    assert by_ip["192.0.2.77"].classification is SourceClass.FORWARDING
    spoofer = by_ip["203.0.113.66"]
    assert spoofer.classification is SourceClass.UNKNOWN
    assert "BROADBAND-EXAMPLE-RESIDENTIAL" in spoofer.network.label
