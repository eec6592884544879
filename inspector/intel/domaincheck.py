"""``domain`` command: the mail posture of one domain, without a message.

What a postmaster wants to see at a glance before (or instead of) analysing a message: where
its mail goes (MX), who may send for it (SPF tree and lookup cost), what receivers should do
with failures (DMARC), which common DKIM selectors publish keys, transport security policies
(MTA-STS, TLS-RPT), BIMI, and who registered it (RDAP). Every DNS question of the first round
goes out in one ``query_many`` batch; the SPF tree walk reuses the session's cache.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime
from typing import Any

from inspector.auth.dmarc_record import is_dmarc_record, parse_record
from inspector.auth.spf_tree import spf_records, walk_tree
from inspector.intel.ownership import domain_intel, registrable_domain
from inspector.model.auth import SpfNode, SpfVia
from inspector.model.codes import DmarcPolicy, Masking, RdapStatus, Severity
from inspector.model.dns import DnsQuery
from inspector.model.intel import DomainIntel
from inspector.net.lookup import DnsAnswer, DnsLookup, RdapLookup

#: Selectors commonly used by mail servers and platforms (a probe, not a proof of absence).
DKIM_SELECTORS: tuple[str, ...] = (
    "default", "google", "selector1", "selector2", "k1", "k2", "k3", "s1", "s2", "s1024",
    "dkim", "mail", "smtp", "mandrill", "mxvault", "everlytickey1", "everlytickey2", "sig1",
    "key1", "key2", "mailjet", "zendesk1", "zendesk2", "hs1", "hs2", "pm", "sm", "cm", "fm1",
    "protonmail", "mx",
)  # fmt: skip
SPF_LOOKUP_LIMIT = 10


@dataclass(frozen=True)
class PostureNote:
    """One observation about the domain, like a finding but without a message."""

    severity: Severity
    title: str
    detail: str = ""


@dataclass(frozen=True)
class DomainPosture:
    domain: str
    checked_at: datetime
    offline: bool = False
    mx: tuple[str, ...] = ()
    mx_status: str = ""
    spf_record: str | None = None
    spf_tree: SpfNode | None = None
    spf_lookups: int = 0
    spf_problems: tuple[str, ...] = ()
    dmarc_domain: str | None = None
    dmarc_record: str | None = None
    dmarc_policy: DmarcPolicy | None = None
    dmarc_problems: tuple[str, ...] = ()
    dkim_selectors: tuple[tuple[str, str], ...] = ()  # (selector, key record)
    mta_sts: str | None = None
    tls_rpt: str | None = None
    bimi: str | None = None
    registration: DomainIntel | None = None
    # (part, reason) for parts whose DNS questions got no usable answer: "not checked" is
    # not "none", and a timeout must never read as a missing record.
    not_checked: tuple[tuple[str, str], ...] = ()
    notes: tuple[PostureNote, ...] = ()
    dns: tuple[DnsQuery, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dataclasses as objects, enums as values, datetimes in ISO 8601."""
        converted = _plain(self)
        assert isinstance(converted, dict)
        return converted


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name.rstrip("_"): _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _normalise(domain: str) -> str | None:
    name = domain.strip().rstrip(".").lower()
    if name.startswith(("http://", "https://")) or "@" in name:
        name = name.split("//")[-1].split("/")[0].rpartition("@")[2]
    try:
        name = name.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or not all(0 < len(x) <= 63 for x in labels):
        return None
    if not all(c.isalnum() or c in "-_" for c in name.replace(".", "")):
        return None
    return name


def _unanswered(answers: list[DnsAnswer]) -> str | None:
    """ "not checked (timeout)" and the like when a part's questions failed temporarily."""
    failed = [a for a in answers if a.temporary]
    return f"not checked ({failed[0].status.value})" if failed else None


def _not_checked(**parts: tuple[bool, list[DnsAnswer]]) -> tuple[tuple[str, str], ...]:
    """Parts not found whose answers failed, named as ``format_domain_posture`` shows them."""
    out = []
    for part, (found, answers) in parts.items():
        reason = None if found else _unanswered(answers)
        if reason:
            out.append((part.replace("_", "-"), reason))
    return tuple(out)


