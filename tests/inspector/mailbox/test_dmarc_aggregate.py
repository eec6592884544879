"""DMARC aggregate reports summed per source and reporter, each source judged authorised,
forwarding or unknown, and named from reverse DNS and the platform fingerprints."""

from __future__ import annotations

from inspector.intel.source_network import lookup_source_networks
from inspector.mailbox.dmarc_aggregate import source_ips, summarise_feedback
from inspector.model.feedback import DmarcReport, SourceClass, SourceNetwork
from inspector.model.intel import LookupStatus, PlatformKind
from inspector.parse.dmarc_xml import parse_dmarc_report
from tests.support.fake_dns import FakeDns
from tests.support.feedback_reports import dmarc_xml

DAY = 86400
ZONE = {
    ("23.100.51.198.in-addr.arpa", "PTR"): ["a8-23.smtp-out.amazonses.com."],
    ("23.100.51.198.origin.asn.cymru.com", "TXT"): ["64501 | 198.51.100.0/24 | IE | ripe | x"],
    ("AS64501.asn.cymru.com", "TXT"): ["64501 | IE | ripe | x | MAILVANE-EXAMPLE, IE"],
}


def _reports() -> list[DmarcReport]:
    return [
        parse_dmarc_report(dmarc_xml(report_id="1", reporter="Receiver Example")),
        parse_dmarc_report(
            dmarc_xml(report_id="2", reporter="Other Example", begin=1_793_750_400 + DAY)
        ),
        parse_dmarc_report(dmarc_xml(report_id="1", reporter="Receiver Example")),  # duplicate
    ]


def test_sources_are_classified_and_counted_across_reporters() -> None:
    summary = summarise_feedback(_reports())
    assert len(summary.reports) == 2  # the duplicate is counted once
    by_ip = {s.ip: s for s in summary.sources}
    esp, forwarder, spoofer = by_ip["198.51.100.23"], by_ip["192.0.2.77"], by_ip["203.0.113.66"]
    assert esp.classification is SourceClass.AUTHORISED and esp.volume == 240
    assert forwarder.classification is SourceClass.FORWARDING
    assert "SPF failed" in forwarder.why
    assert spoofer.classification is SourceClass.UNKNOWN
    assert spoofer.dispositions == (("reject", 28),)
    assert spoofer.reporters == ("Other Example", "Receiver Example")
    assert summary.sources[0].ip == "198.51.100.23"  # by volume
    assert [(d.day, d.volume) for d in summary.days] == [("2026-11-04", 143), ("2026-11-05", 143)]
    assert summary.dmarc_pass == 2 * 129
    assert [r.reporter for r in summary.reporters] == ["Other Example", "Receiver Example"]


def test_a_known_forwarder_network_makes_a_failing_source_forwarding() -> None:
    report = parse_dmarc_report(
        dmarc_xml(rows=(("192.0.2.9", 3, "none", "fail", "fail", (), (("x.example", "fail"),)),))
    )
    networks = {
        "192.0.2.9": SourceNetwork(
            platform="Forwarder", platform_kind=PlatformKind.FORWARDER, status=LookupStatus.OK
        )
    }
    (source,) = summarise_feedback([report], networks=networks).sources
    assert source.classification is SourceClass.FORWARDING


def test_source_networks_name_the_platform_or_say_not_checked() -> None:
    ips = source_ips(_reports())
    offline = lookup_source_networks(ips, None)
    assert {n.label for n in offline.values()} == {"not checked (offline)"}
    online = lookup_source_networks(ips, FakeDns(ZONE, strict=False))
    esp = online["198.51.100.23"]
    assert esp.platform == "Amazon SES" and esp.asn == "64501"
    assert esp.as_name == "MAILVANE-EXAMPLE, IE"
    assert "Amazon SES" in esp.label
    assert online["203.0.113.66"].platform is None
