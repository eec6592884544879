"""Findings for bounces and feedback reports: one finding per reason class the failed
recipients fall into (blocked as spam, block-listed IP, authentication failure, rate limited,
unknown user, full mailbox, too large, policy, DNS, relaying, expiry) and one for an ARF
complaint, each with the plain meaning and the sender-side fix.

The bounce was decoded and classified by ``inspector.bounces.decode``; these rules only read it.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.bounces.reasons import name_blocklists
from inspector.model.bounces import BounceRecipient
from inspector.model.codes import BounceKind, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import FindingSpec, rule, spec

_DSN = "RFC 3464 (delivery status notifications)"
_CODES = "RFC 3463 (enhanced status codes)"
_REPLY = "RFC 5321 section 4.2 (reply codes)"
_GMAIL_ERR = "https://support.google.com/a/answer/3726730 (Gmail SMTP errors)"
_GOOGLE = "https://support.google.com/a/answer/81126 (Google email sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/smtp-error-codes/ (Yahoo SMTP error codes)"
_MS_NDR = (
    "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/"
    "non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online"
)
_OUTLOOK = "https://sendersupport.olc.protection.outlook.com/pm/ (Outlook.com postmaster)"

BLOCKED_SPAM = spec(
    "bounce.blocked_spam",
    Severity.HIGH,
    Category.BOUNCE,
    "The receiver rejected the message as spam",
    "Check the sending IP and domain reputation (Google Postmaster Tools, Microsoft SNDS), "
    "make SPF, DKIM and DMARC pass aligned, send only to people who opted in, and remove "
    "content the receiver names. Slow down and send to engaged recipients while it recovers.",
    (_DSN, _CODES, _GMAIL_ERR, _OUTLOOK, _YAHOO),
)
BLOCKLISTED = spec(
    "bounce.blocklisted",
    Severity.CRITICAL,
    Category.BOUNCE,
    "The receiver rejected the message because the sending IP is on a block list",
    "Look the IP up on the list the bounce names, fix the cause (compromised account, open "
    "relay, purchased list, missing reverse DNS), then request delisting through that list's "
    "own form; until then, send through a server that is not listed.",
    (_DSN, _CODES, "https://check.spamhaus.org/ (Spamhaus lookup)", _OUTLOOK),
)
AUTH_FAILURE = spec(
    "bounce.auth_failure",
    Severity.CRITICAL,
    Category.BOUNCE,
    "The receiver rejected the message because it was not authenticated",
    "Publish SPF that lists every sending service, sign with DKIM for your own From domain, "
    "and publish DMARC; at least one of SPF or DKIM must pass aligned with the From domain. "
    "Gmail's 5.7.26 and 5.7.27 and Yahoo's authentication errors go away once it does.",
    (_DSN, "RFC 7372 (authentication status codes)", _GMAIL_ERR, _GOOGLE, _YAHOO),
)
RATE_LIMITED = spec(
    "bounce.rate_limited",
    Severity.MEDIUM,
    Category.BOUNCE,
    "The receiver slowed the sender down (rate limit, greylisting or deferral)",
    "Retry later with fewer connections and messages per hour; warm up new IPs gradually, and "
    "treat repeated deferrals (Yahoo TSS04, Gmail 4.7.28) as a complaint or volume signal.",
    (_DSN, _REPLY, _YAHOO, _GMAIL_ERR),
)
UNKNOWN_USER = spec(
    "bounce.unknown_user",
    Severity.MEDIUM,
    Category.BOUNCE,
    "The recipient address does not exist",
    "Remove the address from the list now: repeated mail to unknown users tells receivers the "
    "list is not maintained. Use confirmed opt-in and prune addresses that bounce.",
    (_DSN, _CODES, "M3AAWG Sender Best Common Practices"),
)
MAILBOX_FULL = spec(
    "bounce.mailbox_full",
    Severity.LOW,
    Category.BOUNCE,
    "The recipient's mailbox is full",
    "Retry later; if the mailbox stays full over several sends, the account is probably "
    "abandoned: suppress it.",
    (_DSN, _CODES),
)
TOO_LARGE = spec(
    "bounce.too_large",
    Severity.MEDIUM,
    Category.BOUNCE,
    "The message was larger than the receiver accepts",
    "Send large files as links instead of attachments and keep messages well under 10 MB "
    "(base64 attachments grow by a third in transit).",
    (_DSN, _CODES, "RFC 1870 (SIZE extension)"),
)
POLICY = spec(
    "bounce.policy",
    Severity.HIGH,
    Category.BOUNCE,
    "The receiver refused the message by local policy",
    "Read the server's text for the policy it names (and any help link), then contact the "
    "receiving domain's postmaster if the policy should not apply to you.",
    (_DSN, _CODES, _MS_NDR),
)
DNS_FAILURE = spec(
    "bounce.dns_failure",
    Severity.MEDIUM,
    Category.BOUNCE,
    "The recipient's domain could not be found or has no mail server",
    "Check the address for typos in the domain; if the domain is gone, remove the address.",
    (_DSN, _CODES, "RFC 5321 section 5 (address resolution)"),
)
RELAY_DENIED = spec(
    "bounce.relay_denied",
    Severity.HIGH,
    Category.BOUNCE,
    "A server refused to relay the message",
    "Send through your own authenticated submission server, or make sure the receiving server "
    "really hosts the recipient's domain (its MX records point there).",
    (_DSN, _CODES, "RFC 5321 section 3.6 (relaying)"),
)
EXPIRED = spec(
    "bounce.expired",
    Severity.MEDIUM,
    Category.BOUNCE,
    "The sending server gave up after retrying for too long",
    "Look at why earlier attempts were deferred (rate limits, unreachable servers); the "
    "recipient's server never accepted the message.",
    (_DSN, _CODES, "RFC 5321 section 4.5.4 (retry strategies)"),
)
COMPLAINT = spec(
    "bounce.arf_complaint",
    Severity.HIGH,
    Category.BOUNCE,
    "A recipient reported the message as spam (feedback loop report)",
    "Unsubscribe the complaining recipient at once, and review how they were added to the "
    "list; keep complaint rates under 0.1% (Gmail and Yahoo require under 0.3%).",
    ("RFC 5965 (Abuse Reporting Format)", "RFC 6449 (feedback loops)", _GOOGLE, _YAHOO),
)

_BY_REASON: dict[str, tuple[FindingSpec, str]] = {
    "blocked_spam": (
        BLOCKED_SPAM,
        "The receiving server refused the message because it judged the message or its "
        "sender to be spam.",
    ),
    "blocked_blocklist": (
        BLOCKLISTED,
        "The receiving server refused the message because the sending server's IP address "
        "(or a domain in the message) is on a block list it uses.",
    ),
    "auth_failure": (
        AUTH_FAILURE,
        "The receiving server requires mail to prove where it comes from (SPF, DKIM, DMARC) "
        "and this message did not.",
    ),
    "rate_limited": (
        RATE_LIMITED,
        "The receiving server did not refuse the message for good: it asked the sender to "
        "slow down or come back later.",
    ),
    "unknown_user": (
        UNKNOWN_USER,
        "The receiving server says there is no such mailbox, or the account is closed.",
    ),
    "mailbox_full": (MAILBOX_FULL, "The recipient's mailbox has no room left."),
    "too_large": (TOO_LARGE, "The message is bigger than the receiving server accepts."),
    "policy": (
        POLICY,
        "The receiving server refused the message because of a rule of its own.",
    ),
    "dns_failure": (
        DNS_FAILURE,
        "The recipient's domain does not exist in DNS or names no mail server.",
    ),
    "relay_denied": (
        RELAY_DENIED,
        "The server the message reached does not accept mail for that domain from this "
        "sender (it will not pass it on).",
    ),
    "expired": (
        EXPIRED,
        "The sending server kept trying and gave up before the receiver accepted it.",
    ),
}


def _line(r: BounceRecipient) -> str:
    parts = [r.address or "(recipient not given)"]
    if r.action:
        parts.append(f"Action: {r.action}")
    if r.status:
        parts.append(f"Status: {r.status}")
    if r.diagnostic:
        parts.append(f"Diagnostic: {r.diagnostic[:300]}")
    return "; ".join(parts)


def _temporary(r: BounceRecipient) -> bool:
    """Still being retried: Action says delayed, or no Action and a 4.x.x status."""
    if r.action:
        return r.action == "delayed"
    return (r.status or "").startswith("4")


@rule
def reasons(ctx: AnalysisContext) -> Iterator[Finding]:
    bounce = ctx.bounce
    if bounce is None or bounce.kind is BounceKind.ARF:
        return
    groups: dict[str, list[BounceRecipient]] = {}
    for r in bounce.recipients:
        groups.setdefault(r.reason, []).append(r)
    for reason, (made, lead) in _BY_REASON.items():
        recipients = groups.get(reason)
        if not recipients:
            continue
        first = recipients[0]
        detail = first.explanation or ""
        who = ", ".join(r.address or "?" for r in recipients[:5])
        extra = ""
        if reason == "blocked_blocklist":
            lists = sorted({n for r in recipients for n in name_blocklists(r.diagnostic)})
            if lists:
                extra = f" The bounce names: {', '.join(lists)}."
        temporary = all(_temporary(r) for r in recipients)
        text = f"{lead}{extra} Affected: {who}. In detail: {detail}."
        if temporary and reason != "rate_limited":
            text += " The failure is temporary so far; the sender's server is still retrying."
        yield made(
            text,
            [_line(r) for r in recipients[:10]],
            severity=Severity.LOW if temporary and reason != "rate_limited" else None,
        )


@rule
def complaint(ctx: AnalysisContext) -> Iterator[Finding]:
    bounce = ctx.bounce
    if bounce is None or bounce.kind is not BounceKind.ARF:
        return
    kind = bounce.feedback_type or "abuse"
    fields = dict((k.lower(), v) for k, v in bounce.fields)
    evidence = [f"{k}: {v}" for k, v in bounce.fields][:10]
    agent = fields.get("user-agent")
    by = f", sent by {agent}" if agent else ""
    if kind == "auth-failure":
        yield COMPLAINT(
            f"This is an authentication failure report (RFC 6591){by}: a receiver saw a "
            "message using this domain fail SPF, DKIM or DMARC and sent a copy of its headers. "
            "It is either a forgery of the domain or a legitimate sender that is not set up.",
            evidence or [f"Feedback-Type: {kind}"],
            title="A receiver reported an authentication failure (ARF auth-failure report)",
            severity=Severity.MEDIUM,
        )
        return
    if kind == "abuse":
        what = "a recipient pressed 'report spam' on a message from this sender"
    else:
        what = f"a report of type '{kind}' was filed about a message from this sender"
    yield COMPLAINT(
        f"This is a feedback loop report (RFC 5965): {what}{by}. Mailbox providers count "
        "these complaints against the sender's reputation.",
        evidence or [f"Feedback-Type: {kind}"],
        severity=Severity.HIGH if kind in ("abuse", "fraud", "virus") else Severity.MEDIUM,
    )
