"""Body facts: what a reader sees of the HTML, its images and hidden text, and the MIME walk."""

from __future__ import annotations

from inspector.model.message import MimePart
from inspector.parse.body_facts import html_facts, mime_parts, scan_html
from inspector.parse.message import parse_message


def test_visible_text_images_and_hidden_regions() -> None:
    markup = (
        '<p>Hello <b>reader</b></p><img src="https://img.example/a.png">'
        '<img src="cid:logo"><div style="display:none">secret offer</div>'
    )
    facts = scan_html(markup)
    assert facts.images == 2
    assert facts.remote_images == ("https://img.example/a.png",)
    assert [why for why, _ in facts.hidden] == ["display:none"]
    assert facts.hidden_chars >= len("secret offer") and facts.visible_text >= len("Helloreader")


def test_unclosed_markup_is_scanned_without_error() -> None:
    facts = scan_html("<" * 10_000 + "<img src=x")
    assert facts.images == 0 and facts.hidden == ()


def test_mime_walk_is_depth_first_in_order() -> None:
    leaf_a, leaf_b = MimePart("1.1", "text/plain"), MimePart("1.2", "text/html")
    inner = MimePart("1", "multipart/alternative", children=(leaf_a, leaf_b))
    root = MimePart("", "multipart/mixed", children=(inner, MimePart("2", "image/png")))
    assert [p.content_type for p in mime_parts(root)] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "image/png",
    ]  # fmt: skip
    assert list(mime_parts(None)) == []


def test_html_facts_only_for_an_html_body() -> None:
    html = (
        b"From: a@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html\r\n\r\n<p>Hi</p><img src='https://img.example/x.png'>\r\n"
    )
    facts = html_facts(parse_message(html))
    assert facts is not None and facts.remote_images == ("https://img.example/x.png",)
    plain = b"From: a@example.com\r\nSubject: s\r\n\r\nHello\r\n"
    assert html_facts(parse_message(plain)) is None


def test_background_attribute_counts_only_as_a_whole_word() -> None:
    markup = (
        '<td xbackground="http://a.example/1.png">'
        "<td data=\"x/background=http://b.example/2.png\" BACKGROUND='https://c.example/3.png'>"
    )
    assert scan_html(markup).remote_images == (
        "http://b.example/2.png",
        "https://c.example/3.png",
    )


def test_visible_text_counts_collapsed_white_space() -> None:
    facts = scan_html("<p>\u00a0 two\t\n words&nbsp; </p><p>x</p>")
    assert facts.visible_text == len("two words x")
