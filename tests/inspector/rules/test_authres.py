"""authres.* findings: the receiver's own Authentication-Results against ours."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import inspector.rules.authres as rules
from inspector.auth.results import BELOW_BOUNDARY, parse_authentication_results
from inspector.model.auth import (
    AuthSummary,
    DkimResult,
    DmarcResult,
    ReceivedAuthResults,
    SpfResult,
)
from inspector.model.codes import AuthStatus, DkimFailure, Severity, VerdictParty
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.route import Route
from inspector.rules.context import AnalysisContext
from tests.support.dkim_keys import parsed

MSG = b"From: a@sender.example\r\nTo: b@rcpt.example\r\nSubject: x\r\n\r\nhi\r\n"
PASS_DKIM = DkimResult(AuthStatus.PASS, "signature verified", domain="sender.example")


def ar(
    value: str,
    *,
    trusted: bool = True,
    reason: str = "",
    name: str = "Authentication-Results",
    on_route: bool = False,
    party: VerdictParty | None = None,
) -> ReceivedAuthResults:
    ident, methods = parse_authentication_results(value)
    why = reason or ("added above the trust boundary" if trusted else f"{BELOW_BOUNDARY}: forged?")
    if party is None:
        party = VerdictParty.RECIPIENT if trusted else VerdictParty.SENDER
    return ReceivedAuthResults(
        ident, methods, trusted, why, value, name, party=party, writer_on_route=on_route
    )


def ctx(
    *received: ReceivedAuthResults,
    dkim: tuple[DkimResult, ...] = (PASS_DKIM,),
    spf: AuthStatus = AuthStatus.PASS,
    dmarc: AuthStatus = AuthStatus.PASS,
) -> AnalysisContext:
    return AnalysisContext(
        message=parsed(MSG),
        hops=(),
        route=Route(),
        auth=AuthSummary(
            dkim=dkim,
            spf=SpfResult(spf, "test"),
            dmarc=DmarcResult(dmarc, "test"),
            received=received,
        ),
        sender=SenderIntel(),
        verdicts=(),
        bounce=None,
        dns=(),
        now=datetime(2026, 11, 22, tzinfo=UTC),
    )


def run(c: AnalysisContext) -> list[Finding]:
    out: list[Finding] = []
    for fn in (rules.disagrees, rules.forged, rules.receiver_fail, rules.compauth):
        out.extend(fn(c))
    return out


GOOD = "mx.rcpt.example; dkim=pass header.d=sender.example; spf=pass; dmarc=pass"


def test_agreeing_receiver_is_quiet() -> None:
    assert run(ctx(ar(GOOD))) == []


def test_disagreement_names_key_rotation() -> None:
    gone = DkimResult(
        AuthStatus.PERMERROR, "no key", domain="sender.example", failure=DkimFailure.NO_KEY
    )
    (f,) = run(ctx(ar(GOOD), dkim=(gone,)))
    assert f.id == "authres.disagrees"
    assert "rotated since delivery" in f.explanation and "dkim=pass" in f.explanation


def test_disagreement_names_modification_and_dns_change() -> None:
    changed = DkimResult(
        AuthStatus.FAIL, "body", domain="sender.example", failure=DkimFailure.BODY_HASH
    )
    (f,) = run(ctx(ar(GOOD), dkim=(changed,)))
    assert "modified after delivery" in f.explanation
    (f,) = run(ctx(ar(GOOD), spf=AuthStatus.FAIL))
    assert f.id == "authres.disagrees" and "SPF record changed" in f.explanation


def test_offline_or_skipped_results_are_not_compared() -> None:
    skipped = DkimResult(AuthStatus.SKIPPED, "not checked (offline)")
    assert (
        run(ctx(ar(GOOD), dkim=(skipped,), spf=AuthStatus.SKIPPED, dmarc=AuthStatus.SKIPPED)) == []
    )


def test_forged_results_below_the_boundary() -> None:
    fake = ar("mx.rcpt.example; spf=pass; dkim=pass; dmarc=pass", trusted=False)
    found = run(ctx(ar(GOOD), fake))
    (f,) = found
    assert f.id == "authres.forged" and f.severity is Severity.HIGH
    assert "receiver's own name" in f.explanation
    stray = ar("out.sender.example; spf=pass", trusted=False)
    (f,) = run(ctx(ar(GOOD), stray))
    # a claim naming no server on the route: told, but it does not count toward the risk
    assert f.severity is Severity.INFO
    # the sender's own server's honest record (its authserv-id names a hop on the route)
    own = ar("out.sender.example; spf=pass", trusted=False, on_route=True)
    assert run(ctx(ar(GOOD), own)) == []


def test_intermediary_results_are_not_called_forged() -> None:
    listed = ar("lists.example.org; dkim=pass; spf=pass", trusted=False)
    listed = dataclasses.replace(listed, party=VerdictParty.INTERMEDIARY)
    assert run(ctx(ar(GOOD), listed)) == []


def test_arc_copies_are_not_called_forged() -> None:
    copy = ar(
        "i=1; lists.example.org; spf=pass",
        trusted=False,
        reason="results an intermediary sealed with ARC",
        name="ARC-Authentication-Results",
    )
    assert run(ctx(ar(GOOD), copy)) == []


def test_receiver_reports_failures() -> None:
    value = 'mx.rcpt.example; dkim=fail reason="bad sig"; spf=softfail; dmarc=fail'
    found = run(
        ctx(
            ar(value),
            dkim=(DkimResult(AuthStatus.FAIL, "x"),),
            spf=AuthStatus.SOFTFAIL,
            dmarc=AuthStatus.FAIL,
        )
    )
    assert [f.id for f in found] == ["authres.receiver_fail"] * 3
    assert "bad sig" in next(f for f in found if "dkim" in f.title).explanation
    # Our own checks failed the same way: their findings carry the weight, this one is context.
    assert {f.severity for f in found} == {Severity.INFO}
    assert all("gives the same result" in f.explanation for f in found)


def test_receiver_failure_weighs_when_we_could_not_check() -> None:
    value = 'mx.rcpt.example; dkim=fail reason="bad sig"; spf=softfail; dmarc=fail'
    skipped = DkimResult(AuthStatus.SKIPPED, "not checked (offline)")
    found = run(ctx(ar(value), dkim=(skipped,), spf=AuthStatus.SKIPPED, dmarc=AuthStatus.SKIPPED))
    assert [f.id for f in found] == ["authres.receiver_fail"] * 3
    dmarc = next(f for f in found if "dmarc=fail" in f.title)
    assert dmarc.severity is Severity.HIGH
    spf = next(f for f in found if "spf=softfail" in f.title)
    assert spf.severity is Severity.MEDIUM


def test_compauth_fail_explains_the_reason_code() -> None:
    ms = ar(
        "spf=fail (sender IP is 192.0.2.9) smtp.mailfrom=sender.example; dkim=none; "
        "dmarc=none action=none header.from=sender.example;compauth=fail reason=001"
    )
    found = run(ctx(ms, spf=AuthStatus.FAIL, dmarc=AuthStatus.NONE))
    comp = next(f for f in found if f.id == "authres.compauth_fail")
    assert comp.severity is Severity.HIGH and "implicit failure" in comp.explanation
    assert rules.explain_compauth_reason("601").startswith("failed implicit")
    assert rules.explain_compauth_reason("xyz") == "an undocumented reason code"


def test_compauth_pass_and_untrusted_compauth_are_quiet() -> None:
    ok = ar("spf=pass smtp.mailfrom=sender.example;compauth=pass reason=100")
    assert run(ctx(ok)) == []
    bad = ar(
        "spf=pass;compauth=fail reason=000",
        trusted=False,
        reason="the trust boundary of the receiving system is unknown",
        party=VerdictParty.UNKNOWN,
    )
    assert run(ctx(bad)) == []


def test_one_passing_dkim_among_several_counts_as_pass() -> None:
    value = "mx.rcpt.example; dkim=fail header.d=esp.example; dkim=pass header.d=sender.example"
    assert run(ctx(ar(value))) == []


def test_receiver_failure_title_names_the_server_and_the_policy_applied() -> None:
    def unchecked(header: ReceivedAuthResults) -> AnalysisContext:
        return ctx(header, dkim=(), spf=AuthStatus.SKIPPED, dmarc=AuthStatus.SKIPPED)

    gmail = ar(
        "mx.google.com; dmarc=fail (p=QUARANTINE sp=NONE dis=QUARANTINE) header.from=x.example"
    )
    (f,) = run(unchecked(gmail))
    assert f.title == "The receiving server mx.google.com reports dmarc=fail under p=quarantine"
    ms = ar("spf=fail smtp.mailfrom=x.example; dmarc=fail action=oreject header.from=x.example")
    (f,) = [g for g in run(unchecked(ms)) if "dmarc" in g.title]
    assert f.title == "The receiving server reports dmarc=fail"  # no id, unknown action: plain
