"""DMARC record syntax: identification, tags, defaults and problems."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.auth.dmarc_record import is_dmarc_record, parse_record, report_domain


def test_identification() -> None:
    assert is_dmarc_record("v=DMARC1; p=none")
    assert is_dmarc_record("v = DMARC1;p=none")
    assert not is_dmarc_record("v=dmarc1; p=none")
    assert not is_dmarc_record("p=none; v=DMARC1")
    assert not is_dmarc_record("v=DMARC1x; p=none")


def test_full_record() -> None:
    rec = parse_record(
        "v=DMARC1; p=Reject; sp=quarantine; np=reject; pct=50; adkim=S; aspf=r; t=y; "
        "rua=mailto:a@example.com,mailto:b@reports.example.net!10m; ruf=mailto:f@example.com; "
        "fo=1:d; rf=afrf; ri=86400; psd=n"
    )
    assert (rec.p, rec.sp, rec.np, rec.pct, rec.adkim, rec.aspf) == (
        "reject",
        "quarantine",
        "reject",
        50,
        "s",
        "r",
    )
    assert rec.testing and rec.psd == "n"
    assert rec.rua == ("mailto:a@example.com", "mailto:b@reports.example.net!10m")
    assert rec.problems == () and rec.usable


def test_bad_values_become_problems_with_defaults() -> None:
    rec = parse_record("v=DMARC1; p=block; pct=150; adkim=x; foo=bar; rua=https://x.example/r; bad")
    assert rec.pct == 100 and rec.adkim == "r"
    assert not rec.usable  # no valid p= and no valid mailto rua
    joined = " | ".join(rec.problems)
    for needle in (
        "p='block'",
        "pct='150'",
        "adkim='x'",
        "unknown tag foo=",
        "not a mailto",
        "malformed tag 'bad'",
    ):
        assert needle in joined


def test_missing_p_with_rua_is_none() -> None:
    rec = parse_record("v=DMARC1; rua=mailto:d@example.com")
    assert rec.p == "none" and rec.p_defaulted and rec.usable


def test_report_domain() -> None:
    assert report_domain("mailto:x@Reports.Example.NET!10m") == "reports.example.net"
    assert report_domain("https://example.com/") is None
    assert report_domain("mailto:nobody") is None


@given(st.text(max_size=200))
def test_fuzz_never_raises(tail: str) -> None:
    rec = parse_record("v=DMARC1;" + tail)
    assert 0 <= rec.pct <= 100
