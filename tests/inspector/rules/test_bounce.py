"""bounce.* findings, from hand-built bounces classified the way the decoder classifies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.bounces.recipient import autoreply_recipient, failed_recipient
from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce, BounceReason, DsnAction, FeedbackType
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


def dsn(*diagnostics: str, status: str = "5.0.0", action: DsnAction = DsnAction.FAILED) -> Bounce:
    recipients = tuple(
        failed_recipient(
            f"user{i}@example.com", action=action, status_field=status, diagnostic=diag
        )
        for i, diag in enumerate(diagnostics)
    )
    return Bounce(kind=BounceKind.DSN, recipients=recipients, reporting_mta="mx.example.net")


CASES = {
    "bounce.spamdetected": "550-5.7.1 Our system has detected that this message is likely "
    "unsolicited mail.",
    "bounce.blocked": "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using "
    "zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.9",
    "bounce.authfailure": "550-5.7.26 This mail is unauthenticated, which poses a security risk",
    "bounce.speeding": "421 4.7.0 [TSS04] Messages temporarily deferred due to unexpected "
    "volume or user complaints",
    "bounce.userunknown": "550 5.1.1 <user0@example.com>: Recipient address rejected: User "
    "unknown in virtual mailbox table",
    "bounce.mailboxfull": "552 5.2.2 Mailbox full",
    "bounce.mesgtoobig": "552 5.3.4 Message size exceeds fixed limit",
    "bounce.policyviolation": "550 5.7.1 Message refused by local policy",
    "bounce.hostunknown": "Host or domain name not found. Name service error",
    "bounce.norelaying": "554 5.7.1 <user0@example.com>: Relay access denied",
    "bounce.expired": "retry timeout exceeded",
}


def test_one_spec_per_reason_plus_complaint_and_unsubscribe() -> None:
    ids = {s.id for s in all_specs() if s.id.startswith("bounce.")}
    reasons = {f"bounce.{r.value}" for r in BounceReason if r is not BounceReason.FEEDBACK}
    assert ids == {*reasons, "bounce.arf_complaint", "bounce.unsubscribe_request"}
    assert set(CASES) <= ids


@pytest.mark.parametrize("finding_id", sorted(CASES))
def test_one_finding_per_reason(finding_id: str) -> None:
    found = run(dsn(CASES[finding_id]))
    assert list(found) == [finding_id]
    assert "user0@example.com" in found[finding_id].evidence[0]


def test_blocklist_finding_names_the_list() -> None:
    f = run(dsn(CASES["bounce.blocked"]))["bounce.blocked"]
    assert "Spamhaus" in f.explanation
    assert f.severity is Severity.CRITICAL


def test_microsoft_own_block_list_named() -> None:
    f = run(dsn("550 5.7.1 ... part of their network is on our block list (S3150)"))
    assert "Microsoft's block list" in f["bounce.blocked"].explanation


def test_recipients_with_the_same_reason_share_one_finding() -> None:
    found = run(dsn("550 5.1.1 User unknown", "550 5.1.1 No such user", "552 5.2.2 Mailbox full"))
    assert set(found) == {"bounce.userunknown", "bounce.mailboxfull"}
    assert len(found["bounce.userunknown"].evidence) == 2
    assert "Hard bounce: remove" in found["bounce.userunknown"].explanation
    assert "Hard bounce" not in found["bounce.mailboxfull"].explanation


def test_temporary_failure_is_softened() -> None:
    found = run(
        dsn("450 4.1.1 mailbox unavailable: user unknown", status="4.1.1", action=DsnAction.DELAYED)
    )
    assert found["bounce.userunknown"].severity is Severity.LOW
    assert "still retrying" in found["bounce.userunknown"].explanation
    assert found["bounce.userunknown"].title.startswith("Delivery delayed")


def test_no_bounce_no_findings_and_unreadable_words_still_say_so() -> None:
    assert run(None) == {}
    found = run(dsn("something odd happened"))
    assert list(found) == ["bounce.onhold"]
    assert "too little to decide" in found["bounce.onhold"].explanation


def test_an_autoreply_is_information_not_a_failure() -> None:
    bounce = Bounce(
        kind=BounceKind.AUTOREPLY,
        recipients=(autoreply_recipient("away@example.com", "Automatic reply: hi"),),
    )
    f = run(bounce)["bounce.vacation"]
    assert f.severity is Severity.INFO
    assert "delivered" in f.title


def test_an_unsubscribe_request_is_about_the_address() -> None:
    bounce = Bounce(kind=BounceKind.UNSUBSCRIBE, feedback_type=FeedbackType.UNSUBSCRIBE)
    f = run(bounce)["bounce.unsubscribe_request"]
    assert "Apple Mail" in f.explanation
    assert f.severity is Severity.MEDIUM


def test_arf_complaint() -> None:
    bounce = Bounce(
        kind=BounceKind.ARF,
        feedback_type=FeedbackType.ABUSE,
        fields=(("Feedback-Type", "abuse"), ("User-Agent", "ExampleFBL/1.0")),
    )
    f = run(bounce)["bounce.arf_complaint"]
    assert "report spam" in f.explanation
    assert "ExampleFBL/1.0" in f.explanation
    assert "Feedback-Type: abuse" in f.evidence


def test_failed_action_with_4xx_status_is_not_softened() -> None:
    found = run(dsn("452 4.2.2 Mailbox full", status="4.2.2", action=DsnAction.FAILED))
    assert "still retrying" not in found["bounce.mailboxfull"].explanation


def test_arf_auth_failure_report_is_not_called_a_spam_complaint() -> None:
    bounce = Bounce(
        kind=BounceKind.ARF,
        feedback_type=FeedbackType.AUTH_FAILURE,
        fields=(("Feedback-Type", "x"),),
    )
    f = run(bounce)["bounce.arf_complaint"]
    assert "authentication failure" in f.title
    assert "report spam" not in f.explanation