def _txt(answer: DnsAnswer | None, prefix: str) -> str | None:
    if answer is None or not answer.ok:
        return None
    found = [r for r in answer.records if r.lower().startswith(prefix.lower())]
    return found[0] if found else None


def check_domain(
    domain: str, dns: DnsLookup, rdap: RdapLookup | None, *, now: datetime
) -> DomainPosture:
    """The mail posture of ``domain``; never raises, offline sessions ask nothing."""
    name = _normalise(domain)
    if name is None:
        note = PostureNote(Severity.HIGH, "Not a valid domain name", domain[:100])
        return DomainPosture(domain[:253], now, notes=(note,))
    if dns.offline:
        note = PostureNote(Severity.INFO, "Not checked (offline)")
        return DomainPosture(name, now, offline=True, notes=(note,))
    org = registrable_domain(name) or name
    dmarc_names = list(dict.fromkeys([f"_dmarc.{name}", f"_dmarc.{org}"]))
    questions: list[tuple[str, str]] = [(name, "MX"), (name, "TXT")]
    questions += [(q, "TXT") for q in dmarc_names]
    questions += [(f"{s}._domainkey.{name}", "TXT") for s in DKIM_SELECTORS]
    questions += [
        (f"_mta-sts.{name}", "TXT"),
        (f"_smtp._tls.{name}", "TXT"),
        (f"default._bimi.{name}", "TXT"),
    ]
    answers = dns.query_many(questions)

    mx_answer = answers[(name, "MX")]
    mx = tuple(sorted(mx_answer.records, key=_mx_pref)) if mx_answer.ok else ()

    spf_found = spf_records(answers[(name, "TXT")].records) if answers[(name, "TXT")].ok else []
    walk = walk_tree(dns, name) if spf_found else None

    dmarc_domain: str | None = None
    dmarc_raw: str | None = None
    for q in dmarc_names:
        answer = answers[(q, "TXT")]
        found = [r for r in answer.records if is_dmarc_record(r)] if answer.ok else []
        if found:
            dmarc_domain, dmarc_raw = q.removeprefix("_dmarc."), found[0]
            break
    dmarc = parse_record(dmarc_raw) if dmarc_raw else None

    selectors = []
    for s in DKIM_SELECTORS:
        answer = answers[(f"{s}._domainkey.{name}", "TXT")]
        keys = [r for r in answer.records if "p=" in r or r.startswith("v=DKIM1")]
        if answer.ok and keys:
            selectors.append((s, keys[0]))

    registration: DomainIntel | None = None
    if rdap is not None:
        registration = domain_intel("domain", org, rdap.domain(org), now)

    mta_sts = _txt(answers[(f"_mta-sts.{name}", "TXT")], "v=STSv1")
    tls_rpt = _txt(answers[(f"_smtp._tls.{name}", "TXT")], "v=TLSRPTv1")
    bimi = _txt(answers[(f"default._bimi.{name}", "TXT")], "v=BIMI1")
    not_checked = _not_checked(
        MX=(bool(mx), [mx_answer]),
        SPF=(bool(spf_found), [answers[(name, "TXT")]]),
        DMARC=(dmarc_raw is not None, [answers[(q, "TXT")] for q in dmarc_names]),
        DKIM=(
            bool(selectors),
            [answers[(f"{s}._domainkey.{name}", "TXT")] for s in DKIM_SELECTORS],
        ),
        MTA_STS=(mta_sts is not None, [answers[(f"_mta-sts.{name}", "TXT")]]),
        TLS_RPT=(tls_rpt is not None, [answers[(f"_smtp._tls.{name}", "TXT")]]),
        BIMI=(bimi is not None, [answers[(f"default._bimi.{name}", "TXT")]]),
    )
    posture = DomainPosture(
        domain=name,
        checked_at=now,
        mx=mx,
        mx_status=mx_answer.status.value,
        spf_record=spf_found[0] if len(spf_found) == 1 else None,
        spf_tree=walk.root if walk else None,
        spf_lookups=walk.lookups if walk else 0,
        spf_problems=walk.problems if walk else (),
        dmarc_domain=dmarc_domain,
        dmarc_record=dmarc_raw,
        dmarc_policy=dmarc.p if dmarc else None,
        dmarc_problems=dmarc.problems if dmarc else (),
        dkim_selectors=tuple(selectors),
        mta_sts=mta_sts,
        tls_rpt=tls_rpt,
        bimi=bimi,
        registration=registration,
        not_checked=not_checked,
    )
    temporary = [a for a in answers.values() if a.temporary]
    notes = _notes(posture, dmarc.pct if dmarc else 100, bool(temporary))
    return replace(posture, notes=notes, dns=dns.evidence())


