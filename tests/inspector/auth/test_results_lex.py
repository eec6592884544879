"""segments: an Authentication-Results value cut into (words, comments) parts, the same
whether the flat reader or the character reader reads it."""

from __future__ import annotations

import random

import pytest

from inspector.auth.results_lex import _flat_segments, _lex, _segments, segments

MICROSOFT = (
    "spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=example.com; dkim=pass (signature was "
    "verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass "
    "reason=100"
)


def test_plain_value() -> None:
    assert segments("mx.example.org; spf = pass smtp.mailfrom=a@example.com (ok)") == [
        (["mx.example.org"], []),
        (["spf=pass", "smtp.mailfrom=a@example.com"], ["ok"]),
    ]


def test_quoted_strings_stay_one_word_and_comments_are_set_aside() -> None:
    assert segments('i=1; dkim=pass header.i="@example.com"x () ( note )') == [
        (["i=1"], []),
        (["dkim=pass", "header.i=\x00@example.com\x00x"], ["note"]),
    ]


def test_nested_and_escaped_pieces_are_read_by_the_character_reader() -> None:
    value = 'spf=fail (outer (inner) \\) end) reason="a \\"quoted\\" word"'
    assert _flat_segments(value) is None
    assert segments(value) == [
        (["spf=fail", 'reason=\x00a "quoted" word\x00'], ["outer (inner) ) end"]),
    ]


def test_unclosed_pieces_never_raise() -> None:
    for value in ("spf=pass (unclosed", 'dkim="unclosed', "(", '"', ";;", ""):
        assert segments(value) == _segments(_lex(value))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_both_readers_agree(seed: int) -> None:
    pieces = ["a", "=", ".", " ", "\t", ";", "(", ")", '"', "\\", "x=y", "\u2003", "\n"]
    rnd = random.Random(seed)
    values = [MICROSOFT] + [
        "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16))) for _ in range(5000)
    ]
    for value in values:
        flat = _flat_segments(value)
        assert flat is None or flat == _segments(_lex(value)), value
        assert segments(value) == _segments(_lex(value)), value
