"""The result vocabulary: frozen dataclasses and enums shared by every part of the core.

Everything the analysis produces is a value of one of these types. They carry no behaviour
beyond small conveniences, so the GUI, the rules and the report writers can rely on them
without importing any of the code that computes them. Field names are the JSON contract's
key names (``from_`` becomes ``from``); see ``inspector.report.json`` and
``docs/report.schema.json``. Expected outcomes (NXDOMAIN, a bad signature, a malformed
header) are statuses on these values, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property

SCHEMA_VERSION = "1.0"


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


class Masking(StrEnum):
    """How a domain's registrant data is published (issue: sender intelligence)."""

    PROXY = "proxy"
    REDACTED = "redacted"
    PUBLIC = "public"
    UNKNOWN = "unknown"


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One explained observation. The id's first segment names the rules module that made it
    (``dmarc.policy_none`` lives in ``inspector/rules/dmarc.py``)."""

    id: str
    severity: Severity
    category: Category
    title: str
    explanation: str
    evidence: tuple[str, ...] = ()
    remedy: str = ""
    references: tuple[str, ...] = ()


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class SourceRef:
    """Where a message lives: a file path and its index inside that file (0 for single files).

    ``kind`` is one of eml, mbox, maildir, mh, stdin, paste. ``offset`` and ``length`` locate
    an mbox message's bytes so it can be reread without rescanning the mailbox."""

    path: str
    index: int = 0
    kind: str = "eml"
    offset: int = 0
    length: int = -1


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read as a message; the batch goes on without it."""

    path: str
    message: str
    index: int | None = None


# --------------------------------------------------------------------------- message


@dataclass(frozen=True)
class Address:
    display_name: str
    address: str

    @property
    def domain(self) -> str:
        _, _, domain = self.address.rpartition("@")
        return domain.lower().rstrip(".")


@dataclass(frozen=True)
class Header:
    """One header field in original order: decoded value plus the raw bytes as written."""

    name: str
    value: str
    raw: bytes = field(default=b"", repr=False, compare=False)
    index: int = 0


@dataclass(frozen=True)
class MimePart:
    """A node of the MIME tree. ``path`` is the dotted position ("1", "1.2")."""

    path: str
    content_type: str
    charset: str | None = None
    filename: str | None = None
    disposition: str | None = None
    size: int = 0
    sha256: str | None = None
    children: tuple[MimePart, ...] = ()
    archive_members: tuple[str, ...] = ()  # names inside a zip attachment (capped)
    archive_encrypted: bool = False  # a zip member is password-protected


@dataclass(frozen=True)
class HeaderDefect:
    """A structural problem found while parsing: kind is a short code such as
    ``missing_from``, ``duplicate_date``, ``line_too_long``, ``8bit_header``, ``bare_cr``,
    ``bare_lf``, ``unparsable_date``, ``mime:<StdlibDefectName>``."""

    kind: str
    detail: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedMessage:
    """A message parsed once and handed to every check."""

    raw: bytes = field(repr=False)
    headers: tuple[Header, ...]
    headers_only: bool
    subject: str | None
    from_: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    return_path: str | None
    sender: Address | None
    date: datetime | None
    date_raw: str | None
    message_id: str | None
    mime: MimePart | None
    text_body: str = field(repr=False)
    html_body: str = field(repr=False)
    body_size: int
    defects: tuple[HeaderDefect, ...]

    @cached_property
    def _by_name(self) -> dict[str, tuple[Header, ...]]:
        """Headers grouped by lower-cased name, built once: every check asks for some."""
        groups: dict[str, list[Header]] = {}
        for h in self.headers:
            groups.setdefault(h.name.lower(), []).append(h)
        return {name: tuple(found) for name, found in groups.items()}

    def get_all(self, name: str) -> tuple[Header, ...]:
        return self._by_name.get(name.lower(), ())

    def get(self, name: str) -> str | None:
        found = self.get_all(name)
        return found[0].value if found else None


@dataclass(frozen=True)
class MessageSummary:
    subject: str | None
    from_: str | None
    to: str | None
    date: datetime | None
    message_id: str | None


# --------------------------------------------------------------------------- hops


@dataclass(frozen=True)
class Hop:
    """One Received header, oldest first. ``ip`` and ``rdns`` are what the receiving server
    recorded; ``delay_seconds`` may be negative (clock skew) and is never wrapped."""

    index: int
    raw: str
    helo: str | None = None
    rdns: str | None = None
    ip: str | None = None
    by: str | None = None
    protocol: str | None = None
    tls: str | None = None
    tls_version: str | None = None
    cipher: str | None = None
    id: str | None = None
    for_: str | None = None
    timestamp: datetime | None = None
    delay_seconds: float | None = None
    clock_skew: bool = False
    ip_scope: str | None = None
    internal: bool = False
    boundary: bool = False
    unparsed: str = ""
    from_host: str | None = None  # the name written right after "from", as the server wrote it


@dataclass(frozen=True)
class Route:
    """Summary of the relay path."""

    total_transit_seconds: float | None = None
    boundary_index: int | None = None
    client_ip: str | None = None
    client_helo: str | None = None
    received_at: datetime | None = None


# --------------------------------------------------------------------------- DNS evidence


@dataclass(frozen=True)
class DnsQuery:
    """One question and its answer, kept as evidence."""

    name: str
    rdtype: str
    status: DnsStatus
    answers: tuple[str, ...] = ()
    server: str = ""
    asked_at: datetime | None = None
    elapsed_ms: float = 0.0
    detail: str = ""  # why a non-answer happened, e.g. "name too long", "budget spent"


# --------------------------------------------------------------------------- authentication


@dataclass(frozen=True)
class DkimResult:
    result: AuthStatus
    reason: str = ""
    domain: str | None = None
    selector: str | None = None
    algorithm: str | None = None
    canonicalization: str | None = None
    identity: str | None = None
    key_bits: int | None = None
    key_type: str | None = None
    signed_headers: tuple[str, ...] = ()
    timestamp: datetime | None = None
    expiration: datetime | None = None
    verified_as_of: datetime | None = None
    body_length: int | None = None
    unsigned_body_bytes: int | None = None
    unsigned_important: tuple[str, ...] = ()
    not_oversigned: tuple[str, ...] = ()
    key_record: str | None = None
    header: str = ""
    # Short machine-readable cause for rules (empty on pass): body_hash, signature, expired,
    # no_key, revoked, bad_key, key_too_small, key_mismatch, malformed, dns, offline, capped.
    failure: str = ""
    # Signed header names occurring more often than h= covers (copies added after signing).
    added_after_signing: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpfNode:
    """One SPF record in the include/redirect tree."""

    domain: str
    record: str | None
    via: str = ""
    result: str = ""
    children: tuple[SpfNode, ...] = ()


@dataclass(frozen=True)
class SpfResult:
    result: AuthStatus
    reason: str = ""
    client_ip: str | None = None
    domain: str | None = None
    mail_from: str | None = None
    helo: AuthStatus | None = None
    helo_domain: str | None = None
    helo_reason: str = ""
    record: str | None = None
    mechanism: str | None = None
    lookups: int = 0
    void_lookups: int = 0
    tree: SpfNode | None = None
    # DNS-querying terms of the whole include/redirect tree (evaluation stops at the first
    # match, so ``lookups`` can be lower than what the record costs for other senders)
    tree_lookups: int = 0
    problems: tuple[str, ...] = ()
    # The text a fail/softfail gives the sender: the domain's exp= or the default wording.
    explanation: str = ""


@dataclass(frozen=True)
class DmarcResult:
    result: AuthStatus
    reason: str = ""
    from_domain: str | None = None
    record_domain: str | None = None
    org_domain: str | None = None
    record: str | None = None
    policy: str | None = None
    subdomain_policy: str | None = None
    nonexistent_policy: str | None = None
    applied_policy: str | None = None
    disposition: str | None = None
    pct: int = 100
    testing: bool = False
    adkim: str = "r"
    aspf: str = "r"
    dkim_aligned: bool = False
    spf_aligned: bool = False
    dkim_domain: str | None = None
    spf_domain: str | None = None
    rua: tuple[str, ...] = ()
    ruf: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    # Record syntax problems only (unknown tags, bad values); ``problems`` holds everything.
    syntax: tuple[str, ...] = ()
    # DMARC records found at the record's name; more than one means none applies.
    record_count: int = 0
    # External rua/ruf URIs whose destination did not authorize the reports (RFC 7489 7.1).
    unauthorized_reports: tuple[str, ...] = ()
    # Every distinct From domain of the message (DMARC ran on each; the worst is shown).
    from_domains: tuple[str, ...] = ()
    # "psl" (RFC 7489) or "treewalk" (DMARCbis): how the organizational domain was found.
    discovery: str = "psl"


@dataclass(frozen=True)
class ArcInstance:
    instance: int
    domain: str | None = None
    selector: str | None = None
    cv: str | None = None
    ams_result: AuthStatus = AuthStatus.NONE
    as_result: AuthStatus = AuthStatus.NONE
    authentication_results: str = ""
    hop_index: int | None = None
    # Signing domain of the ARC-Message-Signature (may differ from the seal's d=).
    ams_domain: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class ArcResult:
    result: AuthStatus
    reason: str = ""
    instances: tuple[ArcInstance, ...] = ()


@dataclass(frozen=True)
class AuthMethodResult:
    """One ``method=result`` clause of an Authentication-Results header."""

    method: str
    result: str
    reason: str = ""
    properties: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReceivedAuthResults:
    """An Authentication-Results header a server wrote, and whether we trust it."""

    authserv_id: str
    methods: tuple[AuthMethodResult, ...]
    trusted: bool
    trust_reason: str
    raw: str
    header_name: str = "Authentication-Results"
    hop_index: int | None = None


@dataclass(frozen=True)
class AuthSummary:
    dkim: tuple[DkimResult, ...] = ()
    spf: SpfResult = SpfResult(AuthStatus.SKIPPED, "not checked")
    dmarc: DmarcResult = DmarcResult(AuthStatus.SKIPPED, "not checked")
    arc: ArcResult = ArcResult(AuthStatus.SKIPPED, "not checked")
    received: tuple[ReceivedAuthResults, ...] = ()


# --------------------------------------------------------------------------- sender intelligence


@dataclass(frozen=True)
class PlatformMatch:
    name: str
    evidence: tuple[str, ...]
    confidence: float
    customer: str | None = None
    kind: str = "esp"


@dataclass(frozen=True)
class BlocklistResult:
    """One DNSBL question. ``status``: listed, not_listed, refused, timeout, offline, error."""

    zone: str
    list_name: str
    target: str
    status: str
    codes: tuple[str, ...] = ()
    meaning: str = ""


@dataclass(frozen=True)
class HopIntel:
    ip: str
    hop_index: int | None = None
    ptr: str | None = None
    fcrdns: bool | None = None
    helo: str | None = None
    helo_matches: bool | None = None
    asn: str | None = None
    as_name: str | None = None
    prefix: str | None = None
    country: str | None = None
    network_owner: str | None = None
    dynamic: bool = False
    dynamic_reason: str = ""
    blocklists: tuple[BlocklistResult, ...] = ()
    status: str = "ok"


@dataclass(frozen=True)
class DomainIntel:
    role: str
    domain: str
    registrar: str | None = None
    created: datetime | None = None
    age_days: int | None = None
    statuses: tuple[str, ...] = ()
    nameservers: tuple[str, ...] = ()
    registrant_org: str | None = None
    registrant_country: str | None = None
    masking: Masking = Masking.UNKNOWN
    masking_service: str | None = None
    evidence: tuple[str, ...] = ()
    blocklists: tuple[BlocklistResult, ...] = ()
    status: str = "ok"


@dataclass(frozen=True)
class Link:
    url: str
    domain: str | None
    text: str = ""
    text_domain: str | None = None
    target: str | None = None
    target_domain: str | None = None
    wrapper: str | None = None
    shortener: bool = False
    ip_literal: bool = False
    free_hosting: bool = False
    form_service: bool = False
    mismatch: bool = False
    source: str = "text"
    pixel: bool = False  # a 0/1-pixel or hidden image: an open tracker (never fetched)


@dataclass(frozen=True)
class SenderIntel:
    platform: PlatformMatch | None = None
    hops_intel: tuple[HopIntel, ...] = ()
    domains: tuple[DomainIntel, ...] = ()
    links: tuple[Link, ...] = ()
    status: str = "ok"


# --------------------------------------------------------------------------- verdicts, bounces


@dataclass(frozen=True)
class VerdictField:
    name: str
    raw: str
    meaning: str


@dataclass(frozen=True)
class Verdict:
    """A receiving filter's own verdict decoded from the header it left."""

    filter: str
    header: str
    fields: tuple[VerdictField, ...]
    decision: str
    hop: int | None = None


