"""Link extraction and classification, without fetching anything."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.link_sources import MAX_LINKS
from inspector.intel.links import (
    classify,
    domain_in_text,
    extract_links,
    host_of,
    is_ip_host,
    unwrap,
)
from tests.inspector.intel.msgs import build

HTML = """<html><body>
<p>Hello <a href="https://www.paypal.com.account-check.example/login">www.paypal.com</a></p>
<a href="https://shop.example/sale"><b>Our</b> sale</a>
<img src="https://img.shop.example/logo.png" width="200" alt="Shop">
<img src="https://t.shop.example/open.gif" width="1" height="1">
<img src="https://t2.example/o.gif" style="display: none">
<form action="https://collect.example/post"><input name=p></form>
<a href="mailto:help@shop.example">mail us</a>
<a href="javascript:alert(1)">x</a>
</body></html>"""


def test_html_links_with_text_images_forms_and_mismatch() -> None:
    links = extract_links(build([("From", "a@shop.example")], html=HTML))
    by_url = {link.url: link for link in links}
    assert set(by_url) == {
        "https://www.paypal.com.account-check.example/login",
        "https://shop.example/sale",
        "https://img.shop.example/logo.png",
        "https://t.shop.example/open.gif",
        "https://t2.example/o.gif",
        "https://collect.example/post",
    }
    phish = by_url["https://www.paypal.com.account-check.example/login"]
    assert phish.source == "html"
    assert phish.text == "www.paypal.com"
    assert phish.text_domain == "www.paypal.com"
    assert phish.domain == "www.paypal.com.account-check.example"
    assert phish.mismatch
    sale = by_url["https://shop.example/sale"]
    assert sale.text == "Our sale" and not sale.mismatch
    assert by_url["https://img.shop.example/logo.png"].source == "img"
    assert not by_url["https://img.shop.example/logo.png"].pixel
    assert by_url["https://t.shop.example/open.gif"].pixel
    assert by_url["https://t2.example/o.gif"].pixel
    assert by_url["https://collect.example/post"].source == "form"


def test_plain_text_urls() -> None:
    text = "See https://bit.ly/3abc, or (www.example.org/path). Also http://198.51.100.7/x."
    links = extract_links(build([("From", "a@b.example")], text=text))
    urls = [link.url for link in links]
    assert urls == ["https://bit.ly/3abc", "www.example.org/path", "http://198.51.100.7/x"]
    assert links[0].shortener and links[0].source == "text"
    assert links[1].domain == "www.example.org"
    assert links[2].ip_literal


def test_safelinks_proofpoint_google_unwrapped() -> None:
    inner = "https://evil.example/login?a=1"
    safe = f"https://eur01.safelinks.protection.outlook.com/?url={quote(inner, safe='')}&data=x"
    link = classify(safe)
    assert link.wrapper == "Microsoft Safe Links"
    assert link.target == inner and link.target_domain == "evil.example"
    v2 = "https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.example_a-3Fb-3D1&d=Dw"
    assert unwrap(v2) == ("https://evil.example/a?b=1", "Proofpoint URL Defense v2")
    table = base64.urlsafe_b64encode(b"?").decode().rstrip("=")
    v3 = f"https://urldefense.com/v3/__https://evil.example/a*b=1__;{table}!!XyZ$"
    assert unwrap(v3) == ("https://evil.example/a?b=1", "Proofpoint URL Defense v3")
    google = "https://www.google.com/url?q=https://evil.example/&sa=D"
    assert unwrap(google) == ("https://evil.example/", "Google redirect")
    amp = "https://google.com.gi/amp/s/evil.example/x"
    assert unwrap(amp) == ("https://evil.example/x", "Google AMP")
    # nested: Safe Links around Proofpoint
    nested = f"https://nam02.safelinks.protection.outlook.com/?url={quote(v2, safe='')}"
    assert unwrap(nested) == ("https://evil.example/a?b=1", "Microsoft Safe Links")


def test_esp_trackers_decoded_only_when_the_target_is_in_the_url() -> None:
    aws = "https://x.r.us-east-1.awstrack.me/L0/https:%2F%2Fshop.example%2Fsale/1/010001-a/b=1"
    assert unwrap(aws) == ("https://shop.example/sale", "Amazon SES click tracking")
    payload = json.dumps({"p": json.dumps({"url": "https://shop.example/x", "id": "1"})})
    p = base64.b64encode(payload.encode()).decode()
    assert unwrap(f"https://mandrillapp.com/track/click/30/shop.example?p={p}") == (
        "https://shop.example/x",
        "Mandrill click tracking",
    )
    mimecast = classify("https://url.uk.m.mimecastprotect.com/s/AbCdEf?domain=x", "bank.com")
    assert mimecast.wrapper == "Mimecast URL Protect" and mimecast.target is None
    sendgrid = classify("https://u123.ct.sendgrid.net/ls/click?upn=abc", "shop.example")
    assert sendgrid.wrapper == "SendGrid click tracking" and sendgrid.target is None
    # an opaque tracker hides the destination: not called a mismatch
    assert not sendgrid.mismatch


def test_free_hosting_forms_shorteners_ip() -> None:
    assert classify("https://login-verify.web.app/").free_hosting
    assert classify("https://sites.google.com/view/x").free_hosting
    assert classify("https://ipfs.io/ipfs/Qm123").free_hosting
    cid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
    assert classify(f"https://gateway.example/ipfs/{cid}/login.html").free_hosting
    assert classify("https://any.example/ipns/wallet-verify.eth/").free_hosting
    assert not classify("https://shop.example/ipfs/").free_hosting
    assert classify("https://forms.gle/abc").form_service
    assert classify("https://docs.google.com/forms/d/e/1/viewform").form_service
    assert not classify("https://docs.google.com/document/d/1").form_service
    assert classify("https://form.jotform.com/123").form_service
    assert classify("https://tinyurl.com/x").shortener
    assert not classify("https://example.com/bit.ly").shortener
    assert is_ip_host("192.0.2.1") and is_ip_host("[2001:db8::1]") and is_ip_host("3232235777")
    assert not is_ip_host("example.com")


def test_userinfo_trick_and_idn_hosts() -> None:
    assert host_of("http://www.bank.com@evil.example/login") == "evil.example"
    assert host_of("https://пример.рф/") == "xn--e1afmkfd.xn--p1ai"
    assert host_of("http://[::1") is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("HTTPS://Mail.Example.COM./a?b#c", "mail.example.com"),
        ("http://a.example#frag", "a.example"),
        ("http://a.example:8080/", "a.example"),
        ("http://a.exa\tmple/", "a.example"),  # tabs and line ends are dropped, as browsers do
        ("http://a.example%2e.evil.example/", "a.example%2e.evil.example"),
        ("https://...", None),
        ("https:///path", None),
        ("www.a.example/x", "www.a.example"),
    ],
)
def test_hosts_read_as_urlsplit_reads_them(url: str, host: str | None) -> None:
    assert host_of(url) == host


def test_anchor_text_domains() -> None:
    assert domain_in_text("https://www.bank.com/login") == "www.bank.com"
    assert domain_in_text("bank.com") == "bank.com"
    assert domain_in_text("Click here") is None
    assert domain_in_text("invoice.zip") is None
    assert domain_in_text("Mr.Smith") is None


def test_link_cap_and_hostile_html() -> None:
    many = "".join(f'<a href="https://h{i}.example/">{i}</a>' for i in range(2000))
    links = extract_links(build([("From", "a@b.example")], html=many))
    assert len(links) == MAX_LINKS
    hostile = (
        "<a href='https://ok.example/'>"
        + "<b>" * 50_000
        + '<!-- unclosed <![CDATA[ <a href="'
        + "x" * 100_000
        + "<img src=https://[::bad/>"
        + "</a>" * 1000
        + "<scr<script>ipt>"
    )
    start = time.monotonic()
    links = extract_links(build([("From", "a@b.example")], html=hostile))
    assert time.monotonic() - start < 10
    assert any(link.url == "https://ok.example/" for link in links)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.text(max_size=200))
def test_never_raises_on_arbitrary_html_and_text(html: str, text: str) -> None:
    pm = build([("From", "a@b.example")], text=text, html="<a href='" + html + "'>" + html)
    for link in extract_links(pm):
        assert link.url and link.source in ("html", "text", "img", "form")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_classify_never_raises(url: str) -> None:
    classify("https://" + url, url, "html")
    classify(url)


def test_a_host_with_several_wrappers_is_told_apart_by_path() -> None:
    """www.google.com wraps links under /url and AMP pages under /amp/s/; other paths of the
    same host wrap nothing, however often the host has been seen before."""
    for _ in range(2):
        assert unwrap("https://www.google.com/url?q=https://evil.example/")[1] == "Google redirect"
        assert unwrap("https://www.google.com/amp/s/evil.example/x")[1] == "Google AMP"
        assert unwrap("https://www.google.com/search?q=https://evil.example/") == (None, None)


def test_address_forms_and_names_that_only_look_numeric() -> None:
    assert is_ip_host("0x7f.0.0.1") and is_ip_host("0x7f000001") and is_ip_host("127.1")
    assert is_ip_host("fe80::1%eth0") and is_ip_host("\u0661\u0662\u0663")  # any \d digits
    assert not is_ip_host("cafe.example") and not is_ip_host("0x7g") and not is_ip_host("1.2.3.4x")


def test_form_services_named_by_path_with_or_without_www() -> None:
    assert classify("https://docs.google.com/forms/d/e/x/viewform").form_service
    assert classify("https://www.google.com/forms/about").form_service
    assert not classify("https://docs.google.com/document/d/x").form_service
