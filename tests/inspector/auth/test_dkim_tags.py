"""DKIM-Signature tags as read for display and coverage: folding, and h= names however they
are spaced or cased."""

from __future__ import annotations

from inspector.auth.dkim_tags import SignatureTags, parse_signature


def _parsed(value: bytes) -> SignatureTags:
    parsed = parse_signature(value)
    assert isinstance(parsed, SignatureTags)
    return parsed


def test_folded_value_reads_as_unfolded() -> None:
    folded = _parsed(b"v=1; a=rsa-sha256; d=Example.COM.;\r\n\ts=sel; h=From:To;\n bh=x; b=y")
    flat = _parsed(b"v=1; a=rsa-sha256; d=Example.COM.; s=sel; h=From:To; bh=x; b=y")
    assert folded == flat
    assert flat.domain == "example.com" and flat.selector == "sel"


def test_signed_names_are_lowered_stripped_and_empty_ones_dropped() -> None:
    parsed = _parsed(b"v=1; d=example.com; s=s; h= From : TO\t:\xc2\xa0subject: ::Date:; bh=x; b=y")
    assert parsed.signed_headers == ("from", "to", "subject", "date")


def test_names_keep_inner_white_space() -> None:
    assert _parsed(b"d=example.com; h=x y:z").signed_headers == ("x y", "z")
