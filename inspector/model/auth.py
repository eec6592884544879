"""Authentication results: DKIM, SPF, DMARC, ARC and receivers' Authentication-Results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspector.model.codes import AuthStatus, DkimFailure


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
    failure: DkimFailure = DkimFailure.NONE
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
