"""DMARC findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

from dataclasses import replace

from inspector.model.auth import (
    ArcInstance,
    ArcResult,
    AuthSummary,
    DkimResult,
    DmarcResult,
    SpfResult,
)
from inspector.model.codes import AuthStatus, DkimFailure, DmarcPolicy
from inspector.model.findings import Finding
from inspector.rules.dmarc import alignment, lists, record, verdict
from inspector.rules.registry import all_specs
from tests.inspector.rules.auth_ctx import context, message, run

RULES = (
    verdict.verdict,
    alignment.alignment,
    record.record_quality,
    lists.mailing_list,
    verdict.several_from,
    alignment.nothing_aligned,
)
RECORD = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
OK = DmarcResult(
    AuthStatus.PASS,
    "DKIM d=example.com aligned",
    from_domain="example.com",
    record_domain="example.com",
    org_domain="example.com",
    record=RECORD,
    policy=DmarcPolicy.REJECT,
    applied_policy=DmarcPolicy.REJECT,
    disposition="none",
    dkim_aligned=True,
    dkim_domain="example.com",
    rua=("mailto:dmarc@example.com",),
    record_count=1,
    from_domains=("example.com",),
)
GOOD_DKIM = (DkimResult(AuthStatus.PASS, domain="example.com"),)
NO_SPF = SpfResult(AuthStatus.SKIPPED, "not checked")


def findings(
    dmarc: DmarcResult,
    dkim: tuple[DkimResult, ...] = GOOD_DKIM,
    spf: SpfResult = NO_SPF,
    arc: ArcResult | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> dict[str, Finding]:
    auth = AuthSummary(
        dkim=dkim, spf=spf, dmarc=dmarc, arc=arc or ArcResult(AuthStatus.NONE, "no ARC")
    )
    return run(RULES, context(auth, message(headers)))


def failed(policy: DmarcPolicy, **kw: object) -> DmarcResult:
    return replace(
        OK,
        result=AuthStatus.FAIL,
        reason="nothing aligned",
        policy=policy,
        applied_policy=policy,
        disposition=policy.value,
        dkim_aligned=False,
        **kw,  # type: ignore[arg-type]
    )


def test_clean_pass_has_no_findings() -> None:
    assert findings(OK) == {}
    assert findings(DmarcResult(AuthStatus.SKIPPED, "not checked (offline)")) == {}


def test_fail_reject() -> None:
    found = findings(failed(DmarcPolicy.REJECT), dkim=())
    assert set(found) == {"dmarc.fail_reject"}
    assert any(
        line.startswith("_dmarc.example.com TXT") for line in found["dmarc.fail_reject"].evidence
    )


def test_fail_quarantine_with_pct() -> None:
    found = findings(failed(DmarcPolicy.QUARANTINE, pct=30), dkim=())
    assert set(found) == {"dmarc.fail_quarantine", "dmarc.pct_partial"}
    assert "30%" in found["dmarc.fail_quarantine"].explanation


def test_policy_none_pass_and_fail() -> None:
    monitored = replace(OK, policy=DmarcPolicy.NONE, applied_policy=DmarcPolicy.NONE)
    assert findings(monitored)["dmarc.policy_none"].severity.value == "low"
    failing = findings(failed(DmarcPolicy.NONE), dkim=())["dmarc.policy_none"]
    assert failing.severity.value == "medium" and "failed" in failing.title


def test_no_record() -> None:
    none = DmarcResult(AuthStatus.NONE, "no DMARC record", from_domain="example.com")
    found = findings(none)
    assert set(found) == {"dmarc.no_record"}
    assert "Gmail" in found["dmarc.no_record"].explanation


def test_temperror() -> None:
    temp = DmarcResult(AuthStatus.TEMPERROR, "DNS timeout", from_domain="example.com")
    assert set(findings(temp)) == {"dmarc.temperror"}


def test_dkim_unaligned_third_party_signature() -> None:
    found = findings(
        failed(DmarcPolicy.REJECT), dkim=(DkimResult(AuthStatus.PASS, domain="esp.example"),)
    )
    assert {"dmarc.fail_reject", "dmarc.dkim_unaligned"} == set(found)
    assert "esp.example" in found["dmarc.dkim_unaligned"].explanation


def test_spf_unaligned_esp_return_path() -> None:
    spf = SpfResult(AuthStatus.PASS, "ok", domain="bounces.esp.example")
    found = findings(OK, spf=spf, headers=(("Return-Path", "<b-123@bounces.esp.example>"),))
    assert set(found) == {"dmarc.spf_unaligned"}
    assert found["dmarc.spf_unaligned"].severity.value == "low"  # DKIM carried DMARC
    assert any("Return-Path" in e for e in found["dmarc.spf_unaligned"].evidence)


def test_several_records() -> None:
    several = DmarcResult(
        AuthStatus.NONE,
        "2 DMARC records at _dmarc.example.com",
        from_domain="example.com",
        record_domain="example.com",
        record_count=2,
        problems=("2 DMARC records at _dmarc.example.com",),
    )
    assert set(findings(several)) == {"dmarc.several_records"}


def test_syntax_problems_and_unusable_record() -> None:
    sloppy = replace(OK, syntax=("unknown tag foo= (ignored)",))
    assert set(findings(sloppy)) == {"dmarc.syntax"}
    unusable = DmarcResult(
        AuthStatus.NONE,
        "no valid p=",
        from_domain="example.com",
        record_domain="example.com",
        record="v=DMARC1; p=rejectt",
        record_count=1,
        syntax=("p='rejectt' is not none, quarantine or reject",),
    )
    found = findings(unusable)
    assert set(found) == {"dmarc.syntax"}
    assert found["dmarc.syntax"].severity.value == "medium"


def test_no_rua() -> None:
    assert set(findings(replace(OK, rua=()))) == {"dmarc.no_rua"}


def test_rua_unauthorized() -> None:
    dmarc = replace(
        OK,
        rua=("mailto:x@reports.example.net",),
        unauthorized_reports=("mailto:x@reports.example.net",),
        problems=("external report address mailto:x@reports.example.net is not authorized",),
    )
    assert set(findings(dmarc)) == {"dmarc.rua_unauthorized"}


def test_sp_weaker() -> None:
    assert set(findings(replace(OK, subdomain_policy=DmarcPolicy.NONE))) == {"dmarc.sp_weaker"}
    assert findings(replace(OK, subdomain_policy=DmarcPolicy.REJECT)) == {}


def test_testing_mode() -> None:
    dmarc = replace(OK, testing=True, applied_policy=DmarcPolicy.QUARANTINE)
    assert set(findings(dmarc)) == {"dmarc.testing"}


def test_mailing_list_broke_dkim() -> None:
    broken = (
        DkimResult(
            AuthStatus.FAIL,
            "body hash mismatch",
            domain="example.com",
            failure=DkimFailure.BODY_HASH,
        ),
    )
    headers = (("List-Id", "<users.lists.example.org>"), ("Subject", "[users] hello"))
    found = findings(failed(DmarcPolicy.REJECT), dkim=broken, headers=headers)
    assert "dmarc.mailing_list" in found
    text = found["dmarc.mailing_list"].explanation
    assert "footer" in text and "Subject" in text and "no ARC" in text
    sealed = ArcResult(AuthStatus.PASS, "chain valid", (ArcInstance(1, "lists.example.org"),))
    with_arc = findings(failed(DmarcPolicy.REJECT), dkim=broken, headers=headers, arc=sealed)
    assert "valid ARC seal" in with_arc["dmarc.mailing_list"].explanation
    # without list headers or ARC it is an ordinary DKIM failure, not this finding
    assert "dmarc.mailing_list" not in findings(failed(DmarcPolicy.REJECT), dkim=broken)


def test_several_from_domains() -> None:
    dmarc = replace(OK, from_domains=("example.com", "example.net"))
    assert set(findings(dmarc)) == {"dmarc.several_from_domains"}


def test_catalogue_size() -> None:
    assert len([s for s in all_specs() if s.id.startswith("dmarc.")]) == 17


OFFLINE = DmarcResult(
    AuthStatus.SKIPPED, "not checked (offline)", from_domain="example.com", alignable=()
)
UNALIGNED_DKIM = (DkimResult(AuthStatus.SKIPPED, domain="esp.example.net"),)


def test_nothing_aligned_offline_when_no_identity_can_align() -> None:
    rp = (("Return-Path", "<b@esp.example.net>"),)
    found = findings(OFFLINE, dkim=UNALIGNED_DKIM, headers=rp)
    f = found["dmarc.nothing_aligned"]
    assert "esp.example.net" in f.explanation and "From domain: example.com" in f.evidence


def test_nothing_aligned_silent_for_lists_unknown_envelope_and_alignable_mail() -> None:
    rp = ("Return-Path", "<b@esp.example.net>")
    assert "dmarc.nothing_aligned" not in findings(
        OFFLINE, dkim=UNALIGNED_DKIM, headers=(rp, ("List-Id", "<dev.lists.example.org>"))
    )
    assert "dmarc.nothing_aligned" not in findings(OFFLINE, dkim=UNALIGNED_DKIM)
    alignable = replace(OFFLINE, alignable=("dkim d=mail.example.com",))
    assert "dmarc.nothing_aligned" not in findings(alignable, dkim=UNALIGNED_DKIM, headers=(rp,))
    # checked online, the verdict rules speak instead
    assert "dmarc.nothing_aligned" not in findings(failed(DmarcPolicy.REJECT), headers=(rp,))
