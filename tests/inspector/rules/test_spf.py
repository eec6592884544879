"""SPF findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from inspector.model.auth import AuthSummary, DmarcResult, SpfResult
from inspector.model.codes import AuthStatus
from inspector.model.findings import Finding
from inspector.rules import spf as rules
from inspector.rules.registry import all_specs
from tests.inspector.rules.auth_ctx import context, run

RULES = (rules.spf_verdict, rules.record_health, rules.helo_identity)
OK = SpfResult(
    AuthStatus.PASS,
    "192.0.2.1 is authorized",
    client_ip="192.0.2.1",
    domain="example.com",
    mail_from="bounce@example.com",
    helo=AuthStatus.PASS,
    helo_domain="mx.example.com",
    record="v=spf1 include:_spf.example.com -all",
    mechanism="include:_spf.example.com",
    lookups=1,
    tree_lookups=2,
)


def findings(spf: SpfResult, dmarc: DmarcResult | None = None) -> dict[str, Finding]:
    auth = AuthSummary(spf=spf, dmarc=dmarc or DmarcResult(AuthStatus.FAIL))
    return run(RULES, context(auth))


def test_healthy_pass_has_no_findings() -> None:
    assert findings(OK) == {}


def test_skipped_has_no_findings() -> None:
    assert findings(SpfResult(AuthStatus.SKIPPED, "not checked (offline)")) == {}


@pytest.mark.parametrize(
    ("status", "finding_id"),
    [
        (AuthStatus.FAIL, "spf.fail"),
        (AuthStatus.SOFTFAIL, "spf.softfail"),
        (AuthStatus.NEUTRAL, "spf.neutral"),
        (AuthStatus.NONE, "spf.none"),
        (AuthStatus.TEMPERROR, "spf.temperror"),
    ],
)
def test_verdicts(status: AuthStatus, finding_id: str) -> None:
    found = findings(replace(OK, result=status, reason="x"))
    assert set(found) == {finding_id}
    assert any("example.com TXT" in line for line in found[finding_id].evidence)


def test_fail_is_milder_when_dmarc_passed() -> None:
    failed = findings(replace(OK, result=AuthStatus.FAIL))["spf.fail"]
    rescued = findings(replace(OK, result=AuthStatus.FAIL), DmarcResult(AuthStatus.PASS))
    assert rescued["spf.fail"].severity.rank < failed.severity.rank


def test_too_many_lookups_shows_the_count() -> None:
    spf = replace(
        OK,
        result=AuthStatus.PERMERROR,
        reason="broken: Too many DNS lookups",
        lookups=11,
        tree_lookups=14,
    )
    found = findings(spf)
    assert set(found) == {"spf.too_many_lookups"}
    assert "14" in found["spf.too_many_lookups"].explanation


def test_too_many_lookups_even_when_this_message_passed_early() -> None:
    found = findings(replace(OK, tree_lookups=12))
    assert set(found) == {"spf.too_many_lookups"}


def test_void_lookups() -> None:
    spf = replace(
        OK, result=AuthStatus.PERMERROR, reason="Void lookup limit of 2 exceeded", void_lookups=3
    )
    assert set(findings(spf)) == {"spf.too_many_void_lookups"}


def test_syntax_permerror() -> None:
    spf = replace(OK, result=AuthStatus.PERMERROR, reason="Unknown mechanism found: moo")
    assert set(findings(spf)) == {"spf.permerror"}


def test_multiple_records_only_once() -> None:
    spf = replace(
        OK,
        result=AuthStatus.PERMERROR,
        reason="Two or more type TXT spf records found.",
        record=None,
        problems=("multiple SPF records at example.com (2): a permanent error",),
    )
    assert set(findings(spf)) == {"spf.multiple_records"}


def test_plus_all_and_question_all() -> None:
    plus = findings(replace(OK, problems=("example.com ends with '+all': every server ...",)))
    assert plus["spf.permissive_all"].severity.value == "high"
    neutral = findings(replace(OK, problems=("example.com ends with '?all': unlisted ...",)))
    assert neutral["spf.permissive_all"].severity.value == "low"


def test_near_limit() -> None:
    assert set(findings(replace(OK, tree_lookups=8))) == {"spf.near_lookup_limit"}
    assert findings(replace(OK, tree_lookups=7)) == {}


def test_ptr_used() -> None:
    spf = replace(OK, problems=("example.com uses the deprecated ptr mechanism (RFC 7208 5.5)",))
    assert set(findings(spf)) == {"spf.ptr_used"}


def test_helo_fail() -> None:
    found = findings(replace(OK, helo=AuthStatus.FAIL, helo_reason="not authorized"))
    assert set(found) == {"spf.helo_fail"}
    # with a null sender the HELO verdict is the main verdict: reported once, as spf.fail
    null = findings(replace(OK, result=AuthStatus.FAIL, helo=AuthStatus.FAIL, mail_from=None))
    assert set(null) == {"spf.fail"}


def test_catalogue_size() -> None:
    ids = {s.id for s in all_specs() if s.id.startswith("spf.")}
    assert len(ids) == 13
