"""bounce.* findings: one test per finding id, from hand-built bounces."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.bounces.reasons import classify
from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce, BounceRecipient
from inspector.model.codes import BounceKind, Severity
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.route import Route
from inspector.rules import bounce as rules
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import all_specs
from tests.inspector.verdicts._msg import parse


def run(bounce: Bounce | None) -> dict[str, Finding]:
    ctx = AnalysisContext(
        message=parse(b"From: mailer-daemon@example.net\n\nx\n"),
        hops=(),
        route=Route(),
        auth=AuthSummary(),
        sender=SenderIntel(),
        verdicts=(),
        bounce=bounce,
        dns=(),
        now=datetime(2026, 3, 4, tzinfo=UTC),
    )
    found: dict[str, Finding] = {}
    for fn in (rules.reasons, rules.complaint):
        for finding in fn(ctx):
            assert finding.id not in found, f"{finding.id} emitted twice"
            assert finding.explanation and finding.remedy and finding.references
            assert finding.evidence
            found[finding.id] = finding
    return found


def dsn(*diagnostics: str, status: str = "5.0.0", action: str = "failed") -> Bounce:
    recipients = []
    for i, diag in enumerate(diagnostics):
        reason, words = classify(status, diag)
        recipients.append(
            BounceRecipient(
                address=f"user{i}@example.com",
                action=action,
                status=status,
                diagnostic=diag,
                reason=reason,
                explanation=words,
            )
        )
    return Bounce(kind=BounceKind.DSN, recipients=tuple(recipients), reporting_mta="mx.example.net")


CASES = {
    "bounce.blocked_spam": "550-5.7.1 Our system has detected that this message is likely "
    "unsolicited mail.",
    "bounce.blocklisted": "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using "
    "zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.9",
    "bounce.auth_failure": "550-5.7.26 This mail is unauthenticated, which poses a security risk",
    "bounce.rate_limited": "421 4.7.0 [TSS04] Messages temporarily deferred due to unexpected "
    "volume or user complaints",
    "bounce.unknown_user": "550 5.1.1 <user0@example.com>: Recipient address rejected: User "
    "unknown",
    "bounce.mailbox_full": "552 5.2.2 Mailbox full",
    "bounce.too_large": "552 5.3.4 Message size exceeds fixed limit",
    "bounce.policy": "550 5.7.1 Message refused by local policy",
    "bounce.dns_failure": "Host or domain name not found. Name service error",
    "bounce.relay_denied": "554 5.7.1 <user0@example.com>: Relay access denied",
    "bounce.expired": "retry timeout exceeded",
}


def test_every_spec_has_a_test_here() -> None:
    ids = {s.id for s in all_specs() if s.id.startswith("bounce.")}
    assert ids == {*CASES, "bounce.arf_complaint"}


@pytest.mark.parametrize("finding_id", sorted(CASES))
def test_one_finding_per_reason(finding_id: str) -> None:
    found = run(dsn(CASES[finding_id]))
    assert list(found) == [finding_id]
    assert "user0@example.com" in found[finding_id].evidence[0]


def test_blocklist_finding_names_the_list() -> None:
    f = run(dsn(CASES["bounce.blocklisted"]))["bounce.blocklisted"]
    assert "Spamhaus" in f.explanation
    assert f.severity is Severity.CRITICAL


def test_microsoft_own_block_list_named() -> None:
    f = run(dsn("550 5.7.1 ... part of their network is on our block list (S3150)"))
    assert "Microsoft's own block list" in f["bounce.blocklisted"].explanation


def test_recipients_with_the_same_reason_share_one_finding() -> None:
    found = run(dsn("550 5.1.1 User unknown", "550 5.1.1 No such user", "552 5.2.2 Mailbox full"))
    assert set(found) == {"bounce.unknown_user", "bounce.mailbox_full"}
    assert len(found["bounce.unknown_user"].evidence) == 2


def test_temporary_failure_is_softened() -> None:
    found = run(
        dsn("450 4.1.1 mailbox unavailable: user unknown", status="4.1.1", action="delayed")
    )
    assert found["bounce.unknown_user"].severity is Severity.LOW
    assert "still retrying" in found["bounce.unknown_user"].explanation


def test_no_bounce_no_findings_and_other_is_silent() -> None:
    assert run(None) == {}
    assert run(dsn("something odd happened")) == {}


def test_arf_complaint() -> None:
    bounce = Bounce(
        kind=BounceKind.ARF,
        feedback_type="abuse",
        fields=(("Feedback-Type", "abuse"), ("User-Agent", "ExampleFBL/1.0")),
    )
    f = run(bounce)["bounce.arf_complaint"]
    assert "report spam" in f.explanation
    assert "ExampleFBL/1.0" in f.explanation
    assert "Feedback-Type: abuse" in f.evidence


def test_failed_action_with_4xx_status_is_not_softened() -> None:
    found = run(dsn("452 4.2.2 Mailbox full", status="4.2.2", action="failed"))
    assert "still retrying" not in found["bounce.mailbox_full"].explanation


def test_arf_auth_failure_report_is_not_called_a_spam_complaint() -> None:
    bounce = Bounce(
        kind=BounceKind.ARF, feedback_type="auth-failure", fields=(("Feedback-Type", "x"),)
    )
    f = run(bounce)["bounce.arf_complaint"]
    assert "authentication failure" in f.title
    assert "report spam" not in f.explanation
