"""Trace-first platform evidence: hand-written messages (reserved names and addresses)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import UTC, datetime, timedelta

import pytest

from inspector.intel.platform_clues import (
    Clue,
    gather_clues,
    read_trace,
    sender_side_fields,
    sender_side_start,
)
from inspector.intel.platforms import identify_platform
from inspector.model.auth import AuthSummary, RecordedResult
from inspector.model.codes import AuthMethod, AuthStatus, EvidenceStrength
from inspector.model.intel import ClueKind
from inspector.model.route import Hop
from tests.inspector.intel.msgs import build

T0 = datetime(2024, 1, 2, 12, 0, tzinfo=UTC)


def _entry(**kw: object) -> Hop:
    base: dict[str, object] = {
        "index": 1,
        "raw": "",
        "boundary": True,
        "by": "mx.recipient.example",
        "timestamp": T0,
    }
    base.update(kw)
    return Hop(**base)  # type: ignore[arg-type]


def test_forged_esp_headers_from_a_vps_name_no_platform() -> None:
    pm = build(
        [
            ("From", "Shop <news@shop.example>"),
            ("X-MJ-Mid", "AAA"),
            ("X-Mailjet-Campaign", "1"),
            ("Feedback-ID", "42.1.2:MJ"),
            ("Message-ID", "<abc@mailjet.com>"),
        ]
    )
    vps = _entry(helo="vps.hosting.example", ip="203.0.113.7")
    assert identify_platform(pm, hops=[vps]) is None


def test_entry_host_of_the_platform_decides() -> None:
    pm = build([("From", "Shop <news@shop.example>"), ("X-MJ-Mid", "AAA")])
    esp = _entry(rdns="o1.p2.mailjet.com", helo="o1.p2.mailjet.com", ip="192.0.2.10")
    match = identify_platform(pm, hops=[esp])
    assert match is not None and match.name == "Mailjet" and match.traced


def test_published_ip_range_is_trace_evidence() -> None:
    pm = build([("From", "a@shop.example")])
    sfmc = _entry(helo="mta4.e.shop.example", ip="13.111.1.2")
    match = identify_platform(pm, hops=[sfmc])
    assert match is not None and match.name == "Salesforce Marketing Cloud"
    assert "IP of sending host 13.111.1.2" in match.evidence


def test_receiver_stamped_message_id_counts_for_nothing() -> None:
    stamped = (
        "<0f0e0d0c-0000-4000-8000-000000000000@AM6EUR05FT004.eop-eur05.prod.protection.outlook.com>"
    )
    pm = build([("From", "a@shop.example"), ("Message-ID", stamped)])
    vps = _entry(helo="host.example", ip="203.0.113.9")
    assert identify_platform(pm, hops=[vps]) is None
    google = build([("From", "a@shop.example"), ("Message-ID", "<abc@mx.google.com>")])
    assert identify_platform(google, hops=[vps]) is None


def test_replayed_trace_does_not_name_the_provider() -> None:
    pm = build(
        [
            ("From", "a@shop.example"),
            ("DKIM-Signature", "v=1; d=mcdlv.net; s=k1; b=x"),
            ("Return-Path", "<bounce-mc.us3_1-2@mail201.example.mcdlv.net>"),
            ("X-MC-User", "1338"),
        ]
    )
    old = T0 - timedelta(days=30)
    mailchimp = Hop(index=0, raw="", rdns="mail201.wdc02.mcdlv.net", by="a.b", timestamp=old)
    earlier = Hop(
        index=1, raw="", helo="mail201.wdc02.mcdlv.net", by="X1.mail.protection.outlook.com"
    )
    vps = _entry(index=2, helo="vps.example", ip="203.0.113.20")
    view = read_trace(pm, [mailchimp, earlier, vps])
    assert view.replayed and any("replayed" in n for n in view.notes)
    assert identify_platform(pm, hops=[mailchimp, earlier, vps]) is None


def test_receiver_recorded_dkim_pass_is_trace() -> None:
    pm = build([("From", "a@shop.example"), ("DKIM-Signature", "v=1; d=sendgrid.net; b=x")])
    host = _entry(helo="mail.shop.example", ip="203.0.113.30")
    assert identify_platform(pm, hops=[host]) is None
    auth = AuthSummary(
        recorded=(RecordedResult(AuthMethod.DKIM, AuthStatus.PASS, "", "header.d=sendgrid.net"),)
    )
    match = identify_platform(pm, hops=[host], auth=auth)
    assert match is not None and match.name == "SendGrid"
    assert "DKIM d=sendgrid.net (receiver recorded pass)" in match.evidence


def test_forwarder_at_the_boundary_is_not_the_platform() -> None:
    pm = build(
        [
            ("From", "a@shop.example"),
            ("DKIM-Signature", "v=1; d=improvmx-mails.com; b=x"),
            ("Feedback-ID", "abc:send:ImprovMX"),
        ]
    )
    sender = Hop(index=0, raw="", rdns="o1.p2.mailjet.com", helo="o1.p2.mailjet.com", by="x")
    forwarder = _entry(rdns="mail30.mxa.infra.improvmx.com", ip="192.0.2.40")
    match = identify_platform(pm, hops=[sender, forwarder])
    assert match is not None and match.name == "Mailjet"
    assert any("forwarded by ImprovMX" in e for e in match.evidence)


def test_forefront_ptr_names_the_entry_host() -> None:
    pm = build(
        [
            ("X-Forefront-Antispam-Report", "CIP:192.0.2.50;CTRY:US;PTR:o5.sendgrid.net;DIR:INB"),
            ("Received", "from helo.example (192.0.2.50) by X.mail.protection.outlook.com"),
            ("From", "a@shop.example"),
        ]
    )
    entry = _entry(helo="helo.example", ip="192.0.2.50", by="X.mail.protection.outlook.com")
    match = identify_platform(pm, hops=[entry])
    assert match is not None and match.name == "SendGrid"


def _google(**extra: str) -> list[Hop]:
    up = Hop(index=0, raw="", by=extra.get("by", "mail.example"), timestamp=T0)
    entry = _entry(rdns="mail-ed1-f41.google.com", helo="mail-ed1-f41.google.com")
    return [up, entry]


def test_new_google_products() -> None:
    forms = build(
        [
            ("From", "Forms <forms-receipts-noreply@google.com>"),
            ("Return-Path", "<3abc@trix.bounces.google.com>"),
            ("Feedback-ID", "1:MailTypeReleaseScore:GoogleForms"),
        ]
    )
    match = identify_platform(forms, hops=_google())
    assert match is not None and match.name == "Google Forms"
    api = build([("From", "a@corp.example")])
    match = identify_platform(api, hops=_google(by="gmailapi.google.com"))
    assert match is not None and match.name == "Gmail API"
    firebase = build(
        [
            ("From", "noreply@project-x.firebaseapp.com"),
            ("Return-Path", "<noreply@project-x.firebaseapp.com>"),
            ("DKIM-Signature", "v=1; d=firebaseapp.com; b=x"),
        ]
    )
    match = identify_platform(firebase, hops=_google())
    assert match is not None and match.name == "Google Firebase"


def test_salesforce_surveymonkey_zoho_campaigns() -> None:
    sf = build([("From", "a@corp.example"), ("Return-Path", "<x@1a2b.bnc.salesforce.com>")])
    host = _entry(rdns="smtp07-ia4-sp3.mta.salesforce.com", ip="192.0.2.60")
    match = identify_platform(sf, hops=[host])
    assert match is not None and match.name == "Salesforce"
    sm = build([("From", "Survey <member@surveymonkeyuser.com>")])
    host = _entry(rdns="o1.surveymonkey.com", ip="192.0.2.61")
    match = identify_platform(sm, hops=[host])
    assert match is not None and match.name.startswith("SurveyMonkey")
    zc = build([("From", "a@corp.example"), ("Return-Path", "<b-1@bounce.zcsend.net>")])
    host = _entry(rdns="sender3.zcsend.net", ip="192.0.2.62")
    match = identify_platform(zc, hops=[host])
    assert match is not None and match.name == "Zoho Campaigns"


def test_sender_side_fields_are_those_below_the_boundary() -> None:
    pm = build(
        [
            ("Received", "from mx.recipient.example by inbox.recipient.example"),
            ("X-Receiver-Tag", "added by the recipient"),
            ("Received", "from out.shop.example by mx.recipient.example"),
            ("X-Mailer", "Shop sender " + "x" * 5000),
            ("From", "Shop <news@shop.example>"),
        ]
    )
    internal = _entry(index=2, boundary=False, by="inbox.recipient.example")
    written = sender_side_fields(pm, [_entry(index=1), internal])
    assert [h.name for h in written][:2] == ["X-Mailer", "From"]
    assert len(written[0].value) > 5000  # left whole: readers clip what they read
    assert [h.name for h in sender_side_fields(pm, [])][:2] == ["Received", "X-Receiver-Tag"]
    assert sender_side_start(pm, [_entry(index=1), internal]) == 3
    assert sender_side_start(pm, []) == 0


def test_only_sender_side_headers_the_catalogue_asks_about_become_clues() -> None:
    pm = build(
        [
            ("Received", "from mx.recipient.example by inbox.recipient.example"),
            ("X-Mailer", "added by the recipient"),
            ("Received", "from out.shop.example by mx.recipient.example"),
            ("X-Mailer", "Shop sender"),
            ("X-Not-Asked", "1"),
            ("x-mailer", "again"),
        ]
    )
    internal = _entry(index=2, boundary=False, by="inbox.recipient.example")
    hops = [_entry(index=1), internal]
    view = read_trace(pm, hops)
    clues = gather_clues(pm, (), hops, None, view, frozenset({"x-mailer", "received"}))
    headers = [(c.header, c.value) for c in clues if c.type is ClueKind.HEADER]
    assert headers == [("x-mailer", "Shop sender"), ("x-mailer", "again")]


def test_a_clue_is_a_frozen_value_with_its_lowered_form() -> None:
    clue = Clue(ClueKind.RDNS, "O1.SendGrid.NET.", "rDNS", 0.8, None, EvidenceStrength.TRACE)
    assert clue.lowered == "o1.sendgrid.net"
    assert clue == Clue(
        ClueKind.RDNS, "O1.SendGrid.NET.", "rDNS", 0.8, None, EvidenceStrength.TRACE
    )
    assert hash(clue) == hash(replace(clue))
    assert replace(clue, value="Mail.Example").lowered == "mail.example"
    with pytest.raises(FrozenInstanceError):
        clue.value = "other"  # type: ignore[misc]
