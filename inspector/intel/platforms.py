"""Which sending platform (ESP, mailbox provider, helpdesk) handled a message, and for whom.

Fingerprints are data (``inspector/data/platforms.json``): each platform lists signals (a
header, a DKIM d= domain, the bounce domain, the sending host's rDNS, a Message-ID or
Feedback-ID shape, the List-Unsubscribe host) with a weight. Every signal that matches is
one line of evidence; the weights combine as independent clues (``1 - prod(1 - w)``), so
one strong signal or several weak ones make a match and a single forgeable header does not.

Only sender-side evidence counts: relays the recipient runs (``hop.internal``) and the
headers they add above the trust boundary describe the receiver, not the sender. Written
here rather than taken from a library because no maintained fingerprint library exists.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from inspector.data import load_json
from inspector.intel.lookalike import org_domain
from inspector.model.auth import DkimResult
from inspector.model.codes import AuthStatus
from inspector.model.intel import PlatformMatch
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop

MIN_CONFIDENCE = 0.5
_MAX_HEADERS = 1000
_MAX_VALUE = 4096
_DOMAIN_TYPES = frozenset(
    {"dkim_domain", "return_path_domain", "rdns", "list_unsubscribe_host", "from_domain"}
)
_REGEX_TYPES = frozenset({"header_regex", "message_id", "feedback_id"})
_ALL_TYPES = _DOMAIN_TYPES | _REGEX_TYPES | {"header_present"}
# A DKIM signature the verifier rejected still shows who signed, but less convincingly.
_DKIM_FACTOR = {str(AuthStatus.PASS): 1.0, str(AuthStatus.FAIL): 0.6}
_DKIM_UNVERIFIED = 0.8
_HELO_FACTOR = 0.8
_UPSTREAM_FACTOR = 0.7
_D_TAG = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Signal:
    type: str
    pattern: str
    weight: float
    header: str | None = None
    regex: re.Pattern[str] | None = None

    @cached_property
    def lowered(self) -> str:
        return self.pattern.lower()

    @cached_property
    def plain_domain(self) -> bool:
        """A domain pattern without wildcards: it matches exactly the names ending in it."""
        return (
            self.type in _DOMAIN_TYPES
            and self.regex is None
            and "*" not in self.pattern
            and "?" not in self.pattern
        )


@dataclass(frozen=True)
class Platform:
    name: str
    kind: str
    domains: tuple[str, ...]
    signals: tuple[Signal, ...]
    requires: tuple[str, ...] = ()
    over: tuple[str, ...] = ()

    @cached_property
    def clue_keys(self) -> frozenset[str]:
        """The kinds of clue any of its signals could match (see ``_candidates``)."""
        keys: set[str] = set()
        for s in self.signals:
            if s.type == "header_present":
                keys.add(_key("header", s.pattern))
            elif s.type == "header_regex":
                keys.add(_key("header", s.header))
            else:
                keys.add(s.type)
        return frozenset(keys)

    def owns(self, domain: str | None) -> bool:
        """True when ``domain`` is one of the platform's own (bounce, signing) domains."""
        if not domain:
            return False
        own = list(self.domains) + [
            s.pattern for s in self.signals if s.type in ("dkim_domain", "return_path_domain")
        ]
        return any(domain_matches(domain, p) for p in own)


def domain_matches(domain: str, pattern: str) -> bool:
    """Suffix match (``sendgrid.net`` covers ``o1.sendgrid.net``), or a glob with * or ?."""
    d = domain.lower().rstrip(".")
    p = pattern.lower()
    if "*" in p or "?" in p:
        return fnmatch.fnmatchcase(d, p)
    return d == p or d.endswith("." + p)


def _signal(raw: dict[str, Any]) -> Signal:
    kind = str(raw["type"])
    if kind not in _ALL_TYPES:
        raise ValueError(f"unknown signal type {kind!r}")
    pattern = str(raw["pattern"])
    regex = re.compile(pattern, re.IGNORECASE) if kind in _REGEX_TYPES else None
    header = raw.get("header")
    return Signal(kind, pattern, float(raw["weight"]), str(header) if header else None, regex)


