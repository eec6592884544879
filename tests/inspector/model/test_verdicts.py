"""Microsoft's coded values read into enums: documented words in any case, nothing else."""

from __future__ import annotations

import pytest

from inspector.model.verdicts import (
    CompauthReason,
    CompauthResult,
    MsCategory,
    MsFilterVerdict,
    MsFolderReason,
    MsIpVerdict,
)


def test_category_read_in_any_case_and_grouped() -> None:
    assert MsCategory.read(" spoof ") is MsCategory.SPOOF
    assert MsCategory.read("HPHSH") is MsCategory.HPHSH
    assert MsCategory.read("EXAMPLE") is None and MsCategory.read("") is None
    assert {c for c in MsCategory if c.is_threat} == {
        MsCategory.PHSH,
        MsCategory.HPHSH,
        MsCategory.HPHISH,
        MsCategory.MALW,
        MsCategory.INTOS,
    }
    assert {c for c in MsCategory if c.is_impersonation} == {
        MsCategory.UIMP,
        MsCategory.DIMP,
        MsCategory.GIMP,
    }


def test_filter_verdict_groups() -> None:
    assert MsFilterVerdict.read("nspm") is MsFilterVerdict.NSPM
    assert MsFilterVerdict.read("SPAM") is None
    assert {v for v in MsFilterVerdict if v.blocked} == {MsFilterVerdict.SKB, MsFilterVerdict.BLK}
    assert {v for v in MsFilterVerdict if v.allowed} == {MsFilterVerdict.SKA, MsFilterVerdict.SFE}
    assert {v for v in MsFilterVerdict if v.marked_spam} == {
        MsFilterVerdict.SPM,
        MsFilterVerdict.SKS,
    }


def test_ip_verdict_and_folder_reason() -> None:
    assert MsIpVerdict.read("cal") is MsIpVerdict.CAL
    assert MsIpVerdict.read("XYZ") is None
    # OFR is written in mixed case and compared as written
    assert MsFolderReason.read("TrustedSenderList") is MsFolderReason.TRUSTED_SENDER_LIST
    assert MsFolderReason.read("trustedsenderlist") is None


def test_compauth_result() -> None:
    assert CompauthResult.read("SoftFail") is CompauthResult.SOFTFAIL
    assert CompauthResult.read("hardfail") is None
    assert {r for r in CompauthResult if r.failed} == {
        CompauthResult.FAIL,
        CompauthResult.SOFTFAIL,
    }


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("000", CompauthReason.EXPLICIT_FAIL),
        ("001", CompauthReason.IMPLICIT_FAIL),
        ("002", CompauthReason.SPOOF_FORBIDDEN),
        ("010", CompauthReason.OWN_DOMAIN_DMARC_FAIL),
        ("109", CompauthReason.PASSED),
        ("130", CompauthReason.PASSED),
        ("201", CompauthReason.SOFT_PASSED),
        ("451", CompauthReason.BYPASSED),
        ("601", CompauthReason.OWN_DOMAIN_IMPLICIT_FAIL),
        ("703", CompauthReason.PASSED_7),
        ("905", CompauthReason.BYPASSED_9),
        (" 001 ", CompauthReason.IMPLICIT_FAIL),
    ],
)
def test_compauth_reason_exact_codes_then_classes(code: str, reason: CompauthReason) -> None:
    assert CompauthReason.read(code) is reason


@pytest.mark.parametrize("code", ["003", "099", "10", "1000", "abc", "", "\u0661\u0660\u0660"])
def test_compauth_reason_outside_the_documented_codes(code: str) -> None:
    assert CompauthReason.read(code) is None
