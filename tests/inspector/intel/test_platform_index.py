"""The signal index finds exactly the catalogue signals a set of clues matches: checked
against testing every signal of the catalogue with every clue of its kind."""

from __future__ import annotations

import fnmatch
import ipaddress

import pytest

from inspector.intel.platform_catalogue import DOMAIN_TYPES, Signal, clue_key, load_platforms
from inspector.intel.platform_clues import Clue
from inspector.intel.platform_index import (
    catalogue_headers,
    matching_signals,
    signal_matches,
)
from inspector.model.intel import ClueKind


def _clue(kind: ClueKind, value: str, header: str | None = None) -> Clue:
    return Clue(kind, value, f"{kind} {value}", 1.0, header)


def _index(clues: list[Clue]) -> dict[str, list[Clue]]:
    index: dict[str, list[Clue]] = {}
    for clue in clues:
        index.setdefault(clue_key(clue.type, clue.header), []).append(clue)
    return index


def _known(index: dict[str, list[Clue]]) -> dict[str, dict[str, list[Clue]]]:
    out: dict[str, dict[str, list[Clue]]] = {}
    for kind in DOMAIN_TYPES:
        names: dict[str, list[Clue]] = {}
        for clue in index.get(kind, ()):
            labels = clue.lowered.split(".")
            for i in range(len(labels)):
                names.setdefault(".".join(labels[i:]), []).append(clue)
        out[kind] = names
    return out


def _every_signal(index: dict[str, list[Clue]]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for p, platform in enumerate(load_platforms()):
        for s, signal in enumerate(platform.signals):
            if any(signal_matches(signal, c) for c in index.get(signal.key, ())):
                found.setdefault(p, []).append(s)
    return found


def _clue_for(signal: Signal) -> Clue | None:
    """A clue the signal should match, made from its own pattern where that is possible."""
    if signal.network is not None:
        return _clue(ClueKind.IP, str(signal.network.network_address + 1))
    if signal.type in DOMAIN_TYPES:
        name = signal.lowered.replace("*", "x1").replace("?", "y")
        return _clue(signal.type, f"mta7.{name}" if "*" not in signal.lowered else name)
    if signal.type is ClueKind.HEADER_PRESENT:
        return _clue(ClueKind.HEADER, "1", signal.pattern.lower())
    return None


def _catalogue_clues() -> list[Clue]:
    clues = [c for p in load_platforms() for s in p.signals if (c := _clue_for(s))]
    clues += [
        _clue(ClueKind.IP, "192.0.2.7"),
        _clue(ClueKind.IP, "2001:db8::25"),
        _clue(ClueKind.IP, "not an address"),
        _clue(ClueKind.MESSAGE_ID, "<0100018c.abc@email.amazonses.com>"),
        _clue(ClueKind.MESSAGE_ID, "<x1@mail.example.com>"),
        _clue(ClueKind.FEEDBACK_ID, "1:2:AmazonSES"),
        _clue(ClueKind.FEEDBACK_ID, "a:b:example"),
        _clue(ClueKind.HEADER, "Mailchimp Mailer - **CID1**", "x-mailer"),
        _clue(ClueKind.HEADER, "Example Mailer 2.0", "x-mailer"),
        _clue(ClueKind.FROM_DOMAIN, "hotmail.example"),
        _clue(ClueKind.RDNS, "host.example.net."),
    ]
    return clues


def test_the_index_finds_what_testing_every_signal_finds() -> None:
    clues = _catalogue_clues()
    index = _index(clues)
    expected = _every_signal(index)
    assert matching_signals(index, _known(index)) == expected
    assert len(expected) > 0.9 * len(load_platforms())  # the catalogue's clues reach it


@pytest.mark.parametrize(
    "clue",
    [
        _clue(ClueKind.IP, "192.0.2.7"),
        _clue(ClueKind.IP, "2001:db8::25"),
        _clue(ClueKind.MESSAGE_ID, "<x1@mail.example.com>"),
        _clue(ClueKind.FEEDBACK_ID, "a:b:example"),
        _clue(ClueKind.HEADER, "Example Mailer 2.0", "x-mailer"),
        _clue(ClueKind.FROM_DOMAIN, "mail.example"),
    ],
)
def test_a_clue_no_platform_shows_reaches_no_signal(clue: Clue) -> None:
    index = _index([clue])
    assert matching_signals(index, _known(index)) == {}


def test_each_signal_alone_is_found_like_testing_it() -> None:
    """One clue at a time: the combined tests of a group never hide a signal that matches."""
    for clue in _catalogue_clues():
        index = _index([clue])
        assert matching_signals(index, _known(index)) == _every_signal(index), clue


def test_address_ranges_match_like_the_networks() -> None:
    networks = [s.network for p in load_platforms() for s in p.signals if s.network is not None]
    for network in networks:
        for address in (
            network.network_address,
            network.broadcast_address,
            network.network_address - 1,
            network.broadcast_address + 1,
        ):
            clue = _clue(ClueKind.IP, str(address))
            index = _index([clue])
            assert matching_signals(index, _known(index)) == _every_signal(index), address
    mapped = _clue(ClueKind.IP, str(ipaddress.IPv6Address(f"::ffff:{networks[0][1]}")))
    assert _every_signal(_index([mapped])) == {}
    assert matching_signals(_index([mapped]), {}) == {}


def test_domain_globs_read_like_fnmatch() -> None:
    globs = [
        s
        for p in load_platforms()
        for s in p.signals
        if s.type in DOMAIN_TYPES and ("*" in s.lowered or "?" in s.lowered)
    ]
    assert globs
    names = ["hotmail.de", "hotmail", "mout01.gmx.net", "x.zeptomail.in", "a.b", "pm-bounces.x"]
    for signal in globs:
        for name in names:
            clue = _clue(signal.type, name)
            assert signal_matches(signal, clue) == fnmatch.fnmatchcase(name, signal.lowered)


def test_only_headers_the_catalogue_reads_are_named() -> None:
    headers = catalogue_headers()
    assert "x-mailer" in headers
    assert "subject" not in headers
    assert all(h == h.lower() for h in headers)
