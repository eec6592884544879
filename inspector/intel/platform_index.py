"""Which catalogue signals a message's clues match, found without testing every signal.

The catalogue holds some 550 signals of 120 platforms and a message carries a few dozen
clues. Plain domains are looked up by name and domain globs by their literal parent; the
signals that can only be tested one by one (Message-ID and Feedback-ID shapes, header
patterns, address ranges) are grouped by the clue they read, and each group first asks one
combined test whether any of its signals can match a clue at all. Most messages match none
of them, so scoring then visits only the platforms that have matching evidence.
"""

from __future__ import annotations

import bisect
import fnmatch
import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from inspector.intel.platform_catalogue import DOMAIN_TYPES, Signal, load_platforms
from inspector.intel.platform_clues import Clue
from inspector.model.intel import ClueKind

#: (platform position, signal position) in the catalogue
Position = tuple[int, int]


def signal_matches(signal: Signal, clue: Clue) -> bool:
    """Does the clue show what the signal looks for?"""
    if signal.type in (ClueKind.HEADER_PRESENT, ClueKind.HEADER_REGEX):
        if clue.type is not ClueKind.HEADER:
            return False
        wanted = (signal.header if signal.type is ClueKind.HEADER_REGEX else signal.pattern) or ""
        if clue.header != wanted.lower():
            return False
        return signal.type is ClueKind.HEADER_PRESENT or bool(
            signal.regex and signal.regex.search(clue.value)
        )
    if signal.type != clue.type:
        return False
    if signal.network is not None:
        address = clue_address(clue.value)
        return address is not None and address in signal.network
    if signal.regex is not None:
        return bool(signal.regex.search(clue.value))
    pattern = signal.lowered
    if "*" in pattern or "?" in pattern:
        return _glob(pattern)(clue.lowered) is not None
    domain = clue.lowered
    return domain == pattern or (domain.endswith(pattern) and domain[-len(pattern) - 1] == ".")


