"""Every coded value of the core as an enum: severities, categories, statuses, risk.

Coded values compared by hand as strings drift apart; an enum gives each one place."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters for delivery; ordered from harmless to decisive."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


class Category(StrEnum):
    """The theme a finding belongs to; the GUI filters on it."""

    AUTHENTICATION = "authentication"
    REPLAY = "replay"
    INFRASTRUCTURE = "infrastructure"
    REPUTATION = "reputation"
    IDENTITY = "identity"
    HYGIENE = "hygiene"
    STRUCTURE = "structure"
    BULK = "bulk"
    CONTENT = "content"
    ROUTING = "routing"
    VERDICT = "verdict"
    BOUNCE = "bounce"


class AuthStatus(StrEnum):
    """Result vocabulary of RFC 8601 plus ``skipped`` for checks that were not run."""

    PASS = "pass"
    FAIL = "fail"
    SOFTFAIL = "softfail"
    NEUTRAL = "neutral"
    NONE = "none"
    TEMPERROR = "temperror"
    PERMERROR = "permerror"
    POLICY = "policy"
    SKIPPED = "skipped"

    @classmethod
    def read(cls, word: str) -> AuthStatus | None:
        """The status a result word written by someone else names (any case); None for a
        word outside the vocabulary, which callers keep as written."""
        try:
            return cls(word.strip().lower())
        except ValueError:
            return None


class Risk(StrEnum):
    """Overall likelihood that receivers junk or reject the message."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class DnsStatus(StrEnum):
    """Outcome of one DNS question, as recorded in the evidence log."""

    ANSWER = "answer"
    NXDOMAIN = "nxdomain"
    NODATA = "nodata"
    TIMEOUT = "timeout"
    SERVFAIL = "servfail"
    REFUSED = "refused"
    ERROR = "error"
    OFFLINE = "offline"
    NOT_IN_REPLAY = "not_in_replay"

    @property
    def temporary(self) -> bool:
        """The question went unanswered for a reason that may pass (a retry might help), so
        the answer says nothing about the data. Offline is told apart: nothing was asked."""
        return self in _TEMPORARY_DNS


_TEMPORARY_DNS = frozenset(
    {
        DnsStatus.TIMEOUT,
        DnsStatus.SERVFAIL,
        DnsStatus.REFUSED,
        DnsStatus.ERROR,
        DnsStatus.NOT_IN_REPLAY,
    }
)


class Masking(StrEnum):
    """How a domain's registrant data is published (issue: sender intelligence)."""

    PROXY = "proxy"
    REDACTED = "redacted"
    PUBLIC = "public"
    UNKNOWN = "unknown"


class AuthMethod(StrEnum):
    """The authentication methods a receiver records and this tool checks."""

    SPF = "spf"
    DKIM = "dkim"
    DMARC = "dmarc"
    ARC = "arc"


#: Outcomes that say nothing about the message: the check did not run (offline, no key
#: fetched in time). They are shown as "not checked", never counted as failures.
NOT_CHECKED = frozenset({AuthStatus.SKIPPED, AuthStatus.TEMPERROR})


class DkimFailure(StrEnum):
    """Why one DKIM signature did not pass: the advice differs for each (body changed after
    signing vs headers changed vs key problems vs DNS trouble)."""

    NONE = ""
    BODY_HASH = "body_hash"
    SIGNATURE = "signature"
    MALFORMED = "malformed"
    NO_KEY = "no_key"
    BAD_KEY = "bad_key"
    REVOKED = "revoked"
    KEY_MISMATCH = "key_mismatch"
    KEY_TOO_SMALL = "key_too_small"
    EXPIRED = "expired"
    DNS = "dns"
    OFFLINE = "offline"
    CAPPED = "capped"


class RdapKind(StrEnum):
    """What an RDAP question is about (RFC 9082 path segments)."""

    DOMAIN = "domain"
    IP = "ip"


