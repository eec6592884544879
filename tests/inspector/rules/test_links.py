"""links.* findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

from typing import Any

from inspector.intel.links import classify, extract_links
from inspector.model.findings import Finding
from inspector.model.intel import Link, PlatformMatch
from inspector.rules import links as rules
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import build, context, ids

RULES = (
    rules.shortener,
    rules.text_mismatch,
    rules.ip_address,
    rules.free_hosting,
    rules.form_service,
    rules.form_in_message,
    rules.lookalike_domain,
    rules.many_domains,
    rules.unrelated_domains,
    rules.security_rewritten,
)
FROM = [("From", "Shop <news@shop.example>")]


def run(links: list[Link], **kw: Any) -> dict[str, Finding]:
    return ids(RULES, context(build(FROM), links=tuple(links), **kw))


def html(body: str) -> dict[str, Finding]:
    pm = build(FROM, html=body)
    return ids(RULES, context(pm, links=extract_links(pm)))


def test_own_links_have_no_findings() -> None:
    found = html(
        '<a href="https://shop.example/sale">https://shop.example/sale</a>'
        '<a href="https://www.facebook.com/shop">Facebook</a>'
        '<img src="https://img.shop.example/p.gif" width=1 height=1>'
    )
    assert found == {}


def test_shortener() -> None:
    found = run([classify("https://bit.ly/abc", "Offer", "html")])
    assert "bit.ly" in found["links.shortener"].explanation


def test_text_mismatch() -> None:
    found = html('<a href="https://evil.example/login">https://www.paypal.com/signin</a>')
    assert "links.text_mismatch" in found
    # link branding: text shows the brand, link goes to the sender's own tracking domain
    branded = html('<a href="https://click.shop.example/x">www.partner.example</a>')
    assert "links.text_mismatch" not in branded


def test_ip_address() -> None:
    found = run([classify("http://198.51.100.7/login", "Log in", "html")])
    assert found["links.ip_address"].severity.value == "high"
    images_only = run([classify("http://198.51.100.7/a.png", "", "img")])
    assert images_only["links.ip_address"].severity.value == "medium"


def test_free_hosting() -> None:
    found = run([classify("https://secure-login-1234.web.app/", "Verify", "html")])
    assert "links.free_hosting" in found
    # images on a cloud bucket are not reported
    assert "links.free_hosting" not in run(
        [classify("https://storage.googleapis.com/b/x.png", "", "img")]
    )


def test_form_service() -> None:
    found = run([classify("https://forms.gle/AbC", "Update details", "html")])
    assert "links.form_service" in found


def test_form_in_message() -> None:
    found = html(
        '<form action="https://collect.example/p" method="post">'
        '<input type="password" name="pw"></form>'
    )
    assert found["links.form_in_message"].severity.value == "high"
    assert "POST form with a password field" in found["links.form_in_message"].evidence[0]
    search = html('<form action="https://shop.example/search"><input name="q"></form>')
    assert search["links.form_in_message"].severity.value == "info"
    card = html('<form action="https://shop.example/pay"><input name="card_number"></form>')
    assert card["links.form_in_message"].severity.value == "high"
    posted = html('<form action="https://elsewhere.example/x" method="post"></form>')
    assert posted["links.form_in_message"].severity.value == "high"


def test_lookalike_domain() -> None:
    found = run([classify("https://paypa1.com/login", "Log in", "html")])
    assert "paypa1.com" in found["links.lookalike_domain"].explanation


def test_many_domains() -> None:
    links = [classify(f"https://site{i}.example/", "x", "html") for i in range(16)]
    links.append(classify("https://shop.example/", "home", "html"))
    found = run(links)
    assert "links.many_domains" in found
    assert "links.many_domains" not in run(links[:5])


def test_unrelated_domains() -> None:
    found = run([classify("https://stranger.example/deal", "Deal", "html")])
    assert "links.unrelated_domains" in found
    # a link to the sender's own domain anywhere ties the message to it
    assert "links.unrelated_domains" not in run(
        [
            classify("https://stranger.example/deal", "Deal", "html"),
            classify("https://shop.example/", "Home", "html"),
        ]
    )
    # the platform's customer counts as the sender
    platform = PlatformMatch("SendGrid", (), 0.9, customer="stranger.example")
    assert "links.unrelated_domains" not in run(
        [classify("https://stranger.example/deal", "Deal", "html")], platform=platform
    )


def test_security_rewritten() -> None:
    url = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fshop.example%2F"
    found = run([classify(url, "Shop", "html")])
    assert set(found) == {"links.security_rewritten"}
    assert "-> https://shop.example/" in found["links.security_rewritten"].evidence[0]


def test_ids_belong_to_this_module() -> None:
    mine = [s for s in all_specs() if s.id.startswith("links.")]
    assert len(mine) == len(RULES)


def test_platform_pages_neither_tie_nor_count() -> None:
    klaviyo = PlatformMatch("Klaviyo", (), 0.9, customer="shop.example")
    unsub = classify("https://manage.kmail-lists.com/subscriptions/unsubscribe?a=1", "x", "text")
    stranger = classify("https://scam.example/scan.html", "x", "text")
    found = run([unsub, stranger], platform=klaviyo)
    assert "links.unrelated_domains" in found
    assert "kmail-lists" not in found["links.unrelated_domains"].explanation
    assert run([unsub], platform=klaviyo) == {}
