"""The Received tokenizer: RFC 5322 tokens, nesting and escapes honoured, never raising."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.model.route import TokenKind
from inspector.route.received_tokens import SEMICOLON, tokenize


def test_a_postfix_line_reads_as_its_tokens() -> None:
    toks = tokenize(
        "from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.net"
        ' (Postfix) with ESMTPS id 4A1 for <a@example.net>; "quoted" Mon, 1 Jan 2024'
    )
    assert toks[0] == (TokenKind.ATOM, "from")
    assert (TokenKind.COMMENT, "mail.example.com [192.0.2.1]") in toks  # without its brackets
    assert (TokenKind.ANGLE, "a@example.net") in toks
    assert (TokenKind.QUOTED, "quoted") in toks
    assert toks.index(SEMICOLON) == 12


def test_nested_and_escaped_comments_stay_one_token() -> None:
    toks = tokenize(r"from x (outer (inner \) still) end) by y")
    comments = [text for kind, text in toks if kind is TokenKind.COMMENT]
    assert comments == [r"outer (inner \) still) end"]


def test_tokens_the_pattern_reads_whole_match_the_character_reader() -> None:
    # One level of nesting and quotes without escapes are read by the pattern; deeper
    # nesting, escapes and unclosed tokens by the character reader: the same tokens either way.
    toks = tokenize('by y (using TLSv1.3 (256/256 bits)) "a b" (a (b (c)) d) "e \\" f" (open')
    assert [text for kind, text in toks if kind is TokenKind.COMMENT] == [
        "using TLSv1.3 (256/256 bits)",
        "a (b (c)) d",
        "open",
    ]
    assert [text for kind, text in toks if kind is TokenKind.QUOTED] == ["a b", 'e \\" f']


def test_separators_and_stray_characters_are_skipped() -> None:
    toks = tokenize("a,, b)] > <c> < d; [ 192.0.2.1 ]")
    assert toks == [
        (TokenKind.ATOM, "a"),
        (TokenKind.ATOM, "b"),
        (TokenKind.ANGLE, "c"),
        (TokenKind.ATOM, "d"),
        SEMICOLON,
        (TokenKind.BRACKET, "192.0.2.1"),
    ]


def test_trailing_separators_make_no_token() -> None:
    assert tokenize("by y (Postfix) with SMTP ") == [
        (TokenKind.ATOM, "by"),
        (TokenKind.ATOM, "y"),
        (TokenKind.COMMENT, "Postfix"),
        (TokenKind.ATOM, "with"),
        (TokenKind.ATOM, "SMTP"),
    ]
    assert tokenize("from x)") == [(TokenKind.ATOM, "from"), (TokenKind.ATOM, "x")]
    assert tokenize(" ,)]> ") == []


def test_plain_tokens_before_a_hard_one_read_the_same() -> None:
    # a token needing character-level reading late in the text changes nothing before it
    plain = 'from a.example (b.example [192.0.2.1]) by c.example <x@example.net> "q";'
    toks = tokenize(plain)
    assert tokenize(plain + r" (esc \) aped)")[: len(toks)] == toks
    assert tokenize(plain + ' "open')[: len(toks)] == toks
    assert tokenize(plain + " < d")[: len(toks)] == toks


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    assert isinstance(tokenize(text), list)
