"""The kind of sender behind a message: hand-written messages (reserved names)."""

from __future__ import annotations

from inspector.intel.platform_clues import read_trace
from inspector.intel.sender_kind import classify_sender
from inspector.model.auth import AuthSummary
from inspector.model.codes import SenderKind
from inspector.model.intel import PlatformKind, PlatformMatch
from inspector.model.route import Hop
from tests.inspector.intel.msgs import build

ENTRY = Hop(index=1, raw="", helo="out.sender.example", ip="203.0.113.5", boundary=True)
M365 = PlatformMatch(
    "Microsoft 365 (Exchange Online)", ("rDNS",), 0.8, kind=PlatformKind.MAILBOX_PROVIDER
)
ESP = PlatformMatch("SendGrid", ("rDNS",), 0.9, customer="shop.example", kind=PlatformKind.ESP)


def test_onmicrosoft_identity_is_a_throwaway_tenant() -> None:
    pm = build([("From", "a@x8pjmua.onmicrosoft.com"), ("Subject", "x")])
    fact = classify_sender(pm, [ENTRY], AuthSummary(), M365)
    assert fact.kind is SenderKind.THROWAWAY_TENANT
    assert any("x8pjmua.onmicrosoft.com" in e for e in fact.evidence)


def test_tenant_dressed_as_an_esp_is_a_throwaway_tenant() -> None:
    pm = build([("From", "a@fresh.example"), ("X-SFMC-Stack", "11")])
    fact = classify_sender(pm, [ENTRY], AuthSummary(), M365)
    assert fact.kind is SenderKind.THROWAWAY_TENANT


def test_sender_side_spam_tag_means_a_compromised_mailbox() -> None:
    pm = build(
        [
            ("Received", "from mx.recipient.example by box.recipient.example"),
            ("Received", "from out.sender.example by mx.recipient.example"),
            ("X-Forefront-Antispam-Report", "CIP:255.255.255.255;SFV:SPM;DIR:OUT;"),
            ("From", "clerk@town.example"),
        ]
    )
    fact = classify_sender(pm, [ENTRY, Hop(index=2, raw="", internal=True)], AuthSummary(), M365)
    assert fact.kind is SenderKind.COMPROMISED_MAILBOX


SUBMIT = Hop(index=0, raw="", helo="pc", ip="198.51.100.9", protocol="ESMTPSA", by="mail")


def test_a_user_logged_in_to_their_company_server_is_ordinary_mail() -> None:
    pm = build([("From", "clerk@company.example")])
    fact = classify_sender(pm, [SUBMIT, ENTRY], AuthSummary(), None)
    assert fact.kind is SenderKind.ORGANISATION_ACCOUNT
    assert any("ESMTPSA" in e for e in fact.evidence)


def test_a_company_account_sending_mail_that_is_not_its_owners_looks_compromised() -> None:
    diverted = build(
        [("From", "clerk@company.example"), ("Reply-To", "claims@freemail-elsewhere.example")]
    )
    fact = classify_sender(diverted, [SUBMIT, ENTRY], AuthSummary(), None)
    assert fact.kind is SenderKind.COMPROMISED_MAILBOX
    assert any("replies go to another organisation" in e for e in fact.evidence)
    strangers = ", ".join(f"someone@org{i}.example" for i in range(6))
    blast = build([("From", "clerk@company.example"), ("To", strangers)])
    fact = classify_sender(blast, [SUBMIT, ENTRY], AuthSummary(), None)
    assert fact.kind is SenderKind.COMPROMISED_MAILBOX
    assert any("openly addressed to 6 mailboxes" in e for e in fact.evidence)


def test_rented_server_without_platform_is_self_hosted() -> None:
    pm = build([("From", "a@shop.example")])
    vps = Hop(
        index=1, raw="", helo="li-1.ip.linodeusercontent.com", ip="203.0.113.6", boundary=True
    )
    fact = classify_sender(pm, [vps], AuthSummary(), None)
    assert fact.kind is SenderKind.SELF_HOSTED_VPS and fact.confidence >= 0.7


def test_esp_customer_and_abused_platform() -> None:
    plain = build([("From", "Shop <news@shop.example>")])
    assert classify_sender(plain, [ENTRY], AuthSummary(), ESP).kind is SenderKind.ESP
    phish = build([("From", "PayPal Security <news@shop.example>")])
    fact = classify_sender(phish, [ENTRY], AuthSummary(), ESP)
    assert fact.kind is SenderKind.ABUSED_PLATFORM
    assert any("PayPal" in e for e in fact.evidence)


def test_list_post() -> None:
    pm = build(
        [
            ("From", "dev@corp.example"),
            ("List-Id", "<dev.lists.example.org>"),
            ("List-Post", "<mailto:dev@lists.example.org>"),
            ("Return-Path", "<dev+bounces-1@lists.example.org>"),
        ]
    )
    assert classify_sender(pm, [ENTRY], AuthSummary(), None).kind is SenderKind.LIST_POST


def test_nothing_to_go_on_is_unknown() -> None:
    pm = build([("From", "a@shop.example")])
    assert classify_sender(pm, [], AuthSummary(), None).kind is SenderKind.UNKNOWN


def test_a_trace_view_read_by_the_caller_is_the_one_judged() -> None:
    pm = build([("From", "a@shop.example")])
    vps = Hop(
        index=1, raw="", helo="li-1.ip.linodeusercontent.com", ip="203.0.113.6", boundary=True
    )
    view = read_trace(pm, [vps])
    given = classify_sender(pm, [vps], AuthSummary(), None, view=view)
    assert given == classify_sender(pm, [vps], AuthSummary(), None)
    # the rented entry host is seen through the view even when the hops are not passed
    assert classify_sender(pm, [], AuthSummary(), None, view=view).kind is given.kind
    assert given.kind is SenderKind.SELF_HOSTED_VPS
