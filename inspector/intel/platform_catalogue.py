"""The catalogue of sending platforms (``inspector/data/platforms.json``), parsed once.

Each platform lists signals (a header, a DKIM d= domain, the bounce domain, the sending
host's rDNS or HELO, a Message-ID or Feedback-ID shape, the List-Unsubscribe host) with a
weight. Kept as data so a fingerprint can be added or corrected without touching the
scoring (``inspector.intel.platforms``).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from inspector.data import load_json
from inspector.model.intel import ClueKind, PlatformKind

MIN_CONFIDENCE = 0.5
DOMAIN_TYPES = frozenset(
    {
        ClueKind.DKIM_DOMAIN,
        ClueKind.RETURN_PATH_DOMAIN,
        ClueKind.RDNS,
        ClueKind.LIST_UNSUBSCRIBE_HOST,
        ClueKind.FROM_DOMAIN,
        ClueKind.BY_HOST,
    }
)
REGEX_TYPES = frozenset({ClueKind.HEADER_REGEX, ClueKind.MESSAGE_ID, ClueKind.FEEDBACK_ID})
SIGNAL_TYPES = DOMAIN_TYPES | REGEX_TYPES | {ClueKind.HEADER_PRESENT, ClueKind.IP}


@dataclass(frozen=True)
class Signal:
    type: ClueKind
    pattern: str
    weight: float
    header: str | None = None
    regex: re.Pattern[str] | None = None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None

    @cached_property
    def lowered(self) -> str:
        return self.pattern.lower()

    @cached_property
    def plain_domain(self) -> bool:
        """A domain pattern without wildcards: it matches exactly the names ending in it."""
        return (
            self.type in DOMAIN_TYPES
            and self.regex is None
            and "*" not in self.pattern
            and "?" not in self.pattern
        )

    @cached_property
    def key(self) -> str:
        """The ``clue_key`` of the clues this signal could match."""
        if self.type is ClueKind.HEADER_PRESENT:
            return clue_key(ClueKind.HEADER, self.pattern)
        if self.type is ClueKind.HEADER_REGEX:
            return clue_key(ClueKind.HEADER, self.header)
        return self.type

    @cached_property
    def required_suffix(self) -> str | None:
        """For a domain glob ending in literal labels (``*.sendgrid.net``), the parent name
        every match has (``sendgrid.net``): a message with no such name cannot match, which
        spares the glob on the common path."""
        if self.type not in DOMAIN_TYPES or self.regex is not None:
            return None
        tail = self.lowered[max(self.lowered.rfind("*"), self.lowered.rfind("?")) + 1 :]
        if not tail.startswith(".") or len(tail) < 2 or "[" in tail or "]" in tail:
            return None
        return tail[1:]


@dataclass(frozen=True)
class Platform:
    name: str
    kind: PlatformKind
    domains: tuple[str, ...]
    signals: tuple[Signal, ...]
    requires: tuple[str, ...] = ()
    over: tuple[str, ...] = ()

    def owns(self, domain: str | None) -> bool:
        """True when ``domain`` is one of the platform's own (bounce, signing) domains."""
        if not domain:
            return False
        own = list(self.domains) + [
            s.pattern
            for s in self.signals
            if s.type in (ClueKind.DKIM_DOMAIN, ClueKind.RETURN_PATH_DOMAIN)
        ]
        return any(domain_matches(domain, p) for p in own)


def clue_key(kind: ClueKind, header: str | None = None) -> str:
    """Clues and signals meet under this key: the clue type, or the header name."""
    return f"header:{(header or '').lower()}" if kind is ClueKind.HEADER else kind


def domain_matches(domain: str, pattern: str) -> bool:
    """Suffix match (``sendgrid.net`` covers ``o1.sendgrid.net``), or a glob with * or ?."""
    d = domain.lower().rstrip(".")
    p = pattern.lower()
    if "*" in p or "?" in p:
        return fnmatch.fnmatchcase(d, p)
    return d == p or d.endswith("." + p)


def _signal(raw: dict[str, Any]) -> Signal:
    kind = ClueKind(str(raw["type"]))
    if kind not in SIGNAL_TYPES:
        raise ValueError(f"unknown signal type {kind!r}")
    pattern = str(raw["pattern"])
    regex = re.compile(pattern, re.IGNORECASE) if kind in REGEX_TYPES else None
    header = raw.get("header")
    network = ipaddress.ip_network(pattern) if kind is ClueKind.IP else None
    weight = float(raw["weight"])
    return Signal(kind, pattern, weight, str(header) if header else None, regex, network)


@lru_cache(maxsize=1)
def load_platforms() -> tuple[Platform, ...]:
    """The bundled fingerprints, parsed once."""
    data = load_json("platforms.json")
    return tuple(
        Platform(
            name=str(p["name"]),
            kind=PlatformKind(str(p.get("kind", "esp"))),
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
