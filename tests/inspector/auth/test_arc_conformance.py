"""ValiMail's ARC validation suite (171 cases), read from ../shared, run through verify_arc.

Expected cv values in the suite: Pass 54, Fail 109, None 5, and 3 cases with an empty
value (cv_fail_i1_as_cv_fail, cv_fail_i2_as2_fail, cv_fail_i2_as1_fail: a seal that itself
says cv=fail). The empty expectation is a quirk of the YAML (``cv: |`` with no text); RFC
8617 5.2 makes such a chain "fail", which is what we report and what these cases check.
Each case's txt-records are served by FakeDns; names not listed answer NXDOMAIN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector.auth.arc import verify_arc
from inspector.model.codes import AuthStatus
from tests.support.dkim_keys import parsed
from tests.support.fake_dns import FakeDns

EXPECTED = {"Pass": AuthStatus.PASS, "Fail": AuthStatus.FAIL, "None": AuthStatus.NONE}
EMPTY_MEANS_FAIL = {"cv_fail_i1_as_cv_fail", "cv_fail_i2_as2_fail", "cv_fail_i2_as1_fail"}
SUITE = Path(__file__).resolve().parents[3].parent / "shared" / "suites" / "arc-valimail"
FILE = SUITE / "arc-draft-validation-tests.yml"


def _txt(value: object) -> str:
    """A folded YAML key record as one TXT string (line breaks inside p= removed)."""
    return "".join(line.strip() for line in str(value).splitlines())


def _cases() -> list[Any]:
    if not FILE.is_file():
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason=f"{FILE} absent"))]
    out = []
    for scenario in yaml.safe_load_all(FILE.read_text()):
        records = {(n, "TXT"): [_txt(v)] for n, v in scenario["txt-records"].items()}
        for name, case in scenario["tests"].items():
            out.append(pytest.param(name, case, records, id=name))
    return out


@pytest.mark.parametrize(("name", "case", "records"), _cases())
def test_validation_case(name: str, case: dict[str, Any], records: dict[Any, Any]) -> None:
    expected = EXPECTED.get(case["cv"], AuthStatus.FAIL if name in EMPTY_MEANS_FAIL else None)
    assert expected is not None, f"unexpected cv {case['cv']!r}"
    raw = case["message"].replace("\r\n", "\n").replace("\n", "\r\n").encode()
    result = verify_arc(parsed(raw), FakeDns(records, strict=False))
    assert result.result is expected, f"{case['description']}: {result.reason}"


def test_suite_size_and_figure(suites_dir: Path) -> None:
    """All 171 cases are present; prints the pass figure for the report."""
    total = passed = 0
    for scenario in yaml.safe_load_all((suites_dir / "arc-valimail" / FILE.name).read_text()):
        records = {(n, "TXT"): [_txt(v)] for n, v in scenario["txt-records"].items()}
        for name, case in scenario["tests"].items():
            total += 1
            expected = EXPECTED.get(
                case["cv"], AuthStatus.FAIL if name in EMPTY_MEANS_FAIL else None
            )
            raw = case["message"].replace("\r\n", "\n").replace("\n", "\r\n").encode()
            passed += verify_arc(parsed(raw), FakeDns(records, strict=False)).result is expected
    print(f"ARC validation suite: {passed}/{total} cases agree")
    assert total == 171 and passed == total