def _mx_pref(record: str) -> tuple[int, str]:
    pref, _, host = record.partition(" ")
    return (int(pref) if pref.isdigit() else 65536, host)


def _notes(p: DomainPosture, pct: int, incomplete: bool) -> tuple[PostureNote, ...]:
    notes: list[PostureNote] = []

    def add(sev: Severity, title: str, detail: str = "") -> None:
        notes.append(PostureNote(sev, title, detail))

    unchecked = dict(p.not_checked)
    by_reason: dict[str, list[str]] = {}
    for part, reason in p.not_checked:
        by_reason.setdefault(reason, []).append(part)
    for reason, parts in by_reason.items():
        add(
            Severity.INFO,
            f"{reason[0].upper()}{reason[1:]}: {', '.join(parts)}",
            "their DNS questions got no answer, so nothing is known about them; "
            "try again later or ask another server",
        )
    if incomplete and not unchecked:
        add(
            Severity.INFO,
            "Some DNS questions got no answer (timeout or error)",
            "results below may be incomplete",
        )
    if p.mx == ("0 .",):
        add(Severity.INFO, "Null MX: the domain declares it receives no mail (RFC 7505)")
    elif not p.mx and "MX" not in unchecked:
        add(
            Severity.MEDIUM,
            "No MX record",
            "replies and bounces to this domain fall back to its A record or fail",
        )
    if p.spf_record is None and not p.spf_problems and "SPF" not in unchecked:
        add(Severity.HIGH, "No SPF record", "receivers cannot tell which servers may send as it")
    for problem in p.spf_problems:
        add(Severity.MEDIUM, "SPF problem", problem)
    if p.spf_lookups > SPF_LOOKUP_LIMIT:
        add(
            Severity.HIGH,
            f"SPF needs {p.spf_lookups} DNS lookups (limit {SPF_LOOKUP_LIMIT})",
            "receivers return permerror and SPF fails for every sender (RFC 7208 4.6.4)",
        )
    if p.dmarc_record is None:
        if "DMARC" not in unchecked:
            add(
                Severity.HIGH,
                "No DMARC record",
                "Gmail and Yahoo require DMARC for bulk senders; spoofing is not discouraged",
            )
    elif p.dmarc_policy in (None, DmarcPolicy.NONE):
        add(
            Severity.MEDIUM,
            "DMARC policy is p=none (monitoring only)",
            "receivers are not asked to act on mail that fails authentication",
        )
    elif pct < 100:
        add(Severity.LOW, f"DMARC applies to {pct}% of failing mail only (pct={pct})")
    for problem in p.dmarc_problems:
        add(Severity.LOW, "DMARC record problem", problem)
    if not p.dkim_selectors and "DKIM" not in unchecked:
        add(
            Severity.INFO,
            "No DKIM key under the common selectors",
            "DKIM may still be set up under a selector of its own; a signed message shows it",
        )
    if p.mta_sts is None and "MTA-STS" not in unchecked:
        add(Severity.INFO, "No MTA-STS policy (RFC 8461)", "inbound TLS is not enforced")
    if p.tls_rpt is None and "TLS-RPT" not in unchecked:
        add(Severity.INFO, "No TLS-RPT record (RFC 8460)", "TLS delivery failures go unreported")
    if p.bimi is not None and not (p.dmarc_policy and p.dmarc_policy.enforcing):
        add(
            Severity.LOW,
            "BIMI is published but DMARC is not enforcing",
            "mailbox providers show BIMI logos only with p=quarantine or p=reject",
        )
    reg = p.registration
    if reg is not None:
        if reg.status is RdapStatus.NOT_FOUND:
            add(Severity.HIGH, f"The registry has no record of {reg.domain}")
        elif reg.status is not RdapStatus.OK:
            add(Severity.INFO, f"Registration data not available ({reg.status})")
        if reg.age_days is not None and reg.age_days < 90:
            sev = Severity.HIGH if reg.age_days < 30 else Severity.MEDIUM
            days = "1 day" if reg.age_days == 1 else f"{reg.age_days} days"
            add(
                sev,
                f"Registered {days} ago",
                "young domains are distrusted by filters until they build a history",
            )
        if reg.masking is Masking.PROXY:
            add(Severity.LOW, f"Owner hidden behind {reg.masking_service or 'a privacy service'}")
    return tuple(sorted(notes, key=lambda n: -n.severity.rank))