class RdapStatus(StrEnum):
    """Outcome of one RDAP (or whois) question; only ``ok`` and ``not_found`` are answers
    worth caching or recording, the others say why there is none (``skipped``: not asked,
    the domain is beyond the per-message lookups)."""

    OK = "ok"
    NOT_FOUND = "not_found"
    OFFLINE = "offline"
    TIMEOUT = "timeout"
    ERROR = "error"
    NO_SERVER = "no_server"
    CAPPED = "capped"
    NOT_IN_REPLAY = "not_in_replay"
    SKIPPED = "skipped"


class IpScope(StrEnum):
    """Where an IP address can be: the open internet, or a range that never routes there."""

    PUBLIC = "public"
    DOCUMENTATION = "documentation"
    PRIVATE = "private"
    SHARED = "shared"
    LOOPBACK = "loopback"
    LINK_LOCAL = "link-local"
    MULTICAST = "multicast"
    UNSPECIFIED = "unspecified"
    RESERVED = "reserved"


class SourceKind(StrEnum):
    """The container a message was read from."""

    EML = "eml"
    MBOX = "mbox"
    MAILDIR = "maildir"
    MH = "mh"
    MSG = "msg"  # an Outlook .msg, converted to RFC 5322 on reading
    STDIN = "stdin"
    PASTE = "paste"


class DmarcPolicy(StrEnum):
    """What a DMARC record asks receivers to do with failing mail (RFC 7489 6.3), weakest
    first."""

    NONE = "none"
    QUARANTINE = "quarantine"
    REJECT = "reject"

    @property
    def rank(self) -> int:
        return _DMARC_POLICY_ORDER.index(self)

    @property
    def enforcing(self) -> bool:
        return self is not DmarcPolicy.NONE

    @property
    def weaker(self) -> DmarcPolicy:
        """The next policy down: what t=y (testing) applies, and pct= for the rest."""
        return _DMARC_POLICY_ORDER[max(0, self.rank - 1)]


_DMARC_POLICY_ORDER = (DmarcPolicy.NONE, DmarcPolicy.QUARANTINE, DmarcPolicy.REJECT)


class Alignment(StrEnum):
    """A DMARC record's adkim=/aspf= mode (RFC 7489 3.1): strict asks for the From domain
    itself, relaxed for any name under the same organisational domain."""

    RELAXED = "r"
    STRICT = "s"

    @property
    def word(self) -> str:
        return "strict" if self is Alignment.STRICT else "relaxed"


class DmarcDiscovery(StrEnum):
    """How a DMARC evaluation finds the organisational domain: the Public Suffix List
    (RFC 7489) or the DNS tree walk over psd= tags (DMARCbis)."""

    PSL = "psl"
    TREEWALK = "treewalk"


class PsdFlag(StrEnum):
    """A DMARC record's psd= tag (DMARCbis): y, the record is a public suffix domain's; n,
    the domain is an organisational domain; u, unknown (the default)."""

    YES = "y"
    NO = "n"
    UNKNOWN = "u"


class FileContent(StrEnum):
    """What the first bytes of a file say it holds, when it holds mail."""

    MBOX = "mbox"
    MESSAGE = "message"
    OUTLOOK_MSG = "outlook msg"


class BounceKind(StrEnum):
    """What kind of report came back: each is read and acted on differently. A delivery
    report (RFC 3464) or a free-text bounce says a delivery failed or is delayed; a feedback
    report (RFC 5965) or an unsubscribe request says a recipient objected; a provider's JSON
    notice (Amazon SES) can say either; an automatic reply (RFC 3834) says it was delivered."""

    DSN = "dsn"
    ARF = "arf"
    TEXT = "text"
    NOTICE = "notice"
    UNSUBSCRIBE = "unsubscribe"
    AUTOREPLY = "autoreply"


