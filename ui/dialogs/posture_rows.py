"""A domain's posture as rows a person reads at a glance: each mechanism, a mark (pass, fail,
warning, absent, not checked) and the record or the reason, for the domain check dialog and
its "copy as text / Markdown" actions.

The judgement is the one ``inspector.intel.domaincheck`` already makes in its notes; the marks
only sort each mechanism into the badge a reader expects, so an optional record that is
missing (MTA-STS, BIMI) reads "absent", never "fail".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inspector.intel.domaincheck import DKIM_SELECTORS, SPF_LOOKUP_LIMIT, DomainPosture
from inspector.model.codes import DnsStatus


class Mark(StrEnum):
    PASS = "pass"
    WARN = "warning"
    FAIL = "fail"
    ABSENT = "absent"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class PostureRow:
    name: str
    mark: Mark
    summary: str
    record: str = ""


OFFLINE = "not checked (offline)"
#: Answers that say something about the domain; anything else (a timeout, a name missing
#: from a replayed recording) leaves the question open.
ANSWERED = (DnsStatus.ANSWER, DnsStatus.NXDOMAIN, DnsStatus.NODATA)


def _unanswered(p: DomainPosture, *questions: tuple[str, str]) -> str | None:
    """Why none of ``questions`` (name, type) got an answer, or None when one did."""
    asked = {(q.name.lower().rstrip("."), q.rdtype.upper()): q for q in p.dns}
    found = [asked.get((name.lower(), rdtype)) for name, rdtype in questions]
    if any(q is None or q.status in ANSWERED for q in found):
        return None
    status = found[0].status if found and found[0] is not None else DnsStatus.ERROR
    if status is DnsStatus.NOT_IN_REPLAY:
        return "not checked (not in the recorded answers)"
    if status is DnsStatus.OFFLINE:
        return OFFLINE
    return f"not checked (DNS {status.value})"


def _open(name: str, p: DomainPosture, *questions: tuple[str, str]) -> PostureRow | None:
    why = _unanswered(p, *questions)
    return PostureRow(name, Mark.NOT_CHECKED, why) if why else None


NAMES = ("MX", "SPF", "DMARC", "DKIM selectors", "MTA-STS", "TLS-RPT", "BIMI")


def _mx(p: DomainPosture) -> PostureRow:
    if p.mx == ("0 .",):
        return PostureRow("MX", Mark.WARN, "null MX: the domain receives no mail", "0 .")
    if not p.mx:
        return _open("MX", p, (p.domain, "MX")) or PostureRow(
            "MX", Mark.FAIL, f"no MX record ({p.mx_status or 'none'})"
        )
    hosts = ", ".join(r.partition(" ")[2] or r for r in p.mx)
    return PostureRow("MX", Mark.PASS, f"{len(p.mx)} mail server(s): {hosts}", "\n".join(p.mx))


def _spf(p: DomainPosture) -> PostureRow:
    record = p.spf_record or ""
    if p.spf_lookups > SPF_LOOKUP_LIMIT:
        return PostureRow(
            "SPF",
            Mark.FAIL,
            f"{p.spf_lookups} DNS lookups, over the limit of {SPF_LOOKUP_LIMIT}",
            record,
        )
    if p.spf_problems:
        return PostureRow("SPF", Mark.FAIL, "; ".join(p.spf_problems), record)
    if not record:
        return _open("SPF", p, (p.domain, "TXT")) or PostureRow("SPF", Mark.FAIL, "no SPF record")
    return PostureRow(
        "SPF", Mark.PASS, f"published, {p.spf_lookups} of {SPF_LOOKUP_LIMIT} lookups", record
    )


def _dmarc(p: DomainPosture) -> PostureRow:
    if p.dmarc_record is None:
        unanswered = _open("DMARC", p, (f"_dmarc.{p.domain}", "TXT"))
        return unanswered or PostureRow("DMARC", Mark.FAIL, "no DMARC record")
    where = f" at _dmarc.{p.dmarc_domain}" if p.dmarc_domain else ""
    problems = f"; {'; '.join(p.dmarc_problems)}" if p.dmarc_problems else ""
    if p.dmarc_policy is not None and p.dmarc_policy.enforcing:
        mark = Mark.WARN if p.dmarc_problems else Mark.PASS
        summary = f"p={p.dmarc_policy}{where}{problems}"
    else:
        mark = Mark.WARN
        summary = f"p={p.dmarc_policy or 'none'} (monitoring only){where}{problems}"
    return PostureRow("DMARC", mark, summary, p.dmarc_record)


def _dkim(p: DomainPosture) -> PostureRow:
    if not p.dkim_selectors:
        asked = [(f"{s}._domainkey.{p.domain}", "TXT") for s in DKIM_SELECTORS]
        return _open("DKIM selectors", p, *asked) or PostureRow(
            "DKIM selectors", Mark.ABSENT, "no key under the common selectors (a probe only)"
        )
    names = ", ".join(s for s, _ in p.dkim_selectors)
    records = "\n".join(f"{s}: {k}" for s, k in p.dkim_selectors)
    return PostureRow("DKIM selectors", Mark.PASS, f"keys found: {names}", records)


def _optional(
    p: DomainPosture, name: str, record: str | None, where: str, missing: str
) -> PostureRow:
    if record is None:
        return _open(name, p, (where, "TXT")) or PostureRow(name, Mark.ABSENT, missing)
    return PostureRow(name, Mark.PASS, "published", record)


def posture_rows(p: DomainPosture) -> list[PostureRow]:
    """One row per mechanism, in the order a postmaster checks them."""
    if p.offline:
        return [PostureRow(name, Mark.NOT_CHECKED, OFFLINE) for name in NAMES]
    if not p.mx_status:
        # Not a valid domain name: nothing was asked.
        return [PostureRow(name, Mark.NOT_CHECKED, "not checked") for name in NAMES]
    d = p.domain
    return [
        _mx(p),
        _spf(p),
        _dmarc(p),
        _dkim(p),
        _optional(
            p, "MTA-STS", p.mta_sts, f"_mta-sts.{d}", "no policy: inbound TLS is not enforced"
        ),
        _optional(
            p, "TLS-RPT", p.tls_rpt, f"_smtp._tls.{d}", "no record: TLS failures go unreported"
        ),
        _optional(p, "BIMI", p.bimi, f"default._bimi.{d}", "no record (optional)"),
    ]


def _note_lines(p: DomainPosture) -> list[str]:
    return [
        f"[{n.severity.value}] {n.title}" + (f": {n.detail}" if n.detail else "") for n in p.notes
    ]


def posture_as_text(p: DomainPosture) -> str:
    """Plain text for a ticket or an e-mail."""
    lines = [f"Domain check: {p.domain} ({p.checked_at.isoformat(timespec='seconds')})", ""]
    width = max(len(n) for n in NAMES)
    for row in posture_rows(p):
        lines.append(f"{row.name:<{width}}  {row.mark.value:<11}  {row.summary}")
        if row.record:
            lines += [f"{'':<{width}}  {'':<11}  {r}" for r in row.record.splitlines()]
    notes = _note_lines(p)
    if notes:
        lines += ["", "Notes:"] + [f"  {n}" for n in notes]
    return "\n".join(lines)


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def posture_as_markdown(p: DomainPosture) -> str:
    """A Markdown table (records in code spans) for a ticket or a chat."""
    lines = [
        f"**Domain check: {_md(p.domain)}** ({p.checked_at.isoformat(timespec='seconds')})",
        "",
        "| Check | Result | Detail | Record |",
        "|---|---|---|---|",
    ]
    for row in posture_rows(p):
        record = " ".join(f"`{_md(r)}`" for r in row.record.splitlines())
        lines.append(f"| {row.name} | {row.mark.value} | {_md(row.summary)} | {record} |")
    notes = _note_lines(p)
    if notes:
        lines += ["", "Notes:", ""] + [f"- {_md(n)}" for n in notes]
    return "\n".join(lines)
