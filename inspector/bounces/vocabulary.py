"""What each bounce reason means for a sender: the plain explanation, whose problem it is
(the address, the sender, the receiver, or a passing condition), whether it is usually a
hard bounce, and the fix.

Kept apart from the classifier because reports, rules and the mailbox view read it for
reasons decided long before (a stored report, a pseudo status read back).
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.bounces import BounceParty, BounceReason


@dataclass(frozen=True)
class ReasonInfo:
    """What a reason means for the sender: who is at fault and what to do."""

    reason: BounceReason
    summary: str
    party: BounceParty
    hard: bool | None  # the usual answer; classify() refines it from the codes
    fix: str


R = BounceReason

# --------------------------------------------------------------------------- reason table

_INFO: dict[BounceReason, tuple[str, BounceParty, bool | None, str]] = {
    R.AUTHFAILURE: (
        "the receiver required SPF, DKIM or DMARC to pass and they did not",
        BounceParty.SENDER,
        False,
        "publish SPF for the envelope domain, sign with DKIM, align both with the From "
        "domain and check the DMARC record",
    ),
    R.BADREPUTATION: (
        "the receiver refused mail because of the sending IP's or domain's reputation",
        BounceParty.SENDER,
        False,
        "slow down, send only to engaged recipients who opted in, and watch the receiver's "
        "postmaster tools until the reputation recovers",
    ),
    R.BLOCKED: (
        "the receiver refused the sending IP or host (a block list, its own block, or the "
        "connecting host's identity)",
        BounceParty.SENDER,
        False,
        "look the sending IP up on the named block list and request delisting after fixing "
        "the cause; check that the HELO name and reverse DNS are sane",
    ),
    R.CONTENTERROR: (
        "the message's header or MIME structure was refused as malformed",
        BounceParty.SENDER,
        False,
        "fix the message encoding: 8-bit or non-ASCII headers, oversized headers, broken MIME",
    ),
    R.DELIVERED: (
        "the message was delivered; this is a success notice, not a failure",
        BounceParty.NONE,
        False,
        "nothing to fix",
    ),
    R.EXCEEDLIMIT: (
        "the message is larger than this recipient's mailbox accepts (a per-mailbox limit)",
        BounceParty.SENDER,
        False,
        "send a smaller message: link to large files instead of attaching them",
    ),
    R.EXPIRED: (
        "the sending server retried until the message's time in the queue ran out",
        BounceParty.TRANSIENT,
        False,
        "read the last error the server met (connection, DNS, deferral) and fix that; "
        "retries will not help until then",
    ),
    R.FAILEDSTARTTLS: (
        "the connection failed over TLS: the receiver required STARTTLS or the handshake failed",
        BounceParty.SENDER,
        False,
        "enable STARTTLS with a current TLS version, a valid certificate and common ciphers",
    ),
    R.FEEDBACK: (
        "the recipient or their provider reported the message (a complaint or feedback "
        "report, not a bounce)",
        BounceParty.SENDER,
        False,
        "stop mailing the complainant at once and review consent and frequency for the list",
    ),
    R.FILTERED: (
        "the recipient's system refused the message after accepting the address: a "
        "recipient-side filter or setting",
        BounceParty.ADDRESS,
        False,
        "the recipient has to allow your sender address or domain; do not retry blindly",
    ),
    R.HASMOVED: (
        "the address has moved and mail is no longer accepted for it",
        BounceParty.ADDRESS,
        True,
        "remove the address; ask the recipient for the new one",
    ),
    R.HOSTUNKNOWN: (
        "the recipient's domain does not exist or has no mail server",
        BounceParty.ADDRESS,
        True,
        "remove the address or correct the domain's spelling",
    ),
    R.MAILBOXFULL: (
        "the recipient's mailbox is full",
        BounceParty.ADDRESS,
        False,
        "retry later; remove the address if it stays full for weeks (it is likely abandoned)",
    ),
    R.MAILERERROR: (
        "a local delivery program on the receiving side failed",
        BounceParty.RECEIVER,
        False,
        "nothing on the sending side; the receiver's administrator has to fix it",
    ),
    R.MESGTOOBIG: (
        "the message is larger than the receiving system accepts",
        BounceParty.SENDER,
        False,
        "send a smaller message: compress images, link to large files",
    ),
    R.NETWORKERROR: (
        "a DNS lookup, route or loop stopped delivery on the way",
        BounceParty.TRANSIENT,
        False,
        "check the recipient domain's DNS and MX; for a loop, check forwarding rules",
    ),
    R.NORELAYING: (
        "the server refused to relay: it is not the recipient domain's mail server or does "
        "not know the sender",
        BounceParty.SENDER,
        False,
        "send through your own authenticated submission server; check the recipient's MX",
    ),
    R.NOTACCEPT: (
        "the recipient's domain accepts no mail at all (null MX, or no service)",
        BounceParty.ADDRESS,
        True,
        "remove the address: the domain says it never receives mail",
    ),
    R.NOTCOMPLIANTRFC: (
        "the message does not follow RFC 5322 (duplicate or missing header fields, several "
        "From addresses)",
        BounceParty.SENDER,
        False,
        "fix the message builder: one From address, one of each unique header, valid dates",
    ),
    R.ONHOLD: (
        "the bounce gave too little to decide the reason",
        BounceParty.NONE,
        None,
        "read the server's text by hand",
    ),
    R.POLICYVIOLATION: (
        "the receiver refused the message by its own policy",
        BounceParty.SENDER,
        False,
        "read the named policy (provider help page or code) and change what it objects to",
    ),
    R.REJECTED: (
        "the receiver refused the envelope sender (MAIL FROM) address or domain",
        BounceParty.SENDER,
        False,
        "use a return-path domain that resolves, accepts bounces and is allowed to send; "
        "for mailing lists, post as a member",
    ),
    R.REQUIREPTR: (
        "the sending IP has no reverse DNS (PTR) name, or it does not match the forward name",
        BounceParty.SENDER,
        False,
        "ask the IP's owner to set a PTR name that resolves back to the same IP",
    ),
    R.SECURITYERROR: (
        "the receiver refused for a security reason (authentication required, credentials, "
        "encryption)",
        BounceParty.SENDER,
        False,
        "authenticate to the server and use the security it requires",
    ),
    R.SPAMDETECTED: (
        "the receiver's filter judged the message to be spam",
        BounceParty.SENDER,
        False,
        "review content, links and list consent; send only mail recipients asked for",
    ),
    R.SPEEDING: (
        "the receiver throttled the sender for sending too fast or too much",
        BounceParty.TRANSIENT,
        False,
        "send more slowly and spread volume over time; the server retries deferred mail",
    ),
    R.SUPPRESSED: (
        "the sending platform did not send: the address is on its suppression list",
        BounceParty.SENDER,
        False,
        "the address bounced or complained before; remove it unless it was fixed",
    ),
    R.SUSPEND: (
        "the recipient's account is disabled, suspended or inactive",
        BounceParty.ADDRESS,
        False,
        "stop mailing it for now; remove it if it stays inactive",
    ),
    R.SYNTAXERROR: (
        "the receiver did not understand an SMTP command the sender issued",
        BounceParty.SENDER,
        False,
        "fix the sending software's SMTP dialogue",
    ),
    R.SYSTEMERROR: (
        "the receiving system failed for a reason of its own",
        BounceParty.RECEIVER,
        False,
        "retry later; tell the receiver's postmaster if it persists",
    ),
    R.SYSTEMFULL: (
        "the receiving system is out of storage or resources",
        BounceParty.RECEIVER,
        False,
        "retry later; this is the receiver's problem",
    ),
    R.TOOMANYCONN: (
        "the receiver refused because of too many connections or recipients at once",
        BounceParty.TRANSIENT,
        False,
        "open fewer parallel connections and send fewer recipients per message",
    ),
    R.UNDEFINED: (
        "no reason could be read from the bounce",
        BounceParty.NONE,
        None,
        "read the bounce by hand",
    ),
    R.USERUNKNOWN: (
        "the recipient address does not exist",
        BounceParty.ADDRESS,
        True,
        "remove the address from the list now; check for typos where it was collected",
    ),
    R.VACATION: (
        "an automatic reply (out of office, vacation); the message was delivered",
        BounceParty.NONE,
        False,
        "nothing to fix; do not treat it as a bounce",
    ),
    R.VIRUSDETECTED: (
        "the receiver's scanner found malware or a malicious signature in the message",
        BounceParty.SENDER,
        False,
        "scan the attachment and links; check the sending system for compromise",
    ),
}


def explain_reason(reason: BounceReason) -> ReasonInfo:
    """What a reason means, whose problem it is, whether it is usually hard, and the fix."""
    summary, party, hard, fix = _INFO[reason]
    return ReasonInfo(reason, summary, party, hard, fix)


#: Reasons where the address itself is wrong: never temporary, always a hard bounce.
ADDRESS_IS_WRONG = frozenset({R.USERUNKNOWN, R.HOSTUNKNOWN, R.HASMOVED})


def is_hard(reason: BounceReason, temporary: bool = False) -> bool | None:
    """Hard bounce: the address itself will not work again. Unknown users, unknown hosts and
    moved mailboxes always; "accepts no mail" unless the refusal was temporary. Everything
    else is soft; None when the reason is not known."""
    if reason in (R.UNDEFINED, R.ONHOLD):
        return None
    if reason in ADDRESS_IS_WRONG:
        return True
    return reason is R.NOTACCEPT and not temporary
