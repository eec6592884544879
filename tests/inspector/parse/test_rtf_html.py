"""HTML encapsulated in RTF (MS-OXRTFEX) comes back as the original HTML; other RTF as its
text; hostile RTF is a reported reason, never a trace or unbounded output."""

from __future__ import annotations

import random

import pytest

from inspector.parse.rtf_html import MAX_DEPTH, RtfBodyKind, RtfError, rtf_body

ENCAPSULATED = (
    b"{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl {\\f0\\fswiss Arial;}}\r\n"
    b"{\\colortbl\\red0\\green0\\blue255;}{\\*\\generator Msftedit 5.41;}\r\n"
    b"{\\*\\htmltag19 <html>}{\\*\\htmltag2 \\par }{\\*\\htmltag34 <body>}\r\n"
    b'{\\*\\mhtmltag64 <a href="cid:img1">}'
    b'{\\*\\htmltag64 <a href="https://shop.example/?q=\\{1\\}&amp;x=\\\\">}'
    b"\\htmlrtf {\\field{\\*\\fldinst HYPERLINK}{\\fldrslt\\htmlrtf0 Caf\\'e9\\tab offers"
    b"\\htmlrtf }}\\htmlrtf0 {\\*\\htmltag72 </a>}\r\n"
    b"{\\*\\htmltag84 &nbsp;}\\htmlrtf \\'a0\\htmlrtf0 \\par\r\n"
    b"{\\*\\htmltag35 </body>}{\\*\\htmltag27 </html>}}"
)


def test_encapsulated_html_is_recovered_without_its_rtf_rendering() -> None:
    body = rtf_body(ENCAPSULATED)
    assert body.kind is RtfBodyKind.HTML
    assert body.text == (
        '<html>\r\n<body><a href="https://shop.example/?q={1}&amp;x=\\">Café\toffers</a>'
        "&nbsp;\r\n</body></html>"
    )
    assert "Arial" not in body.text and "cid:" not in body.text and "Msftedit" not in body.text


def test_bytes_follow_the_documents_code_page_including_double_byte_ones() -> None:
    cyrillic = b"{\\rtf1\\ansi\\ansicpg1251\\fromhtml1 {\\*\\htmltag0 <p>}\\'cf\\'f0\\'e8}"
    assert rtf_body(cyrillic).text == "<p>При"
    japanese = b"{\\rtf1\\ansi\\ansicpg932\\fromhtml1 \\'82\\'a0\\'82\\'a2}"
    assert rtf_body(japanese).text == "あい"


def test_unicode_escapes_skip_their_fallback_characters() -> None:
    rtf = (
        b"{\\rtf1\\ansi\\fromhtml1 \\u8217\\'92s {\\uc2\\u8364 EU} \\uc0\\u233  x"
        b" \\uc1\\u-10179?\\u-8704?}"
    )
    assert rtf_body(rtf).text == "’s € é x 😀"  # the space after a control word delimits it


def test_rtf_that_encapsulates_no_html_is_kept_as_its_text() -> None:
    rtf = (
        b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}{\\*\\generator Word;}"
        b"{\\info{\\title Secret}}\\pard Hello \\b world\\b0\\par second\\tab line"
        b'{\\field{\\*\\fldinst HYPERLINK "https://x.example"}{\\fldrslt link}}}'
    )
    body = rtf_body(rtf)
    assert body.kind is RtfBodyKind.TEXT
    assert body.text == "Hello world\r\nsecond\tlinelink"
    from_text = b"{\\rtf1\\ansi\\fromtext {\\*\\htmltag1 <x>}Plain\\htmlrtf  rtf-only\\htmlrtf0 !}"
    assert rtf_body(from_text).text == "Plain!"


def test_data_that_is_not_rtf_is_refused() -> None:
    with pytest.raises(RtfError, match="does not start as RTF"):
        rtf_body(b"<html>not rtf</html>")


def test_nesting_beyond_the_bound_is_refused() -> None:
    deep = b"{\\rtf1\\fromhtml1 " + b"{" * (MAX_DEPTH + 5) + b"x" + b"}" * (MAX_DEPTH + 5) + b"}"
    with pytest.raises(RtfError, match="nested deeper"):
        rtf_body(deep)
    within = b"{\\rtf1\\fromhtml1 " + b"{" * 100 + b"x" + b"}" * 100 + b"}"
    assert rtf_body(within).text == "x"


def test_unbalanced_and_extreme_tokens_are_harmless() -> None:
    rtf = b"{\\rtf1\\fromhtml1 }}}}a\\u99999999999\\ucx\\' \\" + b"\\" * 3 + b"{\\*}"
    assert "a" in rtf_body(rtf).text


def test_random_rtf_like_input_never_raises_unexpectedly_and_stays_bounded() -> None:
    rng = random.Random(5)
    tokens = (
        b"{ } \\ \\* \\htmltag1 \\htmlrtf \\htmlrtf0 \\'e9 \\u-3 \\uc9 \\par text"
        b" \\' \xff \\ansicpg932"
    )
    pieces = [*tokens.split(), b" ", b"\r\n"]
    for _ in range(300):
        rtf = b"{\\rtf1\\fromhtml1 " + b"".join(rng.choice(pieces) for _ in range(80))
        try:
            out = rtf_body(rtf).text
        except RtfError:
            continue
        assert len(out) <= 2 * len(rtf)
