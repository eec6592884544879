"""DMARC aggregate and TLS reports are found by content in every container receivers use, and
hostile XML is refused before it can expand or reach outside."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from inspector.model.codes import AuthStatus
from inspector.model.feedback import DmarcReport, FeedbackError, TlsReport
from inspector.parse.feedback_files import (
    FeedbackSplitter,
    feedback_from_bytes,
    might_carry_reports,
)
from inspector.parse.sources import iter_messages
from tests.support.feedback_reports import (
    EXTERNAL_ENTITY,
    XML_BOMB,
    dmarc_xml,
    gzipped,
    report_email,
    tls_report,
    zipped,
)


def _one_dmarc(data: bytes) -> DmarcReport:
    (found,) = feedback_from_bytes(data, "test")
    assert isinstance(found, DmarcReport), found
    return found


def test_rfc7489_report_fields() -> None:
    report = _one_dmarc(dmarc_xml())
    assert (report.reporter, report.report_id, report.domain) == (
        "Receiver Example",
        "rpt-0001",
        "shop.example",
    )
    assert report.policy == "quarantine" and report.percent == 100
    assert report.volume == 143
    assert report.begin is not None and report.begin.isoformat().startswith("2026-11-04")
    spoof = report.rows[2]
    assert (spoof.source_ip, spoof.disposition, spoof.dmarc_pass) == (
        "203.0.113.66",
        "reject",
        False,
    )
    assert report.rows[0].spf[0].domain == "bounce.shop.example"
    assert report.schema == "rfc7489"


def test_result_words_are_read_into_the_rfc_vocabulary() -> None:
    """Reporters' result words become AuthStatus whatever their case; a word outside the
    vocabulary is kept as written."""
    rows = (("192.0.2.5", 3, "none", "PASS", "Fail", (("shop.example", "Pass"),),
             (("shop.example", "hardfail"),)),)  # fmt: skip
    (row,) = _one_dmarc(dmarc_xml(rows=rows)).rows
    assert row.dkim_aligned is AuthStatus.PASS and row.spf_aligned is AuthStatus.FAIL
    assert row.dkim[0].result is AuthStatus.PASS and row.spf[0].result == "hardfail"
    assert row.dmarc_pass


def test_dmarcbis_namespace_is_read_the_same() -> None:
    report = _one_dmarc(dmarc_xml(dmarcbis=True))
    assert report.schema == "dmarcbis"
    assert report.volume == 143 and report.percent is None


@pytest.mark.parametrize(
    "wrap",
    [
        lambda x: x,
        gzipped,
        lambda x: zipped("receiver.example!shop.example!1793750400!1793836799.xml", x),
        lambda x: report_email([("r.xml.gz", "application/gzip", gzipped(x))]),
        lambda x: report_email([("r.zip", "application/zip", zipped("r.xml", x))]),
    ],
    ids=["xml", "xml.gz", "zip", "email-gz", "email-zip"],
)
def test_every_container_is_recognised(wrap: object) -> None:
    assert _one_dmarc(wrap(dmarc_xml())).volume == 143  # type: ignore[operator]


def test_an_email_with_several_reports_gives_each() -> None:
    raw = report_email(
        [
            ("a.xml", "text/xml", dmarc_xml(report_id="a")),
            ("b.xml.gz", "application/gzip", gzipped(dmarc_xml(report_id="b"))),
            ("tls.json", "application/tlsrpt+json", tls_report()),
        ]
    )
    found = feedback_from_bytes(raw, "mail")
    assert sorted(getattr(f, "report_id", "") for f in found) == ["a", "b", "tls-0001"]


def test_signed_mail_without_a_report_attachment_is_not_walked() -> None:
    newsletter = (
        b"Authentication-Results: mx.client.example; dkim=pass; spf=pass; dmarc=pass\r\n"
        b"From: news@shop.example\r\nSubject: Our DMARC journey\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain\r\n\r\nHello\r\n--b\r\n"
        b"Content-Type: application/pdf; name=brochure.pdf\r\n\r\nJVBERi0=\r\n--b--\r\n"
    )
    assert not might_carry_reports(newsletter)
    assert might_carry_reports(report_email([("r.xml.gz", "application/gzip", b"x")]))
    assert might_carry_reports(report_email([("tls.json", "application/tlsrpt+json", b"{}")]))


def test_tls_report_failures_by_receiving_domain() -> None:
    (found,) = feedback_from_bytes(gzipped(tls_report()), "tls.json.gz")
    assert isinstance(found, TlsReport)
    (policy,) = found.policies
    assert (policy.domain, policy.successes, policy.failures) == ("shop.example", 950, 12)
    assert policy.failure_details[0].result_type == "certificate-expired"


@pytest.mark.parametrize("hostile", [XML_BOMB, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_hostile_xml_is_refused_quickly(hostile: bytes) -> None:
    started = time.monotonic()
    (found,) = feedback_from_bytes(hostile, "evil.xml")
    assert isinstance(found, FeedbackError)
    assert "DOCTYPE" in found.message
    assert time.monotonic() - started < 5  # design bound: nothing was expanded


def test_a_gzip_bomb_stops_at_the_cap() -> None:
    bomb = gzipped(b"<feedback><report_metadata>" + b" " * (40 * 1024 * 1024))
    (found,) = feedback_from_bytes(bomb, "bomb.xml.gz")
    assert isinstance(found, FeedbackError) and "MiB" in found.message


def test_a_folder_of_reports_is_split_from_messages(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes(dmarc_xml(report_id="a"))
    (tmp_path / "b.zip").write_bytes(zipped("b.xml", dmarc_xml(report_id="b")))
    (tmp_path / "c.eml").write_bytes(
        report_email([("c.xml", "text/xml", dmarc_xml(report_id="c"))])
    )
    (tmp_path / "tls.json.gz").write_bytes(gzipped(tls_report()))
    (tmp_path / "real.eml").write_bytes(b"From: a@shop.example\r\nSubject: hi\r\n\r\nhello\r\n")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG....")
    splitter = FeedbackSplitter()
    rest = list(splitter.split(iter_messages([str(tmp_path)])))
    assert sorted(r.report_id for r in splitter.dmarc) == ["a", "b", "c"]
    assert len(splitter.tls) == 1
    kinds = sorted(type(r).__name__ for r in rest)
    assert kinds == ["ReadError", "tuple"]  # the PNG is still reported; the message analysed