@lru_cache(maxsize=4096)
def clue_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address an ip clue carries, parsed once for all the catalogue's networks (and
    the relays a mailbox repeats) instead of once per network signal."""
    try:
        return ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return None


@lru_cache(maxsize=256)
def _glob(pattern: str) -> Callable[[str], re.Match[str] | None]:
    """The glob as ``fnmatch.fnmatchcase`` reads it (the same translation), compiled once
    per catalogue pattern."""
    return re.compile(fnmatch.translate(pattern)).match


@dataclass(frozen=True)
class _Group:
    """The signals read from one clue key that must be tested one by one, with a combined
    test that is false only when none of them can match the clue: their patterns as one
    alternation, their globs as one, or their address ranges merged. A group of mixed kinds
    has no combined test."""

    positions: tuple[Position, ...]
    any_pattern: re.Pattern[str] | None = None  # searched in the clue's value
    any_glob: re.Pattern[str] | None = None  # matched against the clue's lowered value
    ranges: tuple[tuple[int, int, int], ...] = ()  # (IP version, first, last), merged

    def may_match(self, clue: Clue) -> bool:
        if self.any_pattern is not None:
            return self.any_pattern.search(clue.value) is not None
        if self.any_glob is not None:
            return self.any_glob.match(clue.lowered) is not None
        if self.ranges:
            address = clue_address(clue.value)
            if address is None:
                return False
            value = int(address)
            at = bisect.bisect_right(self.ranges, (address.version, value, 1 << 129)) - 1
            if at < 0:
                return False
            version, first, last = self.ranges[at]
            return version == address.version and first <= value <= last
        return True


@dataclass(frozen=True)
class _SignalTable:
    """Signal positions by what a message must carry for the signal to match at all: a plain
    domain by (clue type, that name), a domain glob with a literal parent by (clue type, the
    parent), any other signal in the group of its clue key."""

    by_name: dict[tuple[str, str], tuple[Position, ...]]
    by_key: dict[str, _Group]


def _group(signals: Sequence[tuple[Position, Signal]]) -> _Group:
    positions = tuple(p for p, _ in signals)
    regexes = [s.regex for _, s in signals if s.regex is not None]
    if len(regexes) == len(signals) and all(r.flags & re.IGNORECASE for r in regexes):
        combined = _alternation([r.pattern for r in regexes], re.IGNORECASE)
        if combined is not None and combined.groups == sum(r.groups for r in regexes):
            return _Group(positions, any_pattern=combined)
    networks = [s.network for _, s in signals if s.network is not None]
    if len(networks) == len(signals):
        return _Group(positions, ranges=_merged(networks))
    globs = [s.lowered for _, s in signals if _is_glob(s)]
    if len(globs) == len(signals):
        return _Group(positions, any_glob=_alternation([fnmatch.translate(g) for g in globs]))
    return _Group(positions)


def _is_glob(signal: Signal) -> bool:
    return (
        signal.type in DOMAIN_TYPES
        and signal.regex is None
        and ("*" in signal.lowered or "?" in signal.lowered)
    )


def _alternation(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str] | None:
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error:
        return None


def _merged(
    networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network],
) -> tuple[tuple[int, int, int], ...]:
    spans = sorted((n.version, int(n.network_address), int(n.broadcast_address)) for n in networks)
    out: list[tuple[int, int, int]] = []
    for version, first, last in spans:
        if out and out[-1][0] == version and first <= out[-1][2] + 1:
            out[-1] = (version, out[-1][1], max(out[-1][2], last))
        else:
            out.append((version, first, last))
    return tuple(out)


@lru_cache(maxsize=1)
def _signal_table() -> _SignalTable:
    by_name: dict[tuple[str, str], list[Position]] = {}
    by_key: dict[str, list[tuple[Position, Signal]]] = {}
    for p, platform in enumerate(load_platforms()):
        for s, signal in enumerate(platform.signals):
            if signal.plain_domain:
                by_name.setdefault((signal.type, signal.lowered), []).append((p, s))
            elif signal.required_suffix is not None:
                by_name.setdefault((signal.type, signal.required_suffix), []).append((p, s))
            else:
                by_key.setdefault(signal.key, []).append(((p, s), signal))
    return _SignalTable(
        {k: tuple(v) for k, v in by_name.items()}, {k: _group(v) for k, v in by_key.items()}
    )


@lru_cache(maxsize=1)
def catalogue_headers() -> frozenset[str]:
    """The header names (lower case) some signal reads: only these headers can be clues."""
    return frozenset(
        ((s.header if s.type is ClueKind.HEADER_REGEX else s.pattern) or "").lower()
        for platform in load_platforms()
        for s in platform.signals
        if s.type in (ClueKind.HEADER_PRESENT, ClueKind.HEADER_REGEX)
    )


def matching_signals(
    index: Mapping[str, Sequence[Clue]], known: Mapping[str, Mapping[str, Sequence[Clue]]]
) -> dict[int, list[int]]:
    """Platform position -> positions of its signals that match one of the message's clues,
    both in catalogue order (the order in which evidence is gathered and platforms ranked).
    ``index`` holds the clues by clue key; ``known`` per domain clue type every name and
    parent name the clues carry, each with the clues carrying it (a glob ending in literal
    labels is tried only on those: no other clue ends in them)."""
    table = _signal_table()
    platforms = load_platforms()
    found: list[Position] = []
    for key, clues in index.items():
        group = table.by_key.get(key)
        if group is None:
            continue
        hopeful = [c for c in clues if group.may_match(c)]
        if not hopeful:
            continue
        for p, s in group.positions:
            signal = platforms[p].signals[s]
            if any(signal_matches(signal, c) for c in hopeful):
                found.append((p, s))
    for kind, names in known.items():
        for name, carriers in names.items():
            for p, s in table.by_name.get((kind, name), ()):
                signal = platforms[p].signals[s]
                if signal.plain_domain or any(signal_matches(signal, c) for c in carriers):
                    found.append((p, s))
    by_platform: dict[int, list[int]] = {}
    for platform, signal_at in sorted(found):
        by_platform.setdefault(platform, []).append(signal_at)
    return by_platform
