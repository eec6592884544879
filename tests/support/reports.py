"""Hand-built Report values for tests of the writers (no parsing, no network)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from inspector.diagnosis import summarize_findings
from inspector.model.auth import AuthSummary, DkimResult, DmarcResult, SpfResult
from inspector.model.bounces import (
    Bounce,
    BounceParty,
    BounceReason,
    BounceRecipient,
    DsnAction,
    SmtpCommand,
)
from inspector.model.codes import (
    AuthStatus,
    BounceKind,
    Category,
    DmarcPolicy,
    DnsStatus,
    IpScope,
    Severity,
)
from inspector.model.dns import DnsQuery
from inspector.model.findings import Finding
from inspector.model.message import Header, MessageSummary, SourceRef
from inspector.model.report import Report
from inspector.model.route import Hop, Route
from inspector.model.verdicts import Verdict, VerdictField

HOSTILE_SUBJECT = "<script>alert('x')</script> <b>Bold</b> %PDF-1.7 endobj & \"q\""


def sample_report(
    subject: str = "Quarterly invoice", *, to: str = "alice@client.example"
) -> Report:
    when = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    finding = Finding(
        id="dmarc.fail_reject",
        severity=Severity.CRITICAL,
        category=Category.AUTHENTICATION,
        title="DMARC failed under p=reject",
        explanation="Neither SPF nor DKIM passed for a domain aligned with From.",
        evidence=("_dmarc.sender.example TXT v=DMARC1; p=reject",),
        remedy="Sign with DKIM for sender.example.",
        references=("RFC 7489 section 6.6.2",),
    )
    minor = Finding(
        id="headers.missing_message_id",
        severity=Severity.LOW,
        category=Category.HYGIENE,
        title="No Message-ID header",
        explanation="Receivers expect one.",
        remedy="Let the sending server add a Message-ID.",
    )
    hops = (
        Hop(
            0,
            "from a by b",
            helo="mail.sender.example",
            ip="203.0.113.7",
            by="mx.client.example",
            protocol="ESMTPS",
            tls="TLSv1.3",
            timestamp=when,
            boundary=True,
            ip_scope=IpScope.DOCUMENTATION,
        ),
        Hop(
            1,
            "from b by c",
            helo="mx.client.example",
            ip="10.0.0.2",
            by="store.client.example",
            protocol="LMTP",
            timestamp=when,
            delay_seconds=-30.0,
            clock_skew=True,
            internal=True,
        ),
    )
    return Report(
        source=SourceRef("/tmp/sample.eml", 0),
        message=MessageSummary(
            subject, "Sender <bob@sender.example>", to, when, "<id@sender.example>"
        ),
        headers=(
            Header("From", "Sender <bob@sender.example>", b"From: Sender <bob@sender.example>", 0),
            Header("To", to, f"To: {to}".encode(), 1),
            Header("Subject", subject, f"Subject: {subject}".encode(), 2),
            Header("Delivered-To", to, f"Delivered-To: {to}".encode(), 3),
        ),
        hops=hops,
        route=Route(30.0, 0, "203.0.113.7", "mail.sender.example", when),
        auth=AuthSummary(
            dkim=(
                DkimResult(
                    AuthStatus.FAIL,
                    "body hash mismatch",
                    domain="sender.example",
                    selector="s1",
                    algorithm="rsa-sha256",
                    key_bits=2048,
                ),
            ),
            spf=SpfResult(
                AuthStatus.SOFTFAIL,
                "~all matched",
                client_ip="203.0.113.7",
                domain="sender.example",
                record="v=spf1 ~all",
                lookups=1,
            ),
            dmarc=DmarcResult(
                AuthStatus.FAIL,
                "no aligned pass",
                from_domain="sender.example",
                policy=DmarcPolicy.REJECT,
            ),
        ),
        verdicts=(
            Verdict(
                "Microsoft Exchange Online Protection",
                "X-Forefront-Antispam-Report",
                (VerdictField("SCL", "5", "spam"),),
                "Filtered as spam, SCL 5",
                1,
            ),
        ),
        bounce=Bounce(
            BounceKind.DSN,
            (
                BounceRecipient(
                    to,
                    action=DsnAction.FAILED,
                    status="5.7.26",
                    status_field="5.7.26",
                    diagnostic="550 5.7.26 unauthenticated",
                    reason=BounceReason.AUTHFAILURE,
                    hard=False,
                    party=BounceParty.SENDER,
                    matched="unauthenticated",
                    command=SmtpCommand.DATA,
                    remote_mta="mx.client.example",
                    reply_code="550",
                    explanation="the receiver required SPF, DKIM or DMARC to pass and they did not",
                ),
            ),
        ),
        findings=(finding, minor),
        # the minor finding scores but is left out of the reasons, so "other findings" shows
        summary=replace(summarize_findings((finding, minor)), top_reasons=(finding.id,)),
        dns=(
            DnsQuery(
                "_dmarc.sender.example",
                "TXT",
                DnsStatus.ANSWER,
                ("v=DMARC1; p=reject",),
                "127.0.0.1:53",
                when,
                3.2,
            ),
        ),
        analyzed_at=when,
        tool_version="test",
    )
