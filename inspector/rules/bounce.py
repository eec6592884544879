"""Findings for bounces, feedback reports and automatic replies: one finding per reason the
recipients fall into (Sisimai's vocabulary, ``bounce.<reason>``), one for a complaint or an
unsubscribe request, each saying whose problem it is, whether the address must go, and the
fix.

Severity follows what the sender has to do: a refusal of the sender (block list,
authentication, spam) is the most urgent, a bad address matters for list hygiene, a full
mailbox or the receiver's own trouble hardly at all, and a delivered notice or an automatic
reply is information. The bounce was decoded and classified by ``inspector.bounces``; these
rules only read it.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.bounces.provider_phrases import name_blocklists
from inspector.bounces.vocabulary import explain_reason
from inspector.model.bounces import (
    BounceParty,
    BounceReason,
    BounceRecipient,
    DsnAction,
    FeedbackType,
)
from inspector.model.codes import BounceKind, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import FindingSpec, rule, spec

R = BounceReason

_DSN = "RFC 3464 (delivery status notifications)"
_CODES = "RFC 3463 (enhanced status codes)"
_REPLY = "RFC 5321 section 4.2 (reply codes)"
_SISIMAI = "https://libsisimai.org/en/reason/ (Sisimai's bounce reasons)"
_GMAIL_ERR = "https://support.google.com/a/answer/3726730 (Gmail SMTP errors)"
_GOOGLE = "https://support.google.com/a/answer/81126 (Google email sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/smtp-error-codes/ (Yahoo SMTP error codes)"
_OUTLOOK = "https://sendersupport.olc.protection.outlook.com/pm/ (Outlook.com postmaster)"

#: Finding id and severity of each reason (feedback has its own findings below).
_BY_REASON: dict[BounceReason, tuple[str, Severity]] = {
    R.AUTHFAILURE: ("bounce.authfailure", Severity.CRITICAL),
    R.BADREPUTATION: ("bounce.badreputation", Severity.HIGH),
    R.BLOCKED: ("bounce.blocked", Severity.CRITICAL),
    R.CONTENTERROR: ("bounce.contenterror", Severity.HIGH),
    R.DELIVERED: ("bounce.delivered", Severity.INFO),
    R.EXCEEDLIMIT: ("bounce.exceedlimit", Severity.MEDIUM),
    R.EXPIRED: ("bounce.expired", Severity.MEDIUM),
    R.FAILEDSTARTTLS: ("bounce.failedstarttls", Severity.HIGH),
    R.FILTERED: ("bounce.filtered", Severity.MEDIUM),
    R.HASMOVED: ("bounce.hasmoved", Severity.MEDIUM),
    R.HOSTUNKNOWN: ("bounce.hostunknown", Severity.MEDIUM),
    R.MAILBOXFULL: ("bounce.mailboxfull", Severity.LOW),
    R.MAILERERROR: ("bounce.mailererror", Severity.LOW),
    R.MESGTOOBIG: ("bounce.mesgtoobig", Severity.MEDIUM),
    R.NETWORKERROR: ("bounce.networkerror", Severity.MEDIUM),
    R.NORELAYING: ("bounce.norelaying", Severity.HIGH),
    R.NOTACCEPT: ("bounce.notaccept", Severity.MEDIUM),
    R.NOTCOMPLIANTRFC: ("bounce.notcompliantrfc", Severity.HIGH),
    R.ONHOLD: ("bounce.onhold", Severity.MEDIUM),
    R.POLICYVIOLATION: ("bounce.policyviolation", Severity.HIGH),
    R.REJECTED: ("bounce.rejected", Severity.HIGH),
    R.REQUIREPTR: ("bounce.requireptr", Severity.HIGH),
    R.SECURITYERROR: ("bounce.securityerror", Severity.HIGH),
    R.SPAMDETECTED: ("bounce.spamdetected", Severity.HIGH),
    R.SPEEDING: ("bounce.speeding", Severity.MEDIUM),
    R.SUPPRESSED: ("bounce.suppressed", Severity.MEDIUM),
    R.SUSPEND: ("bounce.suspend", Severity.MEDIUM),
    R.SYNTAXERROR: ("bounce.syntaxerror", Severity.MEDIUM),
    R.SYSTEMERROR: ("bounce.systemerror", Severity.LOW),
    R.SYSTEMFULL: ("bounce.systemfull", Severity.LOW),
    R.TOOMANYCONN: ("bounce.toomanyconn", Severity.MEDIUM),
    R.UNDEFINED: ("bounce.undefined", Severity.MEDIUM),
    R.USERUNKNOWN: ("bounce.userunknown", Severity.MEDIUM),
    R.VACATION: ("bounce.vacation", Severity.INFO),
    R.VIRUSDETECTED: ("bounce.virusdetected", Severity.HIGH),
}
_EXTRA_REFERENCES: dict[BounceParty, tuple[str, ...]] = {
    BounceParty.SENDER: (_GMAIL_ERR, _GOOGLE, _OUTLOOK, _YAHOO),
    BounceParty.TRANSIENT: (_REPLY, "RFC 5321 section 4.5.4 (retry strategies)"),
    BounceParty.ADDRESS: ("M3AAWG Sender Best Common Practices",),
}
_TITLES: dict[BounceReason, str] = {
    R.DELIVERED: "A delivery notice: the message was delivered",
    R.VACATION: "An automatic reply (RFC 3834): the message was delivered",
    R.UNDEFINED: "A bounce whose reason could not be read",
}


def _spec(reason: BounceReason) -> FindingSpec:
    info = explain_reason(reason)
    title = _TITLES.get(reason) or info.summary[0].upper() + info.summary[1:]
    references = (_DSN, _CODES, _SISIMAI, *_EXTRA_REFERENCES.get(info.party, ()))
    if reason is R.VACATION:
        references = ("RFC 3834 (automatic responses)",)
    finding_id, severity = _BY_REASON[reason]
    return spec(
        finding_id,
        severity,
        Category.BOUNCE,
        title,
        info.fix[0].upper() + info.fix[1:] + ".",
        references,
    )


SPECS: dict[BounceReason, FindingSpec] = {r: _spec(r) for r in _BY_REASON}

COMPLAINT = spec(
    "bounce.arf_complaint",
    Severity.HIGH,
    Category.BOUNCE,
    "A recipient reported the message as spam (feedback loop report)",
    "Unsubscribe the complaining recipient at once, and review how they were added to the "
    "list; keep complaint rates under 0.1% (Gmail and Yahoo require under 0.3%).",
    ("RFC 5965 (Abuse Reporting Format)", "RFC 6449 (feedback loops)", _GOOGLE, _YAHOO),
)
UNSUBSCRIBE = spec(
    "bounce.unsubscribe_request",
    Severity.MEDIUM,
    Category.BOUNCE,
    "A recipient asked to be unsubscribed",
    "Remove the address from the list within two days (Gmail and Yahoo require it) and keep "
    "a one-click List-Unsubscribe header so people unsubscribe instead of reporting spam.",
    ("RFC 8058 (one-click unsubscribe)", "RFC 5965 (Abuse Reporting Format)", _GOOGLE, _YAHOO),
)

_PARTY_WORDS = {
    BounceParty.ADDRESS: "the recipient address (its mailbox or domain), not the sender",
    BounceParty.SENDER: "the sender: its setup, reputation, content or sending pattern",
    BounceParty.RECEIVER: "the receiving system's own trouble",
    BounceParty.TRANSIENT: "a passing condition; the sending server retries",
    BounceParty.NONE: "nobody: nothing failed, or nothing to go on",
}


def _line(r: BounceRecipient) -> str:
    parts = [r.address or "(recipient not given)"]
    if r.action:
        parts.append(f"Action: {r.action}")
    if r.status:
        parts.append(f"Status: {r.status}")
    elif r.pseudo_status:
        parts.append(f"no status code given (Sisimai's stand-in: {r.pseudo_status})")
    if r.command:
        parts.append(f"answering: {r.command.value}")
    if r.remote_mta:
        parts.append(f"remote server: {r.remote_mta}")
    if r.diagnostic:
        parts.append(f"Diagnostic: {r.diagnostic[:300]}")
    if r.matched:
        parts.append(f"decided by: {r.matched[:120]}")
    return "; ".join(parts)


def _delayed(r: BounceRecipient) -> bool:
    """Still being retried: Action says delayed, or no Action and a 4.x.x status."""
    if r.action:
        return r.action is DsnAction.DELAYED
    return (r.status or "").startswith("4")


@rule
def reasons(ctx: AnalysisContext) -> Iterator[Finding]:
    bounce = ctx.bounce
    if bounce is None or bounce.kind in (BounceKind.ARF, BounceKind.UNSUBSCRIBE):
        return
    if not bounce.recipients:
        yield SPECS[R.UNDEFINED](
            bounce.unclassified or "The report names no recipient, so no reason can be read.",
            [f"Kind: {bounce.kind.value}", f"Reporting MTA: {bounce.reporting_mta or '-'}"],
        )
        return
    groups: dict[BounceReason, list[BounceRecipient]] = {}
    for r in bounce.recipients:
        groups.setdefault(r.reason, []).append(r)
    for reason, recipients in groups.items():
        if reason is R.FEEDBACK:
            continue
        yield _reason_finding(reason, recipients, bounce.unclassified)


def _reason_finding(
    reason: BounceReason, recipients: list[BounceRecipient], unclassified: str
) -> Finding:
    made = SPECS[reason]
    first = recipients[0]
    who = ", ".join(r.address or "?" for r in recipients[:5])
    text = f"{first.explanation[:1].upper()}{first.explanation[1:]}." if first.explanation else ""
    if reason is R.UNDEFINED and unclassified:
        text = f"{text} {unclassified}"
    if reason in (R.BLOCKED, R.BADREPUTATION, R.SPAMDETECTED) and "list" not in text:
        # searched only where it is told: some forty patterns per diagnostic
        lists = sorted({n for r in recipients for n in name_blocklists(r.diagnostic)})
        if lists:
            text += f" The bounce names: {', '.join(lists)}."
    text += f" Recipients: {who}. Whose problem: {_PARTY_WORDS[first.party]}."
    hard = [r for r in recipients if r.hard]
    if hard:
        text += " Hard bounce: remove the address from the list."
    severity = None
    title = None
    if all(_delayed(r) for r in recipients) and reason not in (R.DELIVERED, R.VACATION):
        text += " Not failed yet: the sending server is still retrying."
        title = f"Delivery delayed, still retrying: {made.title[0].lower()}{made.title[1:]}"
        if reason is not R.SPEEDING:
            severity = Severity.LOW
    return made(text.strip(), [_line(r) for r in recipients[:10]], severity=severity, title=title)


#: Complaints that weigh most: spam reports, fraud and malware.
_SERIOUS_FEEDBACK = (FeedbackType.ABUSE, FeedbackType.FRAUD, FeedbackType.VIRUS)


@rule
def complaint(ctx: AnalysisContext) -> Iterator[Finding]:
    bounce = ctx.bounce
    if bounce is None or (
        bounce.kind not in (BounceKind.ARF, BounceKind.UNSUBSCRIBE)
        and not any(r.reason is R.FEEDBACK for r in bounce.recipients)
    ):
        return
    kind = bounce.feedback_type or FeedbackType.ABUSE
    fields = dict((k.lower(), v) for k, v in bounce.fields)
    evidence = [f"{k}: {v}" for k, v in bounce.fields][:10]
    evidence += [f"Recipient: {r.address}" for r in bounce.recipients[:5] if r.address]
    agent = fields.get("user-agent")
    by = f", sent by {agent}" if agent else ""
    if kind.unsubscribe:
        how = (
            "Apple Mail's unsubscribe button sent this request"
            if bounce.kind is BounceKind.UNSUBSCRIBE
            else f"a feedback report of type '{kind}' asks to stop mailing the recipient{by}"
        )
        yield UNSUBSCRIBE(
            f"This is an unsubscribe request: {how}. It is about the address, not a complaint "
            "about the content.",
            evidence or [f"Feedback-Type: {kind}"],
        )
        return
    if kind is FeedbackType.AUTH_FAILURE:
        yield COMPLAINT(
            f"This is an authentication failure report (RFC 6591){by}: a receiver saw a "
            "message using this domain fail SPF, DKIM or DMARC and sent a copy of its headers. "
            "It is either a forgery of the domain or a legitimate sender that is not set up.",
            evidence or [f"Feedback-Type: {kind}"],
            title="A receiver reported an authentication failure (ARF auth-failure report)",
            severity=Severity.MEDIUM,
        )
        return
    if kind is FeedbackType.ABUSE:
        what = "a recipient pressed 'report spam' on a message from this sender"
    else:
        what = f"a report of type '{kind}' was filed about a message from this sender"
    yield COMPLAINT(
        f"This is a feedback loop report (RFC 5965): {what}{by}. Mailbox providers count "
        "these complaints against the sender's reputation.",
        evidence or [f"Feedback-Type: {kind}"],
        severity=Severity.HIGH if kind in _SERIOUS_FEEDBACK else Severity.MEDIUM,
    )
