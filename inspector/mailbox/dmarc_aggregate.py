"""DMARC aggregate reports summed up the way a domain owner reads them: per source IP and per
reporter, over time, and each source judged authorised, forwarding or unknown.

The judgement, per row and then by volume for the source:
- forwarding: the domain's DKIM signature survived (aligned DKIM pass) but every SPF check
  failed, i.e. an IP no SPF record covers re-sent a genuine message; or the reporter named a
  forwarding override (forwarded, mailing_list, trusted_forwarder); or the source's network is
  a known forwarder or list server;
- authorised: DMARC passed otherwise (aligned SPF, or DKIM from a platform the domain uses);
- unknown: neither. That is where spoofing shows, and where a forgotten platform shows too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from inspector.model.codes import AuthStatus
from inspector.model.feedback import (
    DayVolume,
    DmarcReport,
    DmarcRow,
    FeedbackError,
    FeedbackSummary,
    ReporterSummary,
    SourceClass,
    SourceNetwork,
    SourceSummary,
    TlsReport,
)
from inspector.model.intel import PlatformKind

FORWARD_REASONS = frozenset({"forwarded", "mailing_list", "trusted_forwarder"})
FORWARDER_KINDS = frozenset({PlatformKind.FORWARDER, PlatformKind.MAILING_LIST})


def classify_row(row: DmarcRow, network: SourceNetwork) -> tuple[SourceClass, str]:
    spf_failed = bool(row.spf) and all(
        s.result in (AuthStatus.FAIL, AuthStatus.SOFTFAIL) for s in row.spf
    )
    if row.dkim_aligned is AuthStatus.PASS and spf_failed:
        return SourceClass.FORWARDING, "DKIM passed but SPF failed: a forwarder re-sent it"
    if set(row.reasons) & FORWARD_REASONS:
        return SourceClass.FORWARDING, f"the reporter noted {', '.join(row.reasons)}"
    if network.platform_kind in FORWARDER_KINDS:
        return SourceClass.FORWARDING, f"{network.platform} forwards or redistributes mail"
    if row.dmarc_pass:
        aligned = (("SPF", row.spf_aligned), ("DKIM", row.dkim_aligned))
        how = [n for n, v in aligned if v is AuthStatus.PASS]
        return SourceClass.AUTHORISED, f"aligned {' and '.join(how)} pass"
    return SourceClass.UNKNOWN, "neither SPF nor DKIM aligned: not sent by the domain's platforms"


def _source(ip: str, rows: Sequence[tuple[str, DmarcRow]], network: SourceNetwork) -> SourceSummary:
    volume_by_class: Counter[SourceClass] = Counter()
    why: dict[SourceClass, str] = {}
    dispositions: Counter[str] = Counter()
    for _reporter, row in rows:
        cls, reason = classify_row(row, network)
        volume_by_class[cls] += row.count
        why.setdefault(cls, reason)
        dispositions[row.disposition] += row.count
    order = (SourceClass.UNKNOWN, SourceClass.FORWARDING, SourceClass.AUTHORISED)
    cls = max(order, key=lambda c: (volume_by_class[c], -order.index(c)))
    return SourceSummary(
        ip=ip,
        volume=sum(r.count for _, r in rows),
        dmarc_pass=sum(r.count for _, r in rows if r.dmarc_pass),
        dkim_aligned=sum(r.count for _, r in rows if r.dkim_aligned is AuthStatus.PASS),
        spf_aligned=sum(r.count for _, r in rows if r.spf_aligned is AuthStatus.PASS),
        dkim_pass_unaligned=sum(
            r.count
            for _, r in rows
            if r.dkim_aligned is not AuthStatus.PASS
            and any(d.result is AuthStatus.PASS for d in r.dkim)
        ),
        spf_fail=sum(
            r.count
            for _, r in rows
            if r.spf and all(s.result is not AuthStatus.PASS for s in r.spf)
        ),
        dispositions=tuple(dispositions.most_common()),
        reporters=tuple(sorted({rep for rep, _ in rows})),
        header_from=tuple(sorted({r.header_from for _, r in rows if r.header_from})),
        classification=cls,
        why=why[cls],
        network=network,
    )


def _reporters(reports: Sequence[DmarcReport]) -> tuple[ReporterSummary, ...]:
    grouped: dict[str, list[DmarcReport]] = defaultdict(list)
    for report in reports:
        grouped[report.reporter].append(report)
    out = []
    for name, mine in grouped.items():
        rows = [r for rep in mine for r in rep.rows]
        dispositions: Counter[str] = Counter()
        for row in rows:
            dispositions[row.disposition] += row.count
        out.append(
            ReporterSummary(
                reporter=name,
                reports=len(mine),
                volume=sum(r.count for r in rows),
                dmarc_pass=sum(r.count for r in rows if r.dmarc_pass),
                dispositions=tuple(dispositions.most_common()),
            )
        )
    return tuple(sorted(out, key=lambda r: (-r.volume, r.reporter)))


def _days(reports: Sequence[DmarcReport]) -> tuple[DayVolume, ...]:
    volume: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    for report in reports:
        day = report.begin.date().isoformat() if report.begin else "unknown"
        volume[day] += report.volume
        passed[day] += sum(r.count for r in report.rows if r.dmarc_pass)
    return tuple(DayVolume(d, volume[d], passed[d]) for d in sorted(volume))


def unique_reports(reports: Iterable[DmarcReport]) -> list[DmarcReport]:
    """Each report once: the same report often arrives twice (a file and its e-mail)."""
    seen: dict[tuple[str, str, str], DmarcReport] = {}
    for report in reports:
        key = (report.reporter, report.report_id, report.domain)
        if not report.report_id or key not in seen:
            seen[key if report.report_id else (report.source, str(len(seen)), "")] = report
    return list(seen.values())


def source_ips(reports: Iterable[DmarcReport]) -> list[str]:
    return list(dict.fromkeys(row.source_ip for report in reports for row in report.rows))


def summarise_feedback(
    reports: Iterable[DmarcReport],
    tls_reports: Iterable[TlsReport] = (),
    errors: Iterable[FeedbackError] = (),
    networks: Mapping[str, SourceNetwork] | None = None,
) -> FeedbackSummary:
    """Aggregate; ``networks`` (from ``lookup_source_networks``) names who runs each IP."""
    unique = unique_reports(reports)
    unique.sort(key=lambda r: (r.begin.timestamp() if r.begin else 0.0, r.reporter))
    rows_by_ip: dict[str, list[tuple[str, DmarcRow]]] = defaultdict(list)
    for report in unique:
        for row in report.rows:
            rows_by_ip[row.source_ip].append((report.reporter, row))
    nets = networks or {}
    sources = [_source(ip, rows, nets.get(ip, SourceNetwork())) for ip, rows in rows_by_ip.items()]
    sources.sort(key=lambda s: (-s.volume, s.ip))
    return FeedbackSummary(
        domains=tuple(sorted({r.domain for r in unique if r.domain})),
        reports=tuple(unique),
        sources=tuple(sources),
        reporters=_reporters(unique),
        days=_days(unique),
        tls_reports=tuple(tls_reports),
        errors=tuple(errors),
    )