@lru_cache(maxsize=1)
def load_platforms() -> tuple[Platform, ...]:
    """The bundled fingerprints, parsed once."""
    data = load_json("platforms.json")
    return tuple(
        Platform(
            name=str(p["name"]),
            kind=str(p.get("kind", "esp")),
            domains=tuple(str(d) for d in p.get("domains", ())),
            signals=tuple(_signal(s) for s in p["signals"]),
            requires=tuple(str(r) for r in p.get("requires", ())),
            over=tuple(str(o) for o in p.get("over", ())),
        )
        for p in data["platforms"]
    )


def all_platforms() -> list[str]:
    """Names of every recognised platform, in catalogue order (for docs and the GUI)."""
    return [p.name for p in load_platforms()]


def platform_by_name(name: str) -> Platform | None:
    for p in load_platforms():
        if p.name == name:
            return p
    return None


def is_platform_domain(name: str | None, domain: str | None) -> bool:
    """Does the named platform own ``domain``? Lets identity rules excuse a bounce domain."""
    if not name:
        return False
    platform = platform_by_name(name)
    return platform is not None and platform.owns(domain)


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class _Clue:
    """One observed value that signals are tested against, with a trust factor."""

    type: str
    value: str
    label: str
    factor: float = 1.0
    header: str | None = None

    @cached_property
    def lowered(self) -> str:
        return self.value.lower().rstrip(".")


def _clip(value: str | None) -> str:
    return (value or "")[:_MAX_VALUE]