@dataclass(frozen=True)
class BounceRecipient:
    address: str | None
    action: str | None = None
    status: str | None = None
    diagnostic: str | None = None
    reason: str = "other"
    remote_mta: str | None = None
    reply_code: str | None = None
    explanation: str = ""


@dataclass(frozen=True)
class Bounce:
    """A decoded DSN, ARF feedback report or plain-text bounce."""

    kind: str
    recipients: tuple[BounceRecipient, ...] = ()
    reporting_mta: str | None = None
    feedback_type: str | None = None
    original_headers: tuple[Header, ...] = ()
    #: Report-level fields as written: a DSN's per-message block (Reporting-MTA,
    #: Arrival-Date, ...) or an ARF report's fields (User-Agent, Source-IP, ...).
    fields: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Summary:
    risk: Risk
    verdict: str
    top_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything known about one message; immutable once built."""

    source: SourceRef
    message: MessageSummary
    headers: tuple[Header, ...] = ()
    mime: MimePart | None = None
    hops: tuple[Hop, ...] = ()
    route: Route = Route()
    auth: AuthSummary = AuthSummary()
    sender: SenderIntel = SenderIntel()
    verdicts: tuple[Verdict, ...] = ()
    bounce: Bounce | None = None
    findings: tuple[Finding, ...] = ()
    summary: Summary = Summary(Risk.LOW, "")
    dns: tuple[DnsQuery, ...] = ()
    errors: tuple[str, ...] = ()
    analyzed_at: datetime | None = None
    tool_version: str = ""
    offline: bool = False
    schema_version: str = SCHEMA_VERSION