def _tree_lines(node: SpfNode, depth: int = 0) -> list[str]:
    pad = "  " * depth
    head = f"{pad}{node.domain}" + (f" ({node.via})" if node.via is not SpfVia.TOP else "")
    missing = (node.result.value if node.result else node.detail) or "none"
    lines = [f"{head}: {node.record}" if node.record else f"{head}: {missing}"]
    for child in node.children:
        lines += _tree_lines(child, depth + 1)
    return lines


def format_domain_posture(p: DomainPosture) -> str:
    """Readable text for the terminal."""
    out = [f"Domain: {p.domain}  (checked {p.checked_at.isoformat(timespec='seconds')})", ""]
    if p.notes:
        out.append("Notes:")
        out += [
            f"  [{n.severity.value}] {n.title}" + (f": {n.detail}" if n.detail else "")
            for n in p.notes
        ]
        out.append("")
    if p.offline:
        return "\n".join(out).rstrip()
    unchecked = dict(p.not_checked)
    out.append("MX:" + ("" if p.mx else f" {unchecked.get('MX') or f'none ({p.mx_status})'}"))
    out += [f"  {r}" for r in p.mx]
    out.append(f"SPF: {p.spf_record or unchecked.get('SPF') or 'none'}")
    if p.spf_tree is not None:
        out.append(f"  lookups: {p.spf_lookups} of {SPF_LOOKUP_LIMIT}")
        out += ["  " + line for line in _tree_lines(p.spf_tree)]
    out.append(
        f"DMARC: {p.dmarc_record or unchecked.get('DMARC') or 'none'}"
        + (f"  (at _dmarc.{p.dmarc_domain})" if p.dmarc_domain else "")
    )
    found = ", ".join(s for s, _ in p.dkim_selectors)
    out.append(f"DKIM selectors found: {found or unchecked.get('DKIM') or 'none'}")
    out += [f"  {s}: {k[:90]}" for s, k in p.dkim_selectors]
    out.append(f"MTA-STS: {p.mta_sts or unchecked.get('MTA-STS') or 'none'}")
    out.append(f"TLS-RPT: {p.tls_rpt or unchecked.get('TLS-RPT') or 'none'}")
    out.append(f"BIMI: {p.bimi or unchecked.get('BIMI') or 'none'}")
    reg = p.registration
    if reg is not None:
        out.append(f"Registration ({reg.domain}): {reg.status}")
        if reg.status is RdapStatus.OK:
            out.append(f"  registrar: {reg.registrar or '?'}")
            created = reg.created.date().isoformat() if reg.created else "?"
            out.append(f"  created: {created} ({reg.age_days} days)")
            out.append(f"  owner: {reg.registrant_org or '?'} ({reg.masking.value})")
            if reg.nameservers:
                out.append(f"  nameservers: {', '.join(reg.nameservers)}")
    return "\n".join(out)
