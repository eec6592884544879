"""The message-kind fact: decided once from the headers, the platform and the bounce."""

from __future__ import annotations

from inspector.intel.message_kind import classify_kind, list_explains, list_host
from inspector.model.bounces import Bounce
from inspector.model.codes import BounceKind, MessageKind
from inspector.model.intel import PlatformMatch
from tests.inspector.intel.msgs import build

FROM = ("From", "Ann <ann@example.com>")
MAILCHIMP = PlatformMatch("Mailchimp", ("X-MC-User",), 0.99, "shop.example")


def test_a_plain_message_is_personal_and_a_reply_says_so() -> None:
    assert classify_kind(build([FROM]), None, None).kind is MessageKind.PERSONAL
    reply = classify_kind(build([FROM, ("In-Reply-To", "<a@example.com>")]), None, None)
    assert reply.kind is MessageKind.PERSONAL and reply.reply


def test_a_post_through_list_software_is_a_list_post() -> None:
    post = build(
        [
            FROM,
            ("List-Id", "Dev list <dev.lists.example.org>"),
            ("List-Post", "<mailto:dev@lists.example.org>"),
            ("Precedence", "bulk"),
        ]
    )
    fact = classify_kind(post, None, None)
    assert fact.kind is MessageKind.LIST_POST
    assert fact.list_post == "dev@lists.example.org"
    assert fact.list_host == "lists.example.org"
    assert any("List-Post" in r for r in fact.reasons)


def test_a_newsletter_through_a_marketing_platform_is_bulk() -> None:
    news = build([FROM, ("List-Id", "<news.example.com>"), ("List-Unsubscribe", "<https://u>")])
    assert classify_kind(news, MAILCHIMP, None).kind is MessageKind.BULK
    assert classify_kind(build([FROM, ("Precedence", "bulk")]), None, None).kind is (
        MessageKind.BULK
    )


def test_a_platform_receipt_is_transactional() -> None:
    receipt = build([FROM, ("Subject", "Your receipt for order 1234")])
    assert classify_kind(receipt, MAILCHIMP, None).kind is MessageKind.TRANSACTIONAL
    notice = build([FROM, ("Auto-Submitted", "auto-generated")])
    assert classify_kind(notice, None, None).kind is MessageKind.TRANSACTIONAL


def test_bounces_reports_and_auto_replies() -> None:
    pm = build([FROM])
    assert classify_kind(pm, None, Bounce(BounceKind.DSN)).kind is MessageKind.BOUNCE
    assert classify_kind(pm, None, Bounce(BounceKind.ARF)).kind is MessageKind.FEEDBACK_REPORT
    away = build([FROM, ("Auto-Submitted", "auto-replied"), ("Subject", "Out of office")])
    assert classify_kind(away, None, None).kind is MessageKind.AUTO_REPLY


def test_the_list_explains_only_its_own_addresses() -> None:
    post = build([FROM, ("List-Id", "<dev.lists.example.org>"), ("Precedence", "list")])
    fact = classify_kind(post, None, None)
    assert list_explains(fact, "lists.example.org")
    assert not list_explains(fact, "elsewhere.example")
    personal = classify_kind(build([FROM]), None, None)
    assert not list_explains(personal, "lists.example.org")
    assert list_host(None, None) is None and list_host("x.example.org", None) == "x.example.org"
