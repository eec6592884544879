"""What a blocklist's answer means: listed, not listed, or not checked, and at what weight.

None of the PyPI DNSBL clients tells a list's refusal codes from a listing. A refusal
(Spamhaus 127.255.255.254 for public resolvers, SURBL/URIBL 127.0.0.1) means "not checked",
never "listed". What each code means lives in ``inspector/data/dnsbl.json``; a list missing
there is decoded generically (any 127/8 code is a listing). The weight of a listing and
whether it is a policy listing are computed here, so the rules only read them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from inspector.data import load_json
from inspector.model.codes import DnsStatus, Severity
from inspector.model.intel import BlocklistKind, BlocklistResult, BlocklistStatus
from inspector.net.dnsbl import Questions
from inspector.net.lookup import OFFLINE_REASON, DnsAnswer

REFUSED_MEANING = "not checked: the list refused this resolver"
_MAX_CODES = 8  # a hostile or broken list may answer with many records; keep a few
_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")


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
    kind: BlocklistKind
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
            kind=BlocklistKind(item["kind"]),
            severity=sev,
            reference=item.get("reference", ""),
            codes={k: _meaning(v, sev) for k, v in item.get("codes", {}).items()},
            bitmask={int(k): _meaning(v, sev) for k, v in item.get("bitmask", {}).items()},
            refused=dict(item.get("refused", {})),
        )
    return out


def list_def(zone: str, kind: BlocklistKind = BlocklistKind.IP) -> BlocklistDef:
    """The definition of ``zone``; an unknown zone gets a generic one (any 127/8 = listed)."""
    zone = zone.lower().strip().rstrip(".")
    found = known_lists().get(zone)
    if found is not None:
        return found
    return BlocklistDef(zone=zone, name=zone, kind=kind, severity=Severity.MEDIUM)


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


def _is_blocklist_code(code: str) -> bool:
    try:
        return ipaddress.IPv4Address(code) in _LOOPBACK
    except ValueError:
        return False


_UNANSWERED = {
    DnsStatus.OFFLINE: (BlocklistStatus.OFFLINE, OFFLINE_REASON),
    DnsStatus.TIMEOUT: (BlocklistStatus.TIMEOUT, "not checked: the list did not answer in time"),
    DnsStatus.REFUSED: (BlocklistStatus.REFUSED, REFUSED_MEANING),
}


def interpret(defn: BlocklistDef, target: str, answer: DnsAnswer) -> BlocklistResult:
    """Turn one A answer into a result: listed, not_listed, refused, timeout, offline, error."""

    def result(
        status: BlocklistStatus, codes: Sequence[str] = (), meaning: str = ""
    ) -> BlocklistResult:
        return BlocklistResult(
            defn.zone, defn.name, target, status, tuple(codes), meaning, defn.severity
        )

    if answer.status in (DnsStatus.NXDOMAIN, DnsStatus.NODATA):
        return result(BlocklistStatus.NOT_LISTED)
    if answer.status in _UNANSWERED:
        status, meaning = _UNANSWERED[answer.status]
        return result(status, meaning=meaning)
    if not answer.ok:
        return result(BlocklistStatus.ERROR, meaning=f"not checked: DNS {answer.status.value}")
    codes = sorted({r.strip() for r in answer.records if r.strip()})[:_MAX_CODES]
    refused = [c for c in codes if c in defn.refused]
    if refused:
        return result(BlocklistStatus.REFUSED, refused, defn.refused[refused[0]])
    valid = [code for code in codes if _is_blocklist_code(code)]
    if not valid:
        return result(
            BlocklistStatus.ERROR,
            codes,
            "not checked: the answer is not a blocklist code (the resolver may rewrite "
            "NXDOMAIN answers)",
        )
    meanings = _decode_codes(defn, valid)
    listed = [m for m in meanings if m.listed]
    if not listed:
        return result(BlocklistStatus.NOT_LISTED, valid, "; ".join(m.meaning for m in meanings))
    return BlocklistResult(
        defn.zone,
        defn.name,
        target,
        BlocklistStatus.LISTED,
        tuple(valid),
        "; ".join(dict.fromkeys(m.meaning for m in listed)),
        severity=max((m.severity for m in listed), key=lambda s: s.rank),
        policy=all(m.policy for m in listed),
    )


def collect(
    questions: Questions, answers: Mapping[tuple[str, str], DnsAnswer], kind: BlocklistKind
) -> dict[str, tuple[BlocklistResult, ...]]:
    """Group decoded answers by target (IP or domain), in list order."""
    out: dict[str, list[BlocklistResult]] = {}
    for key, (zone, target) in questions.items():
        answer = answers.get(key) or DnsAnswer(key[0], "A", DnsStatus.ERROR)
        out.setdefault(target, []).append(interpret(list_def(zone, kind), target, answer))
    return {k: tuple(v) for k, v in out.items()}
