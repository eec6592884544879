"""DKIM-Signature tags as read for display and coverage: folding, and h= names however they
are spaced or cased."""

from __future__ import annotations

from collections import Counter

from inspector.auth.dkim_tags import SignatureTags, header_coverage, parse_signature


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


def test_coverage_against_the_counts_of_the_names_present() -> None:
    present = Counter(["received", "from", "subject", "subject", "to", "x-extra", "x-extra"])
    cover = header_coverage(("from", "from", "subject", "x-extra", "dkim-signature"), present)
    assert cover.unsigned_important == ("to",)  # present, not in h=
    assert cover.not_oversigned == ("subject",)  # in h= once, present twice
    assert cover.added_after_signing == ("subject", "x-extra")
    assert header_coverage((), {}) == header_coverage((), Counter())


def test_folded_values_are_unfolded_at_crlf_and_bare_lf_alike() -> None:
    folded = b"v=1; a=rsa-sha256; d=example.com;\r\n s=sel;\n\th=from :\r\n\t to; bh=YQ==; b=Yg=="
    parsed = parse_signature(folded)
    assert isinstance(parsed, SignatureTags)
    assert (parsed.selector, parsed.signed_headers) == ("sel", ("from", "to"))
