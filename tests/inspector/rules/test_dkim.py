"""dkim.* findings: each rule fires on its case and stays quiet on a clean signature."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import inspector.rules.dkim as rules
from inspector.intel.evidence import gather_evidence
from inspector.model.auth import AuthSummary, DkimKeyType, DkimResult, DmarcResult
from inspector.model.bounces import Bounce
from inspector.model.codes import AuthStatus, BounceKind, DkimFailure, DnsStatus, Severity
from inspector.model.dns import DnsQuery
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.route import Route
from inspector.rules.context import AnalysisContext
from tests.support.dkim_keys import parsed

MSG = (
    b"From: Alice <alice@shop.example>\r\nTo: bob@rcpt.example\r\nSubject: Sale\r\n"
    b"List-Unsubscribe: <https://shop.example/u>\r\n\r\nHi\r\n"
)
GOOD = DkimResult(
    AuthStatus.PASS,
    "signature verified",
    domain="shop.example",
    selector="s1",
    algorithm="rsa-sha256",
    key_bits=2048,
    key_type=DkimKeyType.RSA,
    signed_headers=(
        "from",
        "from",
        "to",
        "to",
        "subject",
        "subject",
        "list-unsubscribe",
        "list-unsubscribe",
    ),
    header="DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=s1; ...",
    key_record="v=DKIM1; k=rsa; p=MIIB...",
)


def ctx(*dkim: DkimResult, raw: bytes = MSG, dns: tuple[DnsQuery, ...] = ()) -> AnalysisContext:
    pm = parsed(raw)
    return AnalysisContext(
        message=pm,
        hops=(),
        route=Route(),
        auth=AuthSummary(dkim=dkim),
        sender=SenderIntel(),
        verdicts=(),
        bounce=None,
        dns=dns,
        now=datetime(2026, 11, 22, tzinfo=UTC),
        evidence=gather_evidence(pm, (), Route(), dkim, None, None),
    )


def run(c: AnalysisContext) -> list[Finding]:
    found: list[Finding] = []
    for fn in (
        rules.missing,
        rules.failures,
        rules.key_strength,
        rules.body_length,
        rules.third_party,
        rules.replay,
        rules.added_after_signing,
        rules.verification_limits,
    ):
        found.extend(fn(c))
    return found


def ids(c: AnalysisContext) -> list[str]:
    return [f.id for f in run(c)]


def test_clean_signature_gives_no_findings() -> None:
    assert ids(ctx(GOOD)) == []


def test_no_signature() -> None:
    (f,) = run(ctx())  # bulk mail (List-Unsubscribe): Gmail and Yahoo require DKIM
    assert f.id == "dkim.no_signature" and f.severity is Severity.HIGH
    assert f.remedy and f.references and f.evidence


PERSONAL = b"From: Alice <alice@shop.example>\r\nTo: bob@rcpt.example\r\nSubject: Hi\r\n\r\nHi\r\n"


def test_no_signature_on_personal_mail_is_medium() -> None:
    (f,) = run(ctx(raw=PERSONAL))
    assert f.id == "dkim.no_signature" and f.severity is Severity.MEDIUM


def test_no_signature_before_dkim_existed_is_only_information() -> None:
    c = ctx(raw=PERSONAL)
    dated = replace(
        c.message, date=datetime(2002, 8, 26, 9, tzinfo=UTC), date_raw="Mon, 26 Aug 2002"
    )
    (f,) = run(replace(c, message=dated))
    assert f.severity is Severity.INFO and "predates DKIM" in f.title
    assert "2002" in f.explanation and any(e.startswith("Date:") for e in f.evidence)


def test_headers_the_list_added_below_an_oversigning_author_are_info() -> None:
    signed = ("from", "subject", "list-id")
    added = DkimResult(
        AuthStatus.FAIL,
        domain="suse.example",
        signed_headers=signed,
        added_after_signing=("list-id",),
    )
    post = PERSONAL.replace(b"Subject:", b"List-Id: <dev.lists.example.org>\r\nSubject:")
    post = post.replace(b"Subject:", b"List-Post: <mailto:dev@lists.example.org>\r\nSubject:")
    (f,) = [x for x in rules.added_after_signing(ctx(added, raw=post))]
    assert f.severity is Severity.INFO and "list added" in f.explanation
    (g,) = [x for x in rules.added_after_signing(ctx(added))]
    assert g.severity is not Severity.INFO


def test_no_signature_on_a_discussion_list_post_is_medium() -> None:
    post = PERSONAL.replace(b"Subject:", b"List-Id: <dev.lists.example.org>\r\nSubject:")
    post = post.replace(b"Subject:", b"List-Post: <mailto:dev@lists.example.org>\r\nSubject:")
    (f,) = run(ctx(raw=post))
    assert f.severity is Severity.MEDIUM


def test_no_signature_on_a_bounce_report_is_low() -> None:
    c = replace(ctx(raw=PERSONAL), bounce=Bounce(kind=BounceKind.DSN))
    (f,) = run(c)
    assert f.severity is Severity.LOW and "delivery report" in f.title


def test_body_changed_and_header_mismatch_are_told_apart() -> None:
    body = replace(
        GOOD, result=AuthStatus.FAIL, failure=DkimFailure.BODY_HASH, reason="body hash mismatch"
    )
    head = replace(
        GOOD, result=AuthStatus.FAIL, failure=DkimFailure.SIGNATURE, reason="header mismatch"
    )
    assert ids(ctx(body)) == ["dkim.body_changed"]
    assert ids(ctx(head)) == ["dkim.header_mismatch"]


def test_permerror_titles_name_the_cause_and_show_the_dns_answer() -> None:
    gone = replace(
        GOOD,
        result=AuthStatus.PERMERROR,
        failure=DkimFailure.NO_KEY,
        key_record=None,
        reason="no key: s1._domainkey.shop.example does not exist (NXDOMAIN)",
    )
    dns = (DnsQuery("s1._domainkey.shop.example", "TXT", DnsStatus.NXDOMAIN),)
    (f,) = run(ctx(gone, dns=dns))
    assert f.id == "dkim.permerror" and "no key is published" in f.title
    assert any("nxdomain" in line for line in f.evidence)
    revoked = replace(gone, failure=DkimFailure.REVOKED, reason="key revoked")
    assert "revoked" in run(ctx(revoked))[0].title


def test_temperror() -> None:
    temp = replace(GOOD, result=AuthStatus.TEMPERROR, failure=DkimFailure.DNS, reason="timeout")
    assert ids(ctx(temp)) == ["dkim.temperror"]


def test_weak_key_low_and_too_small_high() -> None:
    (f,) = run(ctx(replace(GOOD, key_bits=1024)))
    assert f.id == "dkim.weak_key" and f.severity is Severity.LOW
    small = replace(
        GOOD, key_bits=512, result=AuthStatus.PERMERROR, failure=DkimFailure.KEY_TOO_SMALL
    )
    (f,) = run(ctx(small))
    assert f.id == "dkim.weak_key" and f.severity is Severity.HIGH
    assert ids(ctx(replace(GOOD, key_type=DkimKeyType.ED25519, key_bits=256))) == []


def test_sha1() -> None:
    assert ids(ctx(replace(GOOD, algorithm="rsa-sha1"))) == ["dkim.sha1"]


def test_expired_as_of_receipt() -> None:
    old = replace(
        GOOD,
        result=AuthStatus.FAIL,
        failure=DkimFailure.EXPIRED,
        reason="signature expired; expiry judged as of 2026-11-22 when received",
    )
    (f,) = run(ctx(old))
    assert f.id == "dkim.expired" and "when received" in f.explanation


def test_length_tag_with_unsigned_bytes() -> None:
    (f,) = run(ctx(replace(GOOD, body_length=120, unsigned_body_bytes=400)))
    assert f.id == "dkim.length_tag" and f.severity is Severity.MEDIUM
    assert "400 bytes" in f.explanation
    (f,) = run(ctx(replace(GOOD, body_length=120, unsigned_body_bytes=0)))
    assert f.severity is Severity.LOW


def test_third_party_signature_only_is_info() -> None:
    esp = replace(GOOD, domain="esp-mailer.example")
    (f,) = run(ctx(esp))
    assert f.id == "dkim.third_party" and f.severity is Severity.INFO
    assert ids(ctx(esp, GOOD)) == []  # an aligned signature too: nothing to say
    sub = replace(GOOD, domain="mail.shop.example")
    assert ids(ctx(sub)) == []  # same organisational domain
    evaluated = replace(ctx(esp), auth=AuthSummary(dkim=(esp,), dmarc=DmarcResult(AuthStatus.FAIL)))
    assert ids(evaluated) == []  # left to dmarc.dkim_unaligned


def test_third_party_is_told_offline_from_the_signing_domain_alone() -> None:
    offline = replace(
        GOOD, result=AuthStatus.SKIPPED, reason="not checked (offline)", domain="esp.example"
    )
    (f,) = [f for f in run(ctx(offline)) if f.id == "dkim.third_party"]
    assert "not verified: offline" in f.explanation and "esp.example" in f.explanation
    aligned = replace(offline, domain="mail.shop.example")
    assert "dkim.third_party" not in ids(ctx(aligned))


def test_third_party_says_nothing_of_a_list_post() -> None:
    raw = (
        b"From: Alice <alice@shop.example>\r\nTo: dev@lists.example\r\nSubject: Re: patch\r\n"
        b"List-Id: <dev.lists.example>\r\nList-Post: <mailto:dev@lists.example>\r\n"
        b"In-Reply-To: <1@shop.example>\r\n\r\nLooks good.\r\n"
    )
    listed = replace(GOOD, domain="lists.example")
    assert "dkim.third_party" not in ids(ctx(listed, raw=raw))


def test_replay_risk_unsigned_list_unsubscribe_and_not_oversigned() -> None:
    weak = replace(GOOD, signed_headers=("from", "to", "subject"), not_oversigned=("to", "subject"))
    (f,) = run(ctx(weak))
    assert f.id == "dkim.replay_risk" and f.severity is Severity.MEDIUM
    assert "list-unsubscribe" in f.explanation and "to, subject" in f.explanation
    only_weak = replace(GOOD, not_oversigned=("date",))
    (f,) = run(ctx(only_weak))
    assert f.id == "dkim.replay_risk" and f.severity is Severity.LOW


def test_headers_added_after_signing() -> None:
    raw = b"Subject: Account locked\r\n" + MSG
    added = replace(GOOD, added_after_signing=("subject",))
    (f,) = run(ctx(added, raw=raw))
    assert f.id == "dkim.headers_added" and f.severity is Severity.HIGH
    assert "Subject: Account locked" in f.evidence


def test_registered_ids_match_the_module() -> None:
    from inspector.rules.registry import FindingSpec

    mine = [v.id for v in vars(rules).values() if isinstance(v, FindingSpec)]
    assert len(mine) == 13 and all(i.startswith("dkim.") and i.count(".") == 1 for i in mine)


def test_results_cut_by_the_limits_are_reported_with_their_reasons() -> None:
    cut = replace(
        GOOD,
        result=AuthStatus.SKIPPED,
        failure=DkimFailure.CAPPED,
        reason="not verified: h= names 8,001 header fields and at most 200 are verified",
    )
    findings = [f for f in run(ctx(GOOD, cut)) if f.id == "dkim.not_verified_limit"]
    (f,) = findings
    assert "1 DKIM result(s)" in f.explanation and "unknown, not failed" in f.explanation
    assert any("h= names 8,001" in line for line in f.evidence)
    assert not [f for f in run(ctx(GOOD)) if f.id == "dkim.not_verified_limit"]
