"""Authentication results: DKIM, SPF, DMARC, ARC and receivers' Authentication-Results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspector.model.codes import (
    NOT_CHECKED,
    Alignment,
    AuthMethod,
    AuthStatus,
    DkimFailure,
    DmarcDiscovery,
    DmarcPolicy,
    VerdictParty,
)


class ResultsToken(StrEnum):
    """The lexical pieces of an Authentication-Results value (RFC 8601 section 2.2)."""

    TEXT = "text"
    COMMENT = "comment"
    SEMI = "semi"
    SPACE = "space"


class DkimKeyType(StrEnum):
    """A DKIM key record's k= (RFC 6376 3.6.1, RFC 8463): the kinds of key dkimpy verifies."""

    RSA = "rsa"
    ED25519 = "ed25519"


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
    key_type: DkimKeyType | None = None
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


class SpfVia(StrEnum):
    """How an SPF record was reached: the domain asked about, an include:, or a redirect=."""

    TOP = "top"
    INCLUDE = "include"
    REDIRECT = "redirect"


#: The results check_host() can give (RFC 7208 section 2.6): an SPF tree node has one of them.
SPF_RESULTS = (
    AuthStatus.PASS,
    AuthStatus.FAIL,
    AuthStatus.SOFTFAIL,
    AuthStatus.NEUTRAL,
    AuthStatus.NONE,
    AuthStatus.TEMPERROR,
    AuthStatus.PERMERROR,
)


@dataclass(frozen=True)
class SpfNode:
    """One SPF record in the include/redirect tree. ``result`` is an RFC 7208 result (None
    where the evaluation did not reach the record); ``detail`` says why a record has no result
    or could not be read (a DNS status such as ``nxdomain``, ``loop``, ``not followed
    (macro)``...), kept apart so that the result is always one of the RFC's words."""

    domain: str
    record: str | None
    via: SpfVia = SpfVia.TOP
    result: AuthStatus | None = None
    children: tuple[SpfNode, ...] = ()
    detail: str = ""


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
    policy: DmarcPolicy | None = None
    subdomain_policy: DmarcPolicy | None = None
    nonexistent_policy: DmarcPolicy | None = None
    applied_policy: DmarcPolicy | None = None
    disposition: str | None = None
    pct: int = 100
    testing: bool = False
    adkim: Alignment = Alignment.RELAXED
    aspf: Alignment = Alignment.RELAXED
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
    # How the organizational domain was found.
    discovery: DmarcDiscovery = DmarcDiscovery.PSL
    # Identities that sit in the From domain's organization (relaxed alignment) whether or not
    # they verified: DKIM d= of every signature and the Return-Path domain. Known without DNS,
    # so offline it still tells whether DMARC could pass at all.
    alignable: tuple[str, ...] = ()


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
    #: The result word in RFC 8601's vocabulary; a word outside it (Microsoft's
    #: "bestguesspass", an old "hardfail") is kept as written.
    result: AuthStatus | str
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
    party: VerdictParty = VerdictParty.UNKNOWN
    writer_on_route: bool = False  # its authserv-id names a server the message passed


@dataclass(frozen=True)
class RecordedResult:
    """One result the trusted receiver recorded at receipt in its own Authentication-Results.

    Shown as "the receiver said at receipt" beside our own check: when we could not check
    (offline, keys rotated since), it is the only word on the message's authentication."""

    method: AuthMethod
    result: AuthStatus
    authserv_id: str = ""
    identity: str = ""  # the identity it was checked for: header.d=, smtp.mailfrom=...


@dataclass(frozen=True)
class AuthSummary:
    dkim: tuple[DkimResult, ...] = ()
    spf: SpfResult = SpfResult(AuthStatus.SKIPPED, "not checked")
    dmarc: DmarcResult = DmarcResult(AuthStatus.SKIPPED, "not checked")
    arc: ArcResult = ArcResult(AuthStatus.SKIPPED, "not checked")
    received: tuple[ReceivedAuthResults, ...] = ()
    recorded: tuple[RecordedResult, ...] = ()

    def ours(self, method: AuthMethod) -> AuthStatus:
        """Our own result for ``method``; for DKIM the best signature's (none: unsigned)."""
        if method is AuthMethod.SPF:
            return self.spf.result
        if method is AuthMethod.DMARC:
            return self.dmarc.result
        if method is AuthMethod.ARC:
            return self.arc.result
        if not self.dkim:
            return AuthStatus.NONE
        results = {d.result for d in self.dkim}
        if AuthStatus.PASS in results:
            return AuthStatus.PASS
        checked = results - NOT_CHECKED
        return min(checked, key=_DKIM_ORDER.index) if checked else AuthStatus.SKIPPED

    def receiver_said(self, method: AuthMethod) -> AuthStatus | None:
        """What the trusted receiver recorded for ``method`` at receipt, if it did."""
        found = [r.result for r in self.recorded if r.method is method]
        if method is AuthMethod.DKIM and AuthStatus.PASS in found:
            return AuthStatus.PASS
        return found[0] if found else None

    def outcome(self, method: AuthMethod) -> AuthStatus | None:
        """The result to count: ours when we checked, else the receiver's record at receipt,
        else None (not checked: never a failure in any figure)."""
        own = self.ours(method)
        if own not in NOT_CHECKED:
            return own
        return self.receiver_said(method)


_DKIM_ORDER = (
    AuthStatus.FAIL,
    AuthStatus.PERMERROR,
    AuthStatus.POLICY,
    AuthStatus.NEUTRAL,
    AuthStatus.SOFTFAIL,
    AuthStatus.NONE,
    AuthStatus.PASS,
    AuthStatus.TEMPERROR,
    AuthStatus.SKIPPED,
)
