"""arc.* findings."""

from __future__ import annotations

from datetime import UTC, datetime

import inspector.rules.arc as rules
from inspector.model.auth import ArcInstance, ArcResult, AuthSummary, DmarcResult
from inspector.model.codes import AuthStatus, Severity
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.route import Route
from inspector.rules.context import AnalysisContext
from tests.support.dkim_keys import parsed

MSG = b"From: a@sender.example\r\nTo: team@lists.example.org\r\nSubject: x\r\n\r\nhi\r\n"
GOOGLE = ArcInstance(
    1,
    "google.com",
    "arc-20240605",
    "none",
    AuthStatus.PASS,
    AuthStatus.PASS,
    "i=1; mx.google.com; dkim=pass header.d=sender.example; spf=pass; dmarc=pass",
)
LIST = ArcInstance(
    2,
    "lists.example.org",
    "s1",
    "pass",
    AuthStatus.PASS,
    AuthStatus.PASS,
    "i=2; lists.example.org; arc=pass",
)


def ctx(arc: ArcResult, dmarc: AuthStatus = AuthStatus.PASS) -> AnalysisContext:
    return AnalysisContext(
        message=parsed(MSG),
        hops=(),
        route=Route(),
        auth=AuthSummary(arc=arc, dmarc=DmarcResult(dmarc, "test")),
        sender=SenderIntel(),
        verdicts=(),
        bounce=None,
        dns=(),
        now=datetime(2026, 11, 22, tzinfo=UTC),
    )


def run(c: AnalysisContext) -> list[Finding]:
    out: list[Finding] = []
    for fn in (rules.chain_broken, rules.forwarding_rescue, rules.unknown_sealer):
        out.extend(fn(c))
    return out


def test_no_arc_no_findings() -> None:
    assert run(ctx(ArcResult(AuthStatus.NONE, "no ARC headers"))) == []
    assert run(ctx(ArcResult(AuthStatus.SKIPPED, "not checked (offline)", (LIST,)))) == []


def test_valid_chain_by_known_sealer_is_quiet() -> None:
    assert run(ctx(ArcResult(AuthStatus.PASS, "chain validated", (GOOGLE,)))) == []


def test_chain_broken() -> None:
    broken = ArcResult(AuthStatus.FAIL, "ARC-Seal[2] did not validate", (LIST, GOOGLE))
    found = run(ctx(broken))
    assert [f.id for f in found] == ["arc.chain_broken", "arc.unknown_sealer"]
    assert "ARC-Seal[2]" in found[0].explanation
    assert any("i=2 d=lists.example.org" in e for e in found[0].evidence)


def test_valid_arc_with_failed_dmarc_is_the_forwarding_case() -> None:
    (f,) = run(ctx(ArcResult(AuthStatus.PASS, "chain validated", (GOOGLE,)), AuthStatus.FAIL))
    assert f.id == "arc.forwarding_rescue" and f.severity is Severity.MEDIUM
    assert "dmarc=pass" in f.explanation  # shows what the first sealer recorded


def test_unknown_sealer_is_info() -> None:
    found = run(ctx(ArcResult(AuthStatus.PASS, "chain validated", (LIST, GOOGLE))))
    (f,) = found
    assert f.id == "arc.unknown_sealer" and f.severity is Severity.INFO
    assert "lists.example.org" in f.explanation and "google.com" not in f.explanation
