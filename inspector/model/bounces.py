"""Bounces and feedback: per-recipient status, reason and remote server.

The reason names are Sisimai's (libsisimai.org/en/reason), unchanged, so results can be
compared with the reference classifier many senders already use and read by people who know
its vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inspector.model.codes import BounceKind
from inspector.model.message import Header


class BounceReason(StrEnum):
    """Why one recipient's delivery failed (or what the report says happened instead)."""

    AUTHFAILURE = "authfailure"
    BADREPUTATION = "badreputation"
    BLOCKED = "blocked"
    CONTENTERROR = "contenterror"
    DELIVERED = "delivered"
    EXCEEDLIMIT = "exceedlimit"
    EXPIRED = "expired"
    FAILEDSTARTTLS = "failedstarttls"
    FEEDBACK = "feedback"
    FILTERED = "filtered"
    HASMOVED = "hasmoved"
    HOSTUNKNOWN = "hostunknown"
    MAILBOXFULL = "mailboxfull"
    MAILERERROR = "mailererror"
    MESGTOOBIG = "mesgtoobig"
    NETWORKERROR = "networkerror"
    NORELAYING = "norelaying"
    NOTACCEPT = "notaccept"
    NOTCOMPLIANTRFC = "notcompliantrfc"
    ONHOLD = "onhold"
    POLICYVIOLATION = "policyviolation"
    REJECTED = "rejected"
    REQUIREPTR = "requireptr"
    SECURITYERROR = "securityerror"
    SPAMDETECTED = "spamdetected"
    SPEEDING = "speeding"
    SUPPRESSED = "suppressed"
    SUSPEND = "suspend"
    SYNTAXERROR = "syntaxerror"
    SYSTEMERROR = "systemerror"
    SYSTEMFULL = "systemfull"
    TOOMANYCONN = "toomanyconn"
    UNDEFINED = "undefined"
    USERUNKNOWN = "userunknown"
    VACATION = "vacation"
    VIRUSDETECTED = "virusdetected"


class BounceParty(StrEnum):
    """Whose problem it is: what a sender has to do differs completely between them."""

    ADDRESS = "address"  # the recipient address (its mailbox or domain) is the problem
    SENDER = "sender"  # the sender's setup, reputation, content or sending pattern
    RECEIVER = "receiver"  # the receiving system's own trouble
    TRANSIENT = "transient"  # a passing condition: retried, or retry later
    NONE = "none"  # not a failure (delivered, auto-reply) or nothing to go on


class SmtpCommand(StrEnum):
    """The SMTP stage the remote server was answering: an "unknown user" reply to DATA is a
    filter, not a directory lookup, because RCPT had already accepted the address."""

    CONN = "CONN"
    HELO = "HELO"
    MAIL = "MAIL"
    RCPT = "RCPT"
    DATA = "DATA"


@dataclass(frozen=True)
class BounceRecipient:
    address: str | None
    action: str | None = None
    #: The code that best describes the failure, as a server wrote it: the Status field, or
    #: the remote's own code quoted in the diagnostic when it is more specific.
    status: str | None = None
    #: The DSN Status field exactly as the reporting server wrote it (code only).
    status_field: str | None = None
    #: Words after the Status code ("5.2.1 (mailbox disabled)"): sometimes the only words.
    status_comment: str | None = None
    #: Sisimai's stand-in code ("5.0.911") when no server wrote one; never shown as the
    #: server's status.
    pseudo_status: str | None = None
    diagnostic: str | None = None
    #: The Diagnostic-Code type (smtp, X-Postfix, X-Unix...): X-Unix means a local program.
    diagnostic_type: str | None = None
    reason: BounceReason = BounceReason.UNDEFINED
    #: Hard bounce: the address will not work again and must be removed; None when unknown.
    hard: bool | None = None
    party: BounceParty = BounceParty.NONE
    #: The phrase or code that decided the reason, as written.
    matched: str = ""
    command: SmtpCommand | None = None
    remote_mta: str | None = None
    reply_code: str | None = None
    explanation: str = ""


@dataclass(frozen=True)
class Bounce:
    """A decoded DSN, ARF feedback report, plain-text bounce, provider notice or auto-reply."""

    kind: BounceKind
    recipients: tuple[BounceRecipient, ...] = ()
    reporting_mta: str | None = None
    feedback_type: str | None = None
    original_headers: tuple[Header, ...] = ()
    #: Report-level fields as written: a DSN's per-message block (Reporting-MTA,
    #: Arrival-Date, ...) or an ARF report's fields (User-Agent, Source-IP, ...).
    fields: tuple[tuple[str, str], ...] = ()
    #: Why no recipient could be classified, in words, when that is the case.
    unclassified: str = ""
