"""Who owns the domains a message names: RDAP registration data per domain role.

Roles: ``from``, ``return_path``, ``dkim`` (d= of each signature), ``reply_to`` and ``link``
(the most frequent link domains). Lookups are made for the registrable domain (the public
suffix list, ICANN section only, because RDAP answers at the registry level), once per
domain however many roles it plays.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from inspector.auth.orgdomain import icann_suffix_list
from inspector.intel import masking
from inspector.model.auth import AuthSummary
from inspector.model.codes import RdapStatus
from inspector.model.intel import BlocklistResult, DomainIntel, Link
from inspector.model.message import ParsedMessage
from inspector.net.lookup import RdapAnswer, RdapLookup

MAX_LINK_DOMAINS = 3
MAX_PER_ROLE = 4  # hostile messages may carry dozens of From or DKIM domains
_DKIM_D = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.IGNORECASE)


def registrable_domain(name: str | None) -> str | None:
    """``mail.example.co.uk`` -> ``example.co.uk``; None for IPs, suffixes and junk."""
    if not name:
        return None
    if len(name) <= _MAX_CACHED_NAME:
        return _registrable(name)
    return _registrable_uncached(name)


_MAX_CACHED_NAME = 300  # a host name has at most 253 characters; longer text is not cached
_NOT_IN_HOST = re.compile(r"[\s/\\:]")


@lru_cache(maxsize=4096)
def _registrable(name: str) -> str | None:
    """Cached: the writers, the ownership roles and the rules ask about the same few hosts
    of a message again and again, and a mailbox repeats them."""
    return _registrable_uncached(name)


def _registrable_uncached(name: str) -> str | None:
    host = name.strip().strip("<>[]").rstrip(".").lower()
    if "@" in host:
        host = host.rpartition("@")[2]
    if not host or len(host) > 253 or _NOT_IN_HOST.search(host):
        return None
    if host.replace(".", "").isdigit():
        return None
    try:
        found = icann_suffix_list().privatesuffix(host)
    except (ValueError, TypeError):  # pragma: no cover - defensive: hostile input
        return None
    return found if isinstance(found, str) else None


def _dkim_domains(message: ParsedMessage, auth: AuthSummary) -> list[str]:
    found = [r.domain for r in auth.dkim if r.domain]
    for header in message.get_all("DKIM-Signature")[:20]:
        match = _DKIM_D.search(header.value.replace("\r", "").replace("\n", ""))
        if match:
            found.append(match.group(1))
    return found


def link_domains(links: Sequence[Link], limit: int = MAX_LINK_DOMAINS) -> list[str]:
    """The ``limit`` most frequent registrable link domains (the unwrapped target first)."""
    counts: Counter[str] = Counter()
    for link in links:
        domain = registrable_domain(link.target_domain or link.domain)
        if domain:
            counts[domain] += 1
    return [d for d, _ in counts.most_common(limit)]


def domain_roles(
    message: ParsedMessage, auth: AuthSummary, links: Sequence[Link] = ()
) -> tuple[tuple[str, str], ...]:
    """(role, registrable domain) pairs in a stable order, without repeats."""
    pairs: list[tuple[str, str]] = []

    def add(role: str, names: Iterable[str | None]) -> None:
        taken = 0
        for name in names:
            domain = registrable_domain(name)
            if domain and (role, domain) not in pairs and taken < MAX_PER_ROLE:
                pairs.append((role, domain))
                taken += 1

    add("from", (a.domain for a in message.from_))
    add("return_path", [message.return_path or auth.spf.mail_from])
    add("dkim", _dkim_domains(message, auth))
    add("reply_to", (a.domain for a in message.reply_to))
    add("link", link_domains(links))
    return tuple(pairs)


def _parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def registration_date(data: Mapping[str, Any]) -> datetime | None:
    events = data.get("events")
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict) and event.get("eventAction") == "registration":
            return _parse_date(event.get("eventDate"))
    return None


def domain_intel(
    role: str,
    domain: str,
    answer: RdapAnswer | None,
    now: datetime,
    blocklists: tuple[BlocklistResult, ...] = (),
) -> DomainIntel:
    """Build the DomainIntel for one role from one RDAP answer (None: RDAP not asked)."""
    if answer is None:
        return DomainIntel(role, domain, blocklists=blocklists, status=RdapStatus.SKIPPED)
    if answer.status is not RdapStatus.OK or not answer.data:
        why = (f"RDAP {answer.status}: {answer.error}".rstrip(": "),)
        return DomainIntel(role, domain, evidence=why, blocklists=blocklists, status=answer.status)
    data = answer.data
    registrar = next((c.fn or c.org for c in masking.contacts(data, "registrar")), None)
    created = registration_date(data)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    age = (now - created).days if created else None
    if age is not None and age < 0:  # a registration in the future is a registry error
        age = None
    statuses = data.get("status")
    servers = data.get("nameservers")
    nameservers = tuple(
        str(ns.get("ldhName", "")).lower().rstrip(".")
        for ns in (servers if isinstance(servers, list) else [])[:20]
        if isinstance(ns, dict) and ns.get("ldhName")
    )
    registrant = next(iter(masking.contacts(data, "registrant")), None)
    verdict = masking.classify(data)
    evidence = list(verdict.evidence)
    if answer.url:
        evidence.append(f"RDAP {answer.url}")
    return DomainIntel(
        role=role,
        domain=domain,
        registrar=registrar,
        created=created,
        age_days=age,
        statuses=tuple(str(s) for s in (statuses if isinstance(statuses, list) else [])[:20]),
        nameservers=nameservers,
        registrant_org=registrant.org if registrant else None,
        registrant_country=registrant.country if registrant else None,
        masking=verdict.masking,
        masking_service=verdict.service,
        evidence=tuple(evidence),
        blocklists=blocklists,
        status=RdapStatus.OK,
    )


def lookup_domains(
    roles: Sequence[tuple[str, str]],
    rdap: RdapLookup | None,
    now: datetime,
    blocklists: Mapping[str, tuple[BlocklistResult, ...]] | None = None,
) -> tuple[DomainIntel, ...]:
    """One RDAP question per distinct domain, one DomainIntel per (role, domain)."""
    distinct = list(dict.fromkeys(d for _, d in roles))
    answers: dict[str, RdapAnswer | None] = dict.fromkeys(distinct)
    if rdap is not None and distinct:
        with ThreadPoolExecutor(max_workers=min(4, len(distinct))) as pool:
            answers.update(zip(distinct, pool.map(rdap.domain, distinct), strict=True))
    out: list[DomainIntel] = []
    for role, domain in roles:
        out.append(
            domain_intel(role, domain, answers[domain], now, (blocklists or {}).get(domain, ()))
        )
    return tuple(out)
