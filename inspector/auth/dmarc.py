"""DMARC (RFC 7489, with DMARCbis np= and tree walk): compose DKIM and SPF into a verdict.

Own evaluator: no DMARC library on PyPI handled the RFC 7489 cases cleanly (organizational
domains of hyphenated names truncated, sp= applied to the organizational domain itself, quoted
TXT chunks kept), and DMARC needs no cryptography, only the results DKIM and SPF already
produced (parse once, then compose). Policy discovery, alignment and the policy that applies
are here; record syntax is in ``dmarc_record``, organizational domains in ``orgdomain``.

Discovery "psl" (the default) follows RFC 7489: ``_dmarc.<From domain>``, then
``_dmarc.<organizational domain>`` from the Public Suffix List. Discovery "treewalk" follows
DMARCbis: walk up the From domain's labels (at most 8 queries) and find organizational
domains from psd= tags. Either way np= applies to From domains that do not exist (RFC 9091).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from inspector.auth.dmarc_record import DmarcRecord, is_dmarc_record, parse_record, report_domain
from inspector.auth.orgdomain import (
    aligned,
    normalize_domain,
    org_domain,
    org_from_records,
    tree_walk_names,
)
from inspector.model.auth import DkimResult, DmarcResult, SpfResult
from inspector.model.codes import (
    Alignment,
    AuthStatus,
    DmarcDiscovery,
    DmarcPolicy,
    DnsStatus,
    PsdFlag,
)
from inspector.net.lookup import OFFLINE_REASON, DnsAnswer, DnsLookup, not_checked_reason

_MAX_FROM_DOMAINS = 5
_MAX_ALIGN_WALKS = 6  # tree walks for DKIM/SPF domains per message
_MAX_REPORT_CHECKS = 8
# worst first: the verdict shown when several From domains disagree
_SEVERITY = [
    AuthStatus.FAIL,
    AuthStatus.TEMPERROR,
    AuthStatus.PERMERROR,
    AuthStatus.NONE,
    AuthStatus.SKIPPED,
    AuthStatus.PASS,
]


class _OfflineError(Exception):
    pass


class _TemporaryError(Exception):
    def __init__(self, name: str, status: DnsStatus) -> None:
        super().__init__(f"DNS {status.value} for {name}")


class _Txt:
    """TXT answers for one evaluation, asked once each (walks revisit the same names)."""

    def __init__(self, dns: DnsLookup) -> None:
        self.dns = dns
        self._seen: dict[str, DnsAnswer] = {}

    def get(self, name: str) -> DnsAnswer:
        if name not in self._seen:
            answer = self.dns.query(name, "TXT")
            if answer.status in (DnsStatus.OFFLINE, DnsStatus.NOT_IN_REPLAY):
                raise _OfflineError(not_checked_reason(answer))
            self._seen[name] = answer
        return self._seen[name]

    def dmarc_records(self, domain: str) -> list[str]:
        """The v=DMARC1 records at _dmarc.<domain>; raises _TemporaryError when unknowable."""
        name = f"_dmarc.{domain}"
        answer = self.get(name)
        if answer.temporary:
            raise _TemporaryError(name, answer.status)
        if not answer.ok:
            return []
        return [text.strip() for text in answer.records if is_dmarc_record(text.strip())]


@dataclass(frozen=True)
class _Found:
    record: DmarcRecord | None
    domain: str | None
    count: int = 0
    note: str = ""


def _at(txt: _Txt, domain: str) -> _Found | None:
    """The record at one name: None when there is none (keep looking)."""
    found = txt.dmarc_records(domain)
    if len(found) > 1:
        return _Found(None, domain, len(found), f"{len(found)} DMARC records at _dmarc.{domain}")
    if found:
        return _Found(parse_record(found[0]), domain, 1)
    return None


def _discover(txt: _Txt, domain: str, discovery: DmarcDiscovery) -> _Found:
    treewalk = discovery is DmarcDiscovery.TREEWALK
    names = tree_walk_names(domain) if treewalk else [domain]
    if not treewalk and org_domain(domain) != domain:
        names.append(org_domain(domain))
    for name in names:
        found = _at(txt, name)
        if found is not None:
            return found
    return _Found(None, None)


def _walk_org(txt: _Txt, domain: str) -> str:
    """DMARCbis organizational domain of ``domain`` (psd= tags of the records up its tree)."""
    psd: dict[str, PsdFlag | None] = {}
    for name in tree_walk_names(domain):
        found = txt.dmarc_records(name)
        if len(found) == 1:
            record = parse_record(found[0])
            psd[name] = record.psd
            if record.psd is PsdFlag.NO or (record.psd is PsdFlag.YES and name != domain):
                break
    return org_from_records(domain, psd)


def _exists(dns: DnsLookup, domain: str) -> bool | None:
    """Whether the name exists for np= (data for A, AAAA or MX); None when unknowable."""
    unknown = False
    for rdtype in ("A", "AAAA", "MX"):
        answer = dns.query(domain, rdtype)
        if answer.ok and answer.records:
            return True
        if answer.temporary:
            unknown = True
    return None if unknown else False


def _report_authorizations(
    dns: DnsLookup, record_domain: str, uris: Sequence[str]
) -> tuple[tuple[str, ...], list[str]]:
    """External rua/ruf destinations must publish <domain>._report._dmarc.<dest> v=DMARC1.

    <domain> is the name the policy record was found at (RFC 7489 7.1 step 3), which is the
    From domain unless the record came from the organizational domain. "External" compares
    organizational domains (PSL), whatever the discovery mode."""
    unauthorized: list[str] = []
    problems: list[str] = []
    checked: dict[str, bool | None] = {}
    for uri in uris:
        dest = report_domain(uri)
        if dest is None or org_domain(dest) == org_domain(record_domain):
            continue
        if dest not in checked and len(checked) < _MAX_REPORT_CHECKS:
            name = f"{record_domain}._report._dmarc.{dest}"
            answer = dns.query(name, "TXT")
            if answer.temporary:
                checked[dest] = None
                problems.append(f"could not check report authorization at {name}")
            else:
                checked[dest] = answer.ok and any(is_dmarc_record(t) for t in answer.records)
        if checked.get(dest) is False:
            unauthorized.append(uri)
            problems.append(
                f"external report address {uri} is not authorized: no v=DMARC1 TXT record at "
                f"{record_domain}._report._dmarc.{dest}"
            )
    return tuple(unauthorized), problems


def _applied(
    dns: DnsLookup, record: DmarcRecord, from_domain: str, record_domain: str
) -> tuple[DmarcPolicy, str, list[str]]:
    """(policy that applies, which tag gave it, problems)."""
    policy = record.p or DmarcPolicy.NONE
    if from_domain == record_domain:
        return policy, "p", []
    sub = record.sp or policy
    source = "sp" if record.sp else "p"
    if record.np is None:
        return sub, source, []
    exists = _exists(dns, from_domain)
    if exists is None:
        return sub, source, [f"could not tell whether {from_domain} exists; np= not applied"]
    if not exists:
        return record.np, "np", []
    return sub, source, []


def _passing_dkim(dkim: Sequence[DkimResult]) -> list[str]:
    domains: list[str] = []
    for result in dkim:
        domain = normalize_domain(result.domain)
        if result.result is AuthStatus.PASS and domain and domain not in domains:
            domains.append(domain)
    return domains


def _evaluate_one(
    dns: DnsLookup,
    txt: _Txt,
    from_domain: str,
    *,
    dkim: Sequence[DkimResult],
    spf: SpfResult,
    discovery: DmarcDiscovery,
) -> DmarcResult:
    base = DmarcResult(AuthStatus.NONE, from_domain=from_domain, discovery=discovery)
    try:
        found = _discover(txt, from_domain, discovery)
    except _TemporaryError as exc:
        return replace(base, result=AuthStatus.TEMPERROR, reason=f"DMARC record lookup: {exc}")
    if found.count > 1:
        return replace(
            base,
            reason=f"{found.note}: with several records none applies (RFC 7489 6.6.3)",
            record_domain=found.domain,
            record_count=found.count,
            problems=(found.note,),
        )
    record, record_domain = found.record, found.domain
    if record is None or record_domain is None:
        return replace(base, reason=f"no DMARC record for {from_domain}")
    if not record.usable:
        return replace(
            base,
            reason=f"the DMARC record at _dmarc.{record_domain} has no valid p= tag and no rua=",
            record_domain=record_domain,
            record=record.raw,
            record_count=1,
            syntax=record.problems,
            problems=record.problems,
        )
    orgs: dict[str, str] = {}
    dkim_domains = _passing_dkim(dkim)
    spf_domain = normalize_domain(spf.domain) if spf.result is AuthStatus.PASS else None
    try:
        if discovery is DmarcDiscovery.TREEWALK:
            walks = 0
            for domain in (from_domain, *dkim_domains, *([spf_domain] if spf_domain else [])):
                if domain not in orgs and walks < _MAX_ALIGN_WALKS:
                    orgs[domain] = _walk_org(txt, domain)
                    walks += 1
        org = orgs.get(from_domain) or org_domain(from_domain)
        policy, source, notes = _applied(dns, record, from_domain, record_domain)
    except _TemporaryError as exc:
        return replace(base, result=AuthStatus.TEMPERROR, reason=f"DMARC lookup: {exc}")
    dkim_match = next(
        (d for d in dkim_domains if aligned(d, from_domain, record.adkim, orgs)), None
    )
    spf_ok = spf_domain is not None and aligned(spf_domain, from_domain, record.aspf, orgs)
    applied = policy.weaker if record.testing else policy
    passed = dkim_match is not None or spf_ok
    unauthorized, report_notes = _report_authorizations(dns, record_domain, record.rua + record.ruf)
    if passed:
        how = [f"DKIM d={dkim_match}"] if dkim_match else []
        how += [f"SPF {spf_domain}"] if spf_ok else []
        reason = f"{' and '.join(how)} aligned with From domain {from_domain}"
        disposition = "none"
        status = AuthStatus.PASS
    else:
        status = AuthStatus.FAIL
        reason = _fail_reason(from_domain, dkim_domains, spf, spf_domain, record)
        reason += f"; policy {policy} (from {source}= at _dmarc.{record_domain})"
        if record.testing:
            reason += f", applied as {applied} because t=y (testing)"
        disposition = applied.value
        if record.pct < 100 and applied.enforcing:
            disposition = (
                f"{applied} for {record.pct}% of failing mail, {applied.weaker} for the rest"
            )
    return DmarcResult(
        result=status,
        reason=reason,
        from_domain=from_domain,
        record_domain=record_domain,
        org_domain=org,
        record=record.raw,
        policy=record.p,
        subdomain_policy=record.sp,
        nonexistent_policy=record.np,
        applied_policy=applied,
        disposition=disposition,
        pct=record.pct,
        testing=record.testing,
        adkim=record.adkim,
        aspf=record.aspf,
        dkim_aligned=dkim_match is not None,
        spf_aligned=spf_ok,
        dkim_domain=dkim_match or (dkim_domains[0] if dkim_domains else None),
        spf_domain=normalize_domain(spf.domain),
        rua=record.rua,
        ruf=record.ruf,
        problems=(*record.problems, *notes, *report_notes),
        syntax=record.problems,
        record_count=1,
        unauthorized_reports=unauthorized,
        discovery=discovery,
    )


def _fail_reason(
    from_domain: str,
    dkim_domains: list[str],
    spf: SpfResult,
    spf_domain: str | None,
    record: DmarcRecord,
) -> str:
    parts: list[str] = []
    if dkim_domains:
        parts.append(
            f"DKIM passed for {', '.join(dkim_domains)}, not aligned ({record.adkim.word})"
        )
    else:
        parts.append("no passing DKIM signature")
    if spf_domain:
        parts.append(f"SPF passed for {spf_domain}, not aligned ({record.aspf.word})")
    else:
        parts.append(f"SPF {spf.result.value}")
    return f"nothing aligned with From domain {from_domain}: {'; '.join(parts)}"


def _domain_of(mail_from: str | None) -> str | None:
    """The domain of an envelope sender as the Return-Path header gives it (``<a@b>``)."""
    _, at, domain = (mail_from or "").strip().strip("<>").rpartition("@")
    return domain if at and domain else None


def _alignable(
    from_domain: str, dkim: Sequence[DkimResult], envelope_domain: str | None
) -> tuple[str, ...]:
    """The message's identities that relaxed alignment would accept for ``from_domain``:
    every DKIM d= and the envelope (Return-Path) domain, verified or not."""
    found: list[str] = []
    candidates = [f"dkim d={d.domain}" for d in dkim if d.domain]
    if envelope_domain:
        candidates.append(f"spf {envelope_domain}")
    for label in candidates:
        domain = normalize_domain(label.rpartition(" ")[2].removeprefix("d="))
        if domain and aligned(domain, from_domain, Alignment.RELAXED) and label not in found:
            found.append(label)
    return tuple(found)


def evaluate_dmarc(
    dns: DnsLookup,
    *,
    from_domains: Sequence[str],
    dkim: Sequence[DkimResult],
    spf: SpfResult,
    discovery: DmarcDiscovery = DmarcDiscovery.PSL,
    mail_from: str | None = None,
) -> DmarcResult:
    """DMARC verdict for the message's From domain(s); never raises.

    Several distinct From domains are each evaluated and the worst verdict is returned with
    a problem noting it (receivers such as Gmail refuse such messages outright)."""
    domains: list[str] = []
    bad: list[str] = []
    for raw in from_domains:
        domain = normalize_domain(raw)
        if domain is None:
            bad.append(str(raw)[:80])
        elif domain not in domains:
            domains.append(domain)
    if not domains:
        reason = "the message has no From address with a usable domain"
        return DmarcResult(AuthStatus.NONE, reason, problems=(reason,))
    alignable = _alignable(domains[0], dkim, spf.domain or _domain_of(mail_from))
    if dns.offline:
        return DmarcResult(
            AuthStatus.SKIPPED,
            OFFLINE_REASON,
            from_domain=domains[0],
            from_domains=tuple(domains),
            alignable=alignable,
        )
    txt = _Txt(dns)
    results: list[DmarcResult] = []
    try:
        for domain in domains[:_MAX_FROM_DOMAINS]:
            results.append(_evaluate_one(dns, txt, domain, dkim=dkim, spf=spf, discovery=discovery))
    except _OfflineError as exc:
        return DmarcResult(
            AuthStatus.SKIPPED,
            str(exc) or OFFLINE_REASON,
            from_domain=domains[0],
            from_domains=tuple(domains),
            alignable=alignable,
        )
    worst = min(results, key=lambda r: _SEVERITY.index(r.result))
    extra: list[str] = []
    if len(domains) > 1:
        extra.append(
            f"several From domains ({', '.join(domains)}): each was evaluated, the worst "
            "verdict is shown; many receivers reject such messages"
        )
    if bad:
        extra.append(f"From addresses without a usable domain: {', '.join(bad)}")
    return replace(
        worst,
        problems=(*worst.problems, *extra),
        from_domains=tuple(domains),
        alignable=alignable,
    )