class SenderKind(StrEnum):
    """Who is really behind a message, the conclusion a postmaster draws from the trace: the
    advice to a recipient (and to an abuse desk) differs for each."""

    ESP = "esp"  # a sending platform used as intended by its customer
    ABUSED_PLATFORM = "abused_platform"  # a legitimate platform's account used for phishing
    MAILBOX_PROVIDER = "mailbox_provider"  # a user of a mailbox service (Gmail, Outlook.com)
    COMPROMISED_MAILBOX = "compromised_mailbox"  # a real account, logged into by someone else
    ORGANISATION_ACCOUNT = "organisation_account"  # a user of their own company's or ISP's server
    THROWAWAY_TENANT = "throwaway_tenant"  # a fresh cloud-mail tenant set up to send this
    SELF_HOSTED_VPS = "self_hosted_vps"  # the sender's own server, rented by the hour
    LIST_POST = "list_post"  # a post relayed by a discussion mailing list
    UNKNOWN = "unknown"


class EvidenceStrength(StrEnum):
    """How much a piece of platform evidence can be trusted: the receiver's record of the
    connecting host and a verified signature cannot be forged by the sender; decoration
    headers (X-Mailer, Message-ID shapes) can be copied by anyone."""

    TRACE = "trace"
    SIGNED = "signed"
    FORGEABLE = "forgeable"


class HopRole(StrEnum):
    """Whose server wrote a Received line, seen from the recipient: its own servers (above
    and at the trust boundary), an intermediary's (a list host between the author and the
    recipient), a Microsoft 365 tenant that took the message in and sent it on, or the
    sender's (the server that handed the message out, its internal relays, and the hop
    where a client submitted it)."""

    RECIPIENT_INTERNAL = "recipient_internal"
    RECIPIENT_ENTRY = "recipient_entry"
    INTERMEDIARY = "intermediary"
    INTERMEDIARY_ENTRY = "intermediary_entry"
    RELAY_TENANT = "relay_tenant"
    ORIGIN = "origin"
    SENDER_INTERNAL = "sender_internal"
    SUBMISSION = "submission"


class VerdictParty(StrEnum):
    """Who wrote a verdict or an Authentication-Results header: only the recipient's own
    describe what happened to this copy of the message."""

    RECIPIENT = "recipient"
    INTERMEDIARY = "intermediary"
    SENDER = "sender"
    UNKNOWN = "unknown"


class SpamDecision(StrEnum):
    """What a filter decided, as a value rules can compare (never the decoder's wording).
    ``blocked``: a block list decided; ``allowed``: an allow list decided, whatever the
    filter thought; ``skipped``: filtering was not run (trusted or internal mail)."""

    CLEAN = "clean"
    SPAM = "spam"
    HIGH_CONFIDENCE_SPAM = "high-confidence-spam"
    PHISH = "phish"
    MALWARE = "malware"
    BULK = "bulk"
    BLOCKED = "blocked"
    ALLOWED = "allowed"
    SKIPPED = "skipped"
    UNKNOWN = "unknown"

    @property
    def is_spam(self) -> bool:
        """The filter held the message against the sender (spam of any kind or a threat)."""
        return self in _SPAM_DECISIONS


_SPAM_DECISIONS = frozenset(
    {
        SpamDecision.SPAM,
        SpamDecision.HIGH_CONFIDENCE_SPAM,
        SpamDecision.PHISH,
        SpamDecision.MALWARE,
        SpamDecision.BLOCKED,
    }
)


class Folder(StrEnum):
    """Where the receiver put the message, when its headers say."""

    INBOX = "inbox"
    JUNK = "junk"
    QUARANTINE = "quarantine"
    CUSTOM = "custom"


class MessageKind(StrEnum):
    """What sort of mail a message is, decided once: which rules apply depends on it (the bulk
    sender requirements concern marketing mail, not a member's post to a discussion list)."""

    PERSONAL = "personal"
    LIST_POST = "list_post"
    BULK = "bulk"
    TRANSACTIONAL = "transactional"
    BOUNCE = "bounce"
    AUTO_REPLY = "auto_reply"
    FEEDBACK_REPORT = "feedback_report"


class Evidence(StrEnum):
    """Whether a piece of evidence for the score was looked at: evidence that could not be
    checked (offline, no answer) adds nothing and is shown as such, never as a failure."""

    COUNTED = "counted"
    NOT_CHECKED = "not_checked"
