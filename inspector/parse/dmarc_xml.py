"""DMARC aggregate reports (RFC 7489 appendix C; the DMARCbis schema differs in a namespace,
a few new elements and optional ones) read into ``DmarcReport`` values.

Reporters write the schema loosely (missing optional elements, upper-case results, dates as
text), so every field has a default and only a report without its metadata or policy is
refused. Parsing itself is ``inspector.parse.safe_xml`` (no DTDs, bounded).
"""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.errors import InspectorError
from inspector.model.codes import AuthStatus
from inspector.model.feedback import AuthCheck, DmarcReport, DmarcRow
from inspector.parse.safe_xml import Element, parse_xml

MAX_ROWS = 200_000
DMARCBIS_NS = "urn:ietf:params:xml:ns:dmarc-2.0"


class NotADmarcReport(InspectorError):
    """Well-formed XML, but not a DMARC aggregate report; says what is missing."""


def looks_like_dmarc(head: bytes) -> bool:
    """A cheap content test on the first bytes: a <feedback> root with report metadata."""
    low = head[:8192].lower()
    return b"<feedback" in low and (b"report_metadata" in low or b"policy_published" in low)


def _epoch(text: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(text.strip()), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _int(text: str, default: int = 0) -> int:
    try:
        return max(0, int(text.strip()))
    except ValueError:
        return default


def _lower(text: str) -> str:
    return text.strip().lower()[:100]


def _result(text: str) -> AuthStatus | str:
    word = _lower(text)
    return AuthStatus.read(word) or word


def _row(record: Element) -> DmarcRow:
    row = record.find("row") or Element("row")
    evaluated = row.find("policy_evaluated") or Element("policy_evaluated")
    identifiers = record.find("identifiers") or Element("identifiers")
    results = record.find("auth_results") or Element("auth_results")
    dkim = tuple(
        AuthCheck(_lower(d.text_of("domain")), _result(d.text_of("result")), d.text_of("selector"))
        for d in results.findall("dkim")[:50]
    )
    spf = tuple(
        AuthCheck(
            _lower(s.text_of("domain")), _result(s.text_of("result")), _lower(s.text_of("scope"))
        )
        for s in results.findall("spf")[:50]
    )
    reasons = tuple(_lower(r.text_of("type")) for r in evaluated.findall("reason")[:20])
    return DmarcRow(
        source_ip=row.text_of("source_ip")[:64],
        count=_int(row.text_of("count"), 1),
        disposition=_lower(evaluated.text_of("disposition", "none")) or "none",
        dkim_aligned=_result(evaluated.text_of("dkim", "fail")),
        spf_aligned=_result(evaluated.text_of("spf", "fail")),
        header_from=_lower(identifiers.text_of("header_from")),
        envelope_from=_lower(identifiers.text_of("envelope_from")),
        envelope_to=_lower(identifiers.text_of("envelope_to")),
        dkim=dkim,
        spf=spf,
        reasons=tuple(r for r in reasons if r),
    )


def parse_dmarc_report(data: bytes, source: str = "") -> DmarcReport:
    """One report from its XML bytes; ``XmlRefused`` or ``NotADmarcReport`` otherwise."""
    root = parse_xml(data)
    if root.tag != "feedback":
        raise NotADmarcReport(f"XML whose root is <{root.tag[:40]}>, not a DMARC <feedback>")
    meta, policy = root.find("report_metadata"), root.find("policy_published")
    if meta is None or policy is None:
        raise NotADmarcReport("a <feedback> without report_metadata or policy_published")
    records = root.findall("record")
    if len(records) > MAX_ROWS:
        raise NotADmarcReport(f"a report with more than {MAX_ROWS} records")
    pct = policy.text_of("pct")
    return DmarcReport(
        reporter=meta.text_of("org_name")[:200] or "(unnamed reporter)",
        reporter_email=meta.text_of("email")[:200],
        report_id=meta.text_of("report_id")[:200],
        begin=_epoch(meta.text_of("date_range/begin")),
        end=_epoch(meta.text_of("date_range/end")),
        domain=_lower(policy.text_of("domain")),
        policy=_lower(policy.text_of("p")),
        subdomain_policy=_lower(policy.text_of("sp")),
        percent=_int(pct) if pct else None,
        adkim=_lower(policy.text_of("adkim")),
        aspf=_lower(policy.text_of("aspf")),
        rows=tuple(_row(r) for r in records),
        source=source,
        schema="dmarcbis" if DMARCBIS_NS.encode() in data[:4096] else "rfc7489",
    )
