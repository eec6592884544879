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


class DsnAction(StrEnum):
    """What a delivery status notification says was done for a recipient (RFC 3464 2.3.3),
    plus "expired", which some servers write for a message given up after its retries."""

    FAILED = "failed"
    DELAYED = "delayed"
    DELIVERED = "delivered"
    RELAYED = "relayed"
    EXPANDED = "expanded"
    EXPIRED = "expired"

    @classmethod
    def read(cls, text: str | None) -> DsnAction | None:
        """The action a report's words name; None for none or a word outside the standard."""
        try:
            return cls((text or "").strip().lower())
        except ValueError:
            return None

    @property
    def reached(self) -> bool:
        """The message reached the recipient or went on towards it: not a failure."""
        return self in (DsnAction.DELIVERED, DsnAction.RELAYED, DsnAction.EXPANDED)


class FeedbackType(StrEnum):
    """The kind of a feedback report (RFC 5965 7.3 and its IANA registry: abuse, fraud,
    virus, other, not-spam, auth-failure), the opt-out types some providers send, and our
    "unsubscribe" for a mail client's unsubscribe request. A type outside these is "other"."""

    ABUSE = "abuse"
    FRAUD = "fraud"
    VIRUS = "virus"
    OTHER = "other"
    NOT_SPAM = "not-spam"
    AUTH_FAILURE = "auth-failure"
    OPT_OUT = "opt-out"
    OPT_OUT_LIST = "opt-out-list"
    UNSUBSCRIBE = "unsubscribe"

    @classmethod
    def read(cls, text: str | None) -> FeedbackType | None:
        """The type a report names; None when it names none."""
        word = (text or "").strip().lower()
        if not word:
            return None
        try:
            return cls(word)
        except ValueError:
            return cls.OTHER

    @property
    def unsubscribe(self) -> bool:
        """A request to stop mailing the address, not a complaint about the content."""
        return self in (FeedbackType.UNSUBSCRIBE, FeedbackType.OPT_OUT, FeedbackType.OPT_OUT_LIST)


class SesNotice(StrEnum):
    """The notification types of an Amazon SES JSON notice (notificationType/eventType)."""

    DELIVERY = "Delivery"
    BOUNCE = "Bounce"
    COMPLAINT = "Complaint"


@dataclass(frozen=True)
class BounceRecipient:
    address: str | None
    action: DsnAction | None = None
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
    feedback_type: FeedbackType | None = None
    original_headers: tuple[Header, ...] = ()
    #: Report-level fields as written: a DSN's per-message block (Reporting-MTA,
    #: Arrival-Date, ...) or an ARF report's fields (User-Agent, Source-IP, ...).
    fields: tuple[tuple[str, str], ...] = ()
    #: Why no recipient could be classified, in words, when that is the case.
    unclassified: str = ""