def _addr_domain(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip().strip("<>").strip()
    if "@" not in text:
        return None
    domain = text.rpartition("@")[2].strip().strip(">").lower().rstrip(".")
    return domain or None


def _unsubscribe_hosts(value: str) -> list[str]:
    hosts: list[str] = []
    for found in re.findall(r"<([^>]{1,2048})>", value)[:10]:
        item = found.strip()
        if item.lower().startswith("mailto:"):
            host = _addr_domain(item[7:].split("?", 1)[0])
        else:
            m = re.match(r"(?i)https?://([^/?#:@\s]+)", item)
            host = m.group(1).lower() if m else None
        if host:
            hosts.append(host)
    return hosts


def _sender_side_headers(message: ParsedMessage, hops: Sequence[Hop]) -> list[tuple[str, str]]:
    """Headers the sending side wrote: below the trust boundary's Received header when the
    hop chain tells us where that is, else all of them."""
    headers = list(message.headers[:_MAX_HEADERS])
    received_pos = [i for i, h in enumerate(headers) if h.name.lower() == "received"]
    boundary = [h for h in hops if h.boundary]
    if boundary and len(received_pos) == len(hops):
        # hops are oldest first; Received headers are newest first.
        pos = received_pos[len(hops) - 1 - hops.index(boundary[0])]
        headers = headers[pos + 1 :]
    return [(h.name, _clip(h.value)) for h in headers]


def signing_domains(message: ParsedMessage, dkim: Sequence[DkimResult]) -> list[tuple[str, str]]:
    """(domain, status) for each signature: verified results when given, else the d= tags."""
    found: list[tuple[str, str]] = []
    if dkim:
        for r in dkim[:50]:
            if r.domain:
                found.append((r.domain.lower().rstrip("."), str(r.result)))
        return found
    for h in message.get_all("DKIM-Signature")[:50]:
        m = _D_TAG.search(_clip(h.value))
        if m:
            found.append((m.group(1).lower().rstrip("."), "unverified"))
    return found


def _resent_by_list(message: ParsedMessage, rp_domain: str | None) -> bool:
    """A mailing list (List-Id) resent the message under its own bounce address: the hops
    before the list are the author's, not the sending platform's."""
    m = re.search(r"<([^<>@\s]{1,253})>", _clip(message.get("List-Id")))
    return bool(m and rp_domain and org_domain(m.group(1)) == org_domain(rp_domain))


def _clues(message: ParsedMessage, dkim: Sequence[DkimResult], hops: Sequence[Hop]) -> list[_Clue]:
    clues: list[_Clue] = []
    for name, value in _sender_side_headers(message, hops):
        clues.append(_Clue("header", value, f"{name}: {value[:120]}", header=name.lower()))
    for domain, status in signing_domains(message, dkim):
        factor = _DKIM_FACTOR.get(status, _DKIM_UNVERIFIED)
        clues.append(_Clue("dkim_domain", domain, f"DKIM d={domain} ({status})", factor))
    return_path = message.return_path or message.get("Return-Path")
    rp_domain = _addr_domain(return_path)
    if rp_domain:
        clues.append(_Clue("return_path_domain", rp_domain, f"Return-Path domain {rp_domain}"))
    if return_path:
        rp = _clip(return_path)
        clues.append(_Clue("header", rp, f"Return-Path: {rp[:120]}", header="return-path"))
    if message.from_:
        from_domain = message.from_[0].domain
        if from_domain:
            clues.append(_Clue("from_domain", from_domain, f"From domain {from_domain}"))
    if message.message_id:
        mid = message.message_id.strip()[:998]
        clues.append(_Clue("message_id", mid, f"Message-ID {mid[:120]}"))
    for name in ("Feedback-ID", "X-Feedback-ID"):
        for h in message.get_all(name)[:5]:
            value = _clip(h.value).strip()
            clues.append(_Clue("feedback_id", value, f"{name}: {value[:120]}"))
    for h in message.get_all("List-Unsubscribe")[:5]:
        for host in _unsubscribe_hosts(_clip(h.value)):
            clues.append(_Clue("list_unsubscribe_host", host, f"List-Unsubscribe host {host}"))
    has_boundary = any(h.boundary for h in hops)
    resent = _resent_by_list(message, rp_domain)
    for hop in hops[:100]:
        if hop.internal or (resent and has_boundary and not hop.boundary):
            continue
        # The boundary hop's client handed the message to the recipient: that is the sending
        # platform. Older hops (an author's provider before a mailing list) count for less.
        factor = 1.0 if hop.boundary or not has_boundary else _UPSTREAM_FACTOR
        where = "sending host" if factor == 1.0 else "upstream relay"
        if hop.rdns:
            clues.append(_Clue("rdns", hop.rdns, f"rDNS of {where} {hop.rdns}", factor))
        if hop.helo:
            label = f"HELO of {where} {hop.helo}"
            clues.append(_Clue("rdns", hop.helo, label, _HELO_FACTOR * factor))
    return clues


def _match(signal: Signal, clue: _Clue) -> bool:
    if signal.type in ("header_present", "header_regex"):
        if clue.type != "header":
            return False
        wanted = (signal.header if signal.type == "header_regex" else signal.pattern) or ""
        if clue.header != wanted.lower():
            return False
        return signal.type == "header_present" or bool(
            signal.regex and signal.regex.search(clue.value)
        )
    if signal.type != clue.type:
        return False
    if signal.regex is not None:
        return bool(signal.regex.search(clue.value))
    return _lowered_match(clue.lowered, signal.lowered)


def _lowered_match(domain: str, pattern: str) -> bool:
    """domain_matches for values already lower-cased (the hot path: hundreds per message)."""
    if "*" in pattern or "?" in pattern:
        return fnmatch.fnmatchcase(domain, pattern)
    return domain == pattern or (domain.endswith(pattern) and domain[-len(pattern) - 1] == ".")


def _evidence_line(signal: Signal, clue: _Clue) -> str:
    if signal.type == "header_present":
        return f"header {signal.pattern} present"
    return clue.label


@dataclass(frozen=True)
class _Score:
    platform: Platform
    confidence: float
    total: float
    evidence: tuple[str, ...]


def _key(kind: str, header: str | None = None) -> str:
    return f"header:{(header or '').lower()}" if kind == "header" else kind


def _index(clues: Iterable[_Clue]) -> dict[str, list[_Clue]]:
    """Clues grouped so a signal only looks at the ones it could match."""
    index: dict[str, list[_Clue]] = {}
    for clue in clues:
        index.setdefault(_key(clue.type, clue.header), []).append(clue)
    return index


def _candidates(signal: Signal, index: dict[str, list[_Clue]]) -> list[_Clue]:
    if signal.type == "header_present":
        return index.get(_key("header", signal.pattern), [])
    if signal.type == "header_regex":
        return index.get(_key("header", signal.header), [])
    return index.get(signal.type, [])


def _suffixes(index: dict[str, list[_Clue]]) -> dict[str, frozenset[str]]:
    """Per clue type, every name and every parent of it (a.b.example -> b.example, example):
    a plain domain signal matches exactly when its pattern is among them."""
    out: dict[str, frozenset[str]] = {}
    for kind in _DOMAIN_TYPES:
        names: set[str] = set()
        for clue in index.get(kind, ()):
            name = clue.lowered
            names.add(name)
            dot = name.find(".")
            while dot >= 0:
                names.add(name[dot + 1 :])
                dot = name.find(".", dot + 1)
        out[kind] = frozenset(names)
    return out


def _score(
    platform: Platform,
    index: dict[str, list[_Clue]],
    suffixes: dict[str, frozenset[str]] | None = None,
) -> _Score | None:
    if platform.clue_keys.isdisjoint(index):
        return None  # nothing in this message could match any of its signals
    known = suffixes if suffixes is not None else _suffixes(index)
    evidence: list[str] = []
    miss = 1.0
    total = 0.0
    matched_types: set[str] = set()
    for signal in platform.signals:
        if signal.plain_domain and signal.lowered not in known.get(signal.type, frozenset()):
            continue
        best: tuple[float, _Clue] | None = None
        for clue in _candidates(signal, index):
            if _match(signal, clue):
                weight = signal.weight * clue.factor
                if best is None or weight > best[0]:
                    best = (weight, clue)
        if best is None:
            continue
        line = _evidence_line(signal, best[1])
        if line in evidence:
            continue
        evidence.append(line)
        matched_types.add(signal.type)
        miss *= 1.0 - min(best[0], 0.99)
        total += best[0]
    if not evidence:
        return None
    if platform.requires and not matched_types & set(platform.requires):
        return None
    return _Score(platform, round(1.0 - miss, 3), total, tuple(evidence))


def _customer(platform: Platform, message: ParsedMessage, dkim_domains: list[str]) -> str | None:
    """The organisation the platform sent for: the From domain, else a signing domain,
    whichever is not the platform's own."""
    from_domain = message.from_[0].domain if message.from_ else ""
    for domain in [from_domain, *dkim_domains]:
        if domain and "." in domain and not platform.owns(domain):
            return org_domain(domain)
    return None


def identify_platform(
    message: ParsedMessage, dkim: Sequence[DkimResult] = (), hops: Sequence[Hop] = ()
) -> PlatformMatch | None:
    """The most likely sending platform, or None when the evidence is too thin."""
    clues = _clues(message, dkim, hops)
    index = _index(clues)
    suffixes = _suffixes(index)
    scores = [s for p in load_platforms() if (s := _score(p, index, suffixes))]
    candidates = [s for s in scores if s.confidence >= MIN_CONFIDENCE]
    if not candidates:
        return None
    names = {s.platform.name for s in candidates}
    beaten = {o for s in candidates for o in s.platform.over if o in names}
    remaining = [s for s in candidates if s.platform.name not in beaten] or candidates
    best = max(remaining, key=lambda s: (s.confidence, s.total))
    dkim_domains = [c.value for c in clues if c.type == "dkim_domain"]
    return PlatformMatch(
        name=best.platform.name,
        evidence=best.evidence,
        confidence=best.confidence,
        customer=_customer(best.platform, message, dkim_domains),
        kind=best.platform.kind,
    )


_SIGNAL_TITLES = {
    "header_present": "header",
    "header_regex": "header value",
    "dkim_domain": "DKIM d=",
    "return_path_domain": "Return-Path",
    "rdns": "rDNS/HELO",
    "message_id": "Message-ID",
    "list_unsubscribe_host": "List-Unsubscribe",
    "feedback_id": "Feedback-ID",
    "from_domain": "From",
}


def render_platforms_markdown() -> str:
    """docs/platforms.md: every recognised platform and the signals that identify it."""
    lines = [
        "# Recognised sending platforms",
        "",
        "Generated from `inspector/data/platforms.json` by",
        "`inspector.intel.platforms.render_platforms_markdown()`; do not edit by hand.",
        "",
        f"{len(load_platforms())} platforms. A platform is reported when its matching signals",
        f"combine to a confidence of at least {MIN_CONFIDENCE} (weights combine as",
        "`1 - prod(1 - w)`). Only sender-side evidence counts.",
        "",
        "| Platform | Kind | Signals |",
        "|---|---|---|",
    ]
    for p in load_platforms():
        parts = []
        for s in p.signals:
            title = _SIGNAL_TITLES[s.type]
            shown = f"{s.header}: /{s.pattern}/" if s.type == "header_regex" else s.pattern
            parts.append(f"{title} `{shown.replace('|', chr(92) + '|')}` ({s.weight:g})")
        lines.append(f"| {p.name} | {p.kind} | {'; '.join(parts)} |")
    return "\n".join(lines) + "\n"
