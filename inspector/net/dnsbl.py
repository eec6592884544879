"""DNS blocklists (DNSBL/RHSBL): build the questions, decode every answer code.

Written here rather than taken from a library because the PyPI DNSBL clients run their own
resolvers (we must go through the session's cache, budget and evidence log) and none of them
tells a list's refusal codes from a listing. A refusal (Spamhaus 127.255.255.254 for public
resolvers, SURBL/URIBL 127.0.0.1) means "not checked", never "listed". What each code means
lives in ``inspector/data/dnsbl.json``; a list missing there is decoded generically.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from inspector.data import load_json
from inspector.model.codes import DnsStatus, Severity
from inspector.model.intel import BlocklistResult
from inspector.net.lookup import DnsAnswer, DnsLookup

REFUSED_MEANING = "not checked: the list refused this resolver"
_MAX_CODES = 8  # a hostile or broken list may answer with many records; keep a few


@dataclass(frozen=True)
class CodeMeaning:
    meaning: str
    severity: Severity
    listed: bool = True
    policy: bool = False


@dataclass(frozen=True)
class BlocklistDef:
    """One list as described in data/dnsbl.json."""

    zone: str
    name: str
    kind: str  # "ip" or "domain"
    severity: Severity
    reference: str = ""
    codes: Mapping[str, CodeMeaning] = field(default_factory=dict)
    bitmask: Mapping[int, CodeMeaning] = field(default_factory=dict)
    refused: Mapping[str, str] = field(default_factory=dict)


def _meaning(raw: Mapping[str, Any], default: Severity) -> CodeMeaning:
    sev = raw.get("severity")
    return CodeMeaning(
        meaning=str(raw.get("meaning", "")),
        severity=Severity(sev) if isinstance(sev, str) else default,
        listed=bool(raw.get("listed", True)),
        policy=bool(raw.get("policy", False)),
    )


@cache
def known_lists() -> dict[str, BlocklistDef]:
    """Every list the data file describes, by zone (lower case)."""
    out: dict[str, BlocklistDef] = {}
    for item in load_json("dnsbl.json")["lists"]:
        sev = Severity(item.get("severity", "medium"))
        out[item["zone"].lower()] = BlocklistDef(
            zone=item["zone"].lower(),
            name=item["name"],
            kind=item["kind"],
            severity=sev,
            reference=item.get("reference", ""),
            codes={k: _meaning(v, sev) for k, v in item.get("codes", {}).items()},
            bitmask={int(k): _meaning(v, sev) for k, v in item.get("bitmask", {}).items()},
            refused=dict(item.get("refused", {})),
        )
    return out


def list_def(zone: str, kind: str = "ip") -> BlocklistDef:
    """The definition of ``zone``; an unknown zone gets a generic one (any 127/8 = listed)."""
    zone = zone.lower().strip().rstrip(".")
    found = known_lists().get(zone)
    if found is not None:
        return found
    return BlocklistDef(zone=zone, name=zone, kind=kind, severity=Severity.MEDIUM)


def ip_query_name(ip: str, zone: str) -> str | None:
    """``1.2.0.192.zen.spamhaus.org`` for 192.0.2.1; IPv6 as 32 reversed nibbles."""
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if isinstance(addr, ipaddress.IPv4Address):
        labels = ".".join(reversed(str(addr).split(".")))
    else:
        labels = ".".join(reversed(addr.exploded.replace(":", "")))
    return f"{labels}.{zone.strip().rstrip('.')}"


def domain_query_name(domain: str, zone: str) -> str | None:
    """``example.com.dbl.spamhaus.org``; None for names that cannot be asked."""
    name = domain.strip().rstrip(".").lower()
    if not name or ".." in name or len(name) > 200 or any(c.isspace() for c in name):
        return None
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return f"{name}.{zone.strip().rstrip('.')}"
    return None  # domain lists refuse IP queries


def _decode_codes(defn: BlocklistDef, codes: Sequence[str]) -> list[CodeMeaning]:
    found: list[CodeMeaning] = []
    for code in codes:
        if code in defn.codes:
            found.append(defn.codes[code])
        elif defn.bitmask:
            try:
                last = int(ipaddress.IPv4Address(code)) & 0xFF
            except ValueError:
                last = 0
            bits = [m for bit, m in sorted(defn.bitmask.items()) if last & bit]
            found.extend(bits or [CodeMeaning(f"listed (code {code})", defn.severity)])
        else:
            found.append(CodeMeaning(f"listed (code {code})", defn.severity))
    return found


def interpret(defn: BlocklistDef, target: str, answer: DnsAnswer) -> BlocklistResult:
    """Turn one A answer into a result: listed, not_listed, refused, timeout, offline, error."""

    def result(status: str, codes: Sequence[str] = (), meaning: str = "") -> BlocklistResult:
        return BlocklistResult(defn.zone, defn.name, target, status, tuple(codes), meaning)

    if answer.status in (DnsStatus.NXDOMAIN, DnsStatus.NODATA):
        return result("not_listed")
    if answer.status is DnsStatus.OFFLINE:
        return result("offline", meaning="not checked (offline)")
    if answer.status is DnsStatus.TIMEOUT:
        return result("timeout", meaning="not checked: the list did not answer in time")
    if answer.status is DnsStatus.REFUSED:
        return result("refused", meaning=REFUSED_MEANING)
    if not answer.ok:
        return result("error", meaning=f"not checked: DNS {answer.status.value}")
    codes = sorted({r.strip() for r in answer.records if r.strip()})[:_MAX_CODES]
    refused = [c for c in codes if c in defn.refused]
    if refused:
        return result("refused", refused, defn.refused[refused[0]])
    valid: list[str] = []
    for code in codes:
        try:
            addr = ipaddress.IPv4Address(code)
        except ValueError:
            continue
        if addr in ipaddress.IPv4Network("127.0.0.0/8"):
            valid.append(code)
    if not valid:
        return result(
            "error",
            codes,
            "not checked: the answer is not a blocklist code (the resolver may rewrite "
            "NXDOMAIN answers)",
        )
    meanings = _decode_codes(defn, valid)
    if not any(m.listed for m in meanings):
        return result("not_listed", valid, "; ".join(m.meaning for m in meanings))
    listed = [m.meaning for m in meanings if m.listed]
    return result("listed", valid, "; ".join(dict.fromkeys(listed)))


def listing_severity(res: BlocklistResult) -> Severity:
    """The weight of a listing: the worst severity among its decoded codes."""
    defn = list_def(res.zone)
    meanings = [m for m in _decode_codes(defn, res.codes) if m.listed]
    if not meanings:
        return defn.severity
    return max((m.severity for m in meanings), key=lambda s: s.rank)


def is_policy_listing(res: BlocklistResult) -> bool:
    """True when every code is a policy listing (Spamhaus PBL): end-user space, not abuse."""
    meanings = [m for m in _decode_codes(list_def(res.zone), res.codes) if m.listed]
    return bool(meanings) and all(m.policy for m in meanings)


def ip_questions(ips: Iterable[str], zones: Iterable[str]) -> dict[tuple[str, str], str]:
    """(question name, "A") -> "zone|ip" for every IP on every list."""
    out: dict[tuple[str, str], str] = {}
    zones = [z for z in (z.strip().rstrip(".") for z in zones) if "." in z]
    for ip in ips:
        for zone in zones:
            name = ip_query_name(ip, zone)
            if name:
                out[(name, "A")] = f"{zone}|{ip}"
    return out


def domain_questions(domains: Iterable[str], zones: Iterable[str]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    zones = [z for z in (z.strip().rstrip(".") for z in zones) if "." in z]
    for domain in domains:
        for zone in zones:
            name = domain_query_name(domain, zone)
            if name:
                out[(name, "A")] = f"{zone}|{domain}"
    return out


def collect(
    questions: Mapping[tuple[str, str], str],
    answers: Mapping[tuple[str, str], DnsAnswer],
    kind: str,
) -> dict[str, tuple[BlocklistResult, ...]]:
    """Group decoded answers by target (IP or domain), in list order."""
    out: dict[str, list[BlocklistResult]] = {}
    for key, tag in questions.items():
        zone, _, target = tag.partition("|")
        answer = answers.get(key) or DnsAnswer(key[0], "A", DnsStatus.ERROR)
        out.setdefault(target, []).append(interpret(list_def(zone, kind), target, answer))
    return {k: tuple(v) for k, v in out.items()}


def check_ips(
    dns: DnsLookup, ips: Sequence[str], zones: Sequence[str]
) -> dict[str, tuple[BlocklistResult, ...]]:
    """Ask every IP list about every IP in one batch."""
    questions = ip_questions(ips, zones)
    return collect(questions, dns.query_many(list(questions)) if questions else {}, "ip")


def check_domains(
    dns: DnsLookup, domains: Sequence[str], zones: Sequence[str]
) -> dict[str, tuple[BlocklistResult, ...]]:
    """Ask every domain list about every (registrable) domain in one batch."""
    questions = domain_questions(domains, zones)
    return collect(questions, dns.query_many(list(questions)) if questions else {}, "domain")
