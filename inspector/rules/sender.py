"""Who sent the message, said in plain words for the person who received it.

The facts (the platform decided from the trace, the kind of sender) come from
``inspector.intel``; this module only words them. Informational: how much the sender kind
should weigh is the score's business, and a recipient first needs to know whom to report to.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, SenderKind, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import FindingSpec, rule, spec

_REPORT_TO = (
    "To report abuse, write to the platform or provider named here (most have an abuse "
    "address or form); for a compromised mailbox, to the organisation that owns it."
)
_REFERENCES = ("docs/platforms.md (how the platform is decided)",)

#: One finding id per kind of sender, so the score can weigh each kind on its own (a
#: throwaway tenant and a platform's paying customer are not the same evidence).
WHO_SENT: dict[SenderKind, FindingSpec] = {
    kind: spec(fid, Severity.INFO, Category.IDENTITY, title, _REPORT_TO, _REFERENCES)
    for kind, fid, title in (
        (SenderKind.ESP, "sender.platform_customer", "Sent by a customer of an e-mail platform"),
        (
            SenderKind.ABUSED_PLATFORM,
            "sender.abused_platform",
            "Sent by abusing a legitimate platform",
        ),
        (SenderKind.MAILBOX_PROVIDER, "sender.mailbox_user", "Sent by a user of a mailbox service"),
        (
            SenderKind.COMPROMISED_MAILBOX,
            "sender.compromised_mailbox",
            "Sent from a mailbox that looks compromised",
        ),
        (
            SenderKind.THROWAWAY_TENANT,
            "sender.throwaway_tenant",
            "Sent from a throwaway Microsoft 365 tenant",
        ),
        (
            SenderKind.ORGANISATION_ACCOUNT,
            "sender.organisation_account",
            "Sent by a user of the sender organisation's own mail server",
        ),
        (SenderKind.SELF_HOSTED_VPS, "sender.own_server", "Sent from the sender's own server"),
        (SenderKind.LIST_POST, "sender.list_member", "Sent by a member of a mailing list"),
    )
}

_PLAIN = {
    SenderKind.ESP: "a company sending through the e-mail platform {p}",
    SenderKind.ABUSED_PLATFORM: "someone using an account on {p}, a legitimate platform, "
    "to send mail in another's name",
    SenderKind.MAILBOX_PROVIDER: "a user of {p}",
    SenderKind.COMPROMISED_MAILBOX: "a real mailbox someone else has got into",
    SenderKind.ORGANISATION_ACCOUNT: "someone logged in to the mail server of the sender's own "
    "company or internet provider",
    SenderKind.THROWAWAY_TENANT: "a Microsoft 365 account set up just to send mail like this",
    SenderKind.SELF_HOSTED_VPS: "a server the sender runs themselves, not a mail platform",
    SenderKind.LIST_POST: "a member of a mailing list, through the list",
}


@rule
def who_sent(ctx: AnalysisContext) -> Iterator[Finding]:
    fact = ctx.sender.sender_kind
    platform = ctx.sender.platform
    if fact is None or fact.kind is SenderKind.UNKNOWN:
        return
    name = platform.name if platform else "an unnamed provider"
    words = _PLAIN[fact.kind].format(p=name)
    how_sure = "fairly sure" if fact.confidence >= 0.7 else "a reading, not a certainty"
    yield WHO_SENT[fact.kind](
        f"This message most likely came from {words} ({how_sure}, confidence "
        f"{fact.confidence:.0%}). {fact.summary[:1].upper()}{fact.summary[1:]}.",
        [
            *(f"platform evidence: {e}" for e in (platform.evidence[:4] if platform else ())),
            *fact.evidence,
        ],
    )
