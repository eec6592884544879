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


def test_only_hiding_values_hide_whatever_the_case() -> None:
    markup = (
        '<td style="font-size:14px; overflow:hidden; background-color:#ffffff">shown</td>'
        '<span style="FONT-SIZE: 1PX">tiny words</span>'
        '<span STYLE="Opacity: 0 !important">faded words</span>'
        '<font COLOR="#FFF" bgcolor="#fff">white words</font>'
        '<div style="color: white; background: #fff">pale words</div>'
        '<p HIDDEN="hidden">attribute words</p>'
        '<div style="max-height:0; overflow:hidden">folded words</div>'
    )
    facts = scan_html(markup)
    assert [why for why, _ in facts.hidden] == [
        "font-size 0/1",
        "opacity:0",
        "white text on white background",
        "white text on white background",
        "hidden attribute",
        "max-height:0 + overflow:hidden",
    ]
    assert "shown" not in " ".join(excerpt for _, excerpt in facts.hidden)


def test_letters_that_fold_to_ascii_still_spell_a_hiding_style() -> None:
    # Ignoring case, dotless i and long s match i and s: the style still hides.
    facts = scan_html('<span style="d\u0131\u017fplay:none; font-size:14px">secret words</span>')
    assert [why for why, _ in facts.hidden] == ["display:none"]


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
