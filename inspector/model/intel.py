"""Who is behind a message: platforms, relays' networks, domains, blocklists, links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspector.model.codes import Masking, RdapStatus, SenderKind, Severity


class PlatformKind(StrEnum):
    """What kind of service a sending platform is (``data/platforms.json``)."""

    ESP = "esp"
    NEWSLETTER = "newsletter"
    ESP_SOFTWARE = "esp-software"
    MAILBOX_PROVIDER = "mailbox-provider"
    APP_PLATFORM = "app-platform"
    HELPDESK = "helpdesk"
    GATEWAY = "gateway"
    FORMS = "forms"
    SHARED_HOSTING = "shared-hosting"
    FORWARDER = "forwarder"
    MAILING_LIST = "mailing-list"
    CRM = "crm"
    RELAY = "relay"
    PHISHING_SIMULATION = "phishing-simulation"

    @property
    def sends_bulk(self) -> bool:
        """A platform whose business is sending campaigns for its customers."""
        return self in (PlatformKind.ESP, PlatformKind.NEWSLETTER, PlatformKind.ESP_SOFTWARE)


@dataclass(frozen=True)
class PlatformMatch:
    name: str
    evidence: tuple[str, ...]
    confidence: float
    customer: str | None = None
    kind: PlatformKind = PlatformKind.ESP
    #: the evidence came from the trace (the receiver's record of the connecting host, a
    #: verified or receiver-confirmed signature), not only from headers the sender wrote
    traced: bool = True


@dataclass(frozen=True)
class SenderKindFact:
    """What kind of sender is behind the message, with the evidence it rests on and a
    confidence between 0 and 1 (a judgement from headers, never a certainty)."""

    kind: SenderKind
    evidence: tuple[str, ...]
    confidence: float
    summary: str = ""


class ClueKind(StrEnum):
    """What a platform fingerprint's signal is matched against, and what kind of value an
    observed clue is (``header`` clues meet ``header_present`` and ``header_regex``)."""

    DKIM_DOMAIN = "dkim_domain"
    RETURN_PATH_DOMAIN = "return_path_domain"
    RDNS = "rdns"
    LIST_UNSUBSCRIBE_HOST = "list_unsubscribe_host"
    FROM_DOMAIN = "from_domain"
    BY_HOST = "by_host"
    HEADER_REGEX = "header_regex"
    MESSAGE_ID = "message_id"
    FEEDBACK_ID = "feedback_id"
    HEADER_PRESENT = "header_present"
    IP = "ip"
    HEADER = "header"


class WrapperKind(StrEnum):
    """How a link wrapper (Safe Links, URL Defense, click trackers) carries its target;
    ``opaque`` wrappers keep it on their server, so the target cannot be read."""

    QUERY = "query"
    QUERY_B64 = "query_b64"
    BING = "bing"
    PROOFPOINT_V2 = "proofpoint_v2"
    PROOFPOINT_V3 = "proofpoint_v3"
    GOOGLE_AMP = "google_amp"
    AWSTRACK = "awstrack"
    MANDRILL = "mandrill"
    OPAQUE = "opaque"


class BlocklistKind(StrEnum):
    """What a list is asked about: an IP address (DNSBL) or a domain (RHSBL)."""

    IP = "ip"
    DOMAIN = "domain"


class BlocklistStatus(StrEnum):
    """One list's answer; ``refused`` (the list refused our resolver) is never a listing."""

    LISTED = "listed"
    NOT_LISTED = "not_listed"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    OFFLINE = "offline"
    ERROR = "error"


@dataclass(frozen=True)
class BlocklistResult:
    """One DNSBL question, decoded. ``severity`` (the weight of the worst listed code) and
    ``policy`` (every listed code is a policy listing such as Spamhaus PBL: end-user address
    space, not abuse) are the list's own policy, decided before the rules read them."""

    zone: str
    list_name: str
    target: str
    status: BlocklistStatus
    codes: tuple[str, ...] = ()
    meaning: str = ""
    severity: Severity = Severity.MEDIUM
    policy: bool = False

    @property
    def abuse_listing(self) -> bool:
        """Listed for what the address or domain did (not only for the space it is in)."""
        return self.status is BlocklistStatus.LISTED and not self.policy

    @property
    def policy_listing(self) -> bool:
        return self.status is BlocklistStatus.LISTED and self.policy


class LookupStatus(StrEnum):
    """How far the network lookups about a sender went: all asked, not asked (offline or
    skipped), some of them failed for now (partial) or the stage failed (error)."""

    OK = "ok"
    OFFLINE = "offline"
    PARTIAL = "partial"
    SKIPPED = "skipped"
    ERROR = "error"


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
    status: LookupStatus = LookupStatus.OK
    #: What a partial status left out, in words ("PTR timeout").
    status_detail: str = ""


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
    status: RdapStatus = RdapStatus.OK


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
    sender_kind: SenderKindFact | None = None
    hops_intel: tuple[HopIntel, ...] = ()
    domains: tuple[DomainIntel, ...] = ()
    links: tuple[Link, ...] = ()
    status: LookupStatus = LookupStatus.OK
