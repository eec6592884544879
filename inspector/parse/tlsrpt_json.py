"""SMTP TLS reports (RFC 8460 section 4): JSON read into ``TlsReport`` values, checked field
by field because the file comes from a stranger."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from inspector.errors import InspectorError
from inspector.model.feedback import TlsFailure, TlsPolicy, TlsReport

MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_POLICIES = 10_000
MAX_DETAILS = 1_000


class NotATlsReport(InspectorError):
    """JSON that is not an RFC 8460 report, or not JSON at all."""


def looks_like_tlsrpt(head: bytes) -> bool:
    low = head[:8192].lower()
    return low.lstrip().startswith(b"{") and b'"policies"' in low and b"organization-name" in low


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _text(value: Any, limit: int = 255) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _policy(item: Any) -> TlsPolicy | None:
    if not isinstance(item, dict):
        return None
    policy = _object(item.get("policy"))
    summary = _object(item.get("summary"))
    details = item.get("failure-details")
    failures = tuple(
        TlsFailure(
            result_type=_text(d.get("result-type"), 80) or "unknown",
            count=_count(d.get("failed-session-count")),
            receiving_mx=_text(d.get("receiving-mx-hostname")),
            sending_ip=_text(d.get("sending-mta-ip"), 64),
            detail=_text(d.get("additional-information") or d.get("failure-reason-code")),
        )
        for d in (details if isinstance(details, list) else [])[:MAX_DETAILS]
        if isinstance(d, dict)
    )
    return TlsPolicy(
        domain=_text(policy.get("policy-domain")).lower().rstrip("."),
        policy_type=_text(policy.get("policy-type"), 40) or "unknown",
        successes=_count(summary.get("total-successful-session-count")),
        failures=_count(summary.get("total-failure-session-count")),
        failure_details=failures,
    )


def parse_tls_report(data: bytes, source: str = "") -> TlsReport:
    if len(data) > MAX_JSON_BYTES:
        raise NotATlsReport("TLS report larger than 32 MiB")
    try:
        doc = json.loads(data.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError):
        raise NotATlsReport("not valid JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("policies"), list):
        raise NotATlsReport("JSON without the 'policies' list of an RFC 8460 report")
    if len(doc["policies"]) > MAX_POLICIES:
        raise NotATlsReport(f"a TLS report with more than {MAX_POLICIES} policies")
    dates = _object(doc.get("date-range"))
    policies = tuple(p for p in map(_policy, doc["policies"]) if p is not None)
    return TlsReport(
        reporter=_text(doc.get("organization-name")) or "(unnamed reporter)",
        report_id=_text(doc.get("report-id")),
        begin=_when(dates.get("start-datetime")),
        end=_when(dates.get("end-datetime")),
        policies=policies,
        source=source,
    )
