"""Aggregate feedback that receivers send to domain owners: DMARC aggregate reports
(RFC 7489 appendix C, and the DMARCbis schema) and SMTP TLS reports (RFC 8460).

A report is what one receiver (the reporter) saw of one domain's mail over a period; the
per-source summaries are what a domain owner acts on: which IPs send as the domain, whether
they are the domain's own platforms (authorised), forwarders re-sending its mail, or unknown
(possible spoofing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspector.model.codes import AuthStatus
from inspector.model.intel import LookupStatus, PlatformKind


class SourceClass(StrEnum):
    """What a sending source is to the domain, judged from DMARC results and its network."""

    AUTHORISED = "authorised"  # DMARC passed (aligned SPF or DKIM)
    FORWARDING = "forwarding"  # DKIM passed but SPF failed (a forwarder), or a known forwarder
    UNKNOWN = "unknown"  # neither aligned nor a forwarder: possibly spoofing


class FeedbackKind(StrEnum):
    DMARC = "dmarc"
    TLSRPT = "tlsrpt"


@dataclass(frozen=True)
class AuthCheck:
    """One authentication result a reporter recorded: ``scope`` is mfrom/helo for SPF and the
    selector for DKIM."""

    domain: str
    #: The result word as RFC 8601 names it, or as written when it is outside that vocabulary.
    result: AuthStatus | str
    scope: str = ""


@dataclass(frozen=True)
class DmarcRow:
    """One <record>: ``count`` messages from ``source_ip`` with the same results."""

    source_ip: str
    count: int
    disposition: str
    dkim_aligned: AuthStatus | str  # policy_evaluated dkim: pass / fail
    spf_aligned: AuthStatus | str
    header_from: str
    envelope_from: str = ""
    envelope_to: str = ""
    dkim: tuple[AuthCheck, ...] = ()
    spf: tuple[AuthCheck, ...] = ()
    reasons: tuple[str, ...] = ()  # policy override types (forwarded, mailing_list, ...)

    @property
    def dmarc_pass(self) -> bool:
        return AuthStatus.PASS in (self.dkim_aligned, self.spf_aligned)


@dataclass(frozen=True)
class DmarcReport:
    reporter: str
    reporter_email: str
    report_id: str
    begin: datetime | None
    end: datetime | None
    domain: str
    policy: str  # p=
    subdomain_policy: str = ""
    percent: int | None = None
    adkim: str = ""
    aspf: str = ""
    rows: tuple[DmarcRow, ...] = ()
    source: str = ""  # the file (and member) it came from
    schema: str = "rfc7489"  # or "dmarcbis"

    @property
    def volume(self) -> int:
        return sum(r.count for r in self.rows)


@dataclass(frozen=True)
class TlsFailure:
    result_type: str
    count: int
    receiving_mx: str = ""
    sending_ip: str = ""
    detail: str = ""


@dataclass(frozen=True)
class TlsPolicy:
    """One policy domain's results: ``domain`` is the receiving domain the sender tried."""

    domain: str
    policy_type: str
    successes: int
    failures: int
    failure_details: tuple[TlsFailure, ...] = ()


@dataclass(frozen=True)
class TlsReport:
    reporter: str
    report_id: str
    begin: datetime | None
    end: datetime | None
    policies: tuple[TlsPolicy, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class FeedbackError:
    """An input that looked like a report but could not be read (or was refused)."""

    source: str
    message: str


@dataclass(frozen=True)
class SourceNetwork:
    """Who runs a source IP, from reverse DNS, Team Cymru and the platform fingerprints;
    ``status`` is ok, offline (not checked), skipped or error."""

    ptr: str | None = None
    asn: str | None = None
    as_name: str | None = None
    country: str | None = None
    platform: str | None = None
    platform_kind: PlatformKind | None = None
    hosting: str | None = None
    status: LookupStatus = LookupStatus.OFFLINE

    @property
    def label(self) -> str:
        if self.status is LookupStatus.OFFLINE:
            return "not checked (offline)"
        owner = self.platform or self.hosting or self.as_name
        parts = [p for p in (owner, self.ptr, f"AS{self.asn}" if self.asn else None) if p]
        return ", ".join(parts) or "unknown network"


@dataclass(frozen=True)
class SourceSummary:
    """Everything the reports say about one source IP, across reporters."""

    ip: str
    volume: int
    dmarc_pass: int
    dkim_aligned: int
    spf_aligned: int
    dkim_pass_unaligned: int
    spf_fail: int
    dispositions: tuple[tuple[str, int], ...]
    reporters: tuple[str, ...]
    header_from: tuple[str, ...]
    classification: SourceClass
    why: str
    network: SourceNetwork = SourceNetwork()


@dataclass(frozen=True)
class ReporterSummary:
    reporter: str
    reports: int
    volume: int
    dmarc_pass: int
    dispositions: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DayVolume:
    """Messages per day (the report period's start), for the dashboard over time."""

    day: str  # YYYY-MM-DD
    volume: int
    dmarc_pass: int


@dataclass(frozen=True)
class FeedbackSummary:
    """The aggregated view of a set of reports, what the CLI, the GUI and reports show."""

    domains: tuple[str, ...]
    reports: tuple[DmarcReport, ...]
    sources: tuple[SourceSummary, ...]
    reporters: tuple[ReporterSummary, ...]
    days: tuple[DayVolume, ...]
    tls_reports: tuple[TlsReport, ...] = ()
    errors: tuple[FeedbackError, ...] = ()

    @property
    def volume(self) -> int:
        return sum(s.volume for s in self.sources)

    @property
    def dmarc_pass(self) -> int:
        return sum(s.dmarc_pass for s in self.sources)
