"""Who did what, on real mail: the trust boundary, the origin IP and the owner of every
verdict and Authentication-Results header of 91 dev-corpus messages, each expectation read
by hand from the headers (tests/data/corpus_attribution.json; the corpus is read from
../shared, never copied).

For list mail the file records both roles: ``boundary_*`` is the subscriber's own server
(where the recipient's organisation took the message in), ``intermediary_intake_*`` the list
host's intake, and ``origin_ip`` the author's server that handed the post to the list.
Indexes count Received headers from the top (0 is the newest).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from inspector.auth.results import received_auth_results
from inspector.model.codes import VerdictParty
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route
from inspector.parse.message import parse_message
from inspector.parse.sources import iter_messages
from inspector.route.hops import trace_hops
from inspector.verdicts import decode_verdicts

DATA = Path(__file__).resolve().parents[2] / "data" / "corpus_attribution.json"
EXPECTED: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))

_PP = "phishing_pot_2023-2024/"
_FORWARDING_TENANT = (
    "a tenant forwarded the message (SRS Return-Path) but Exchange kept none of its Received "
    "lines: its headers sit below every Received line, which reads as the sending side"
)
_REPLAY = (
    "a replayed trace: headers of an earlier delivery re-sent by the phisher; telling them "
    "from the sender's own needs the weeks-older timestamps, which we do not judge"
)
#: Verdict owners not met, with the reason (message path, expectation key).
KNOWN_MISSES: dict[tuple[str, str], str] = {
    (_PP + "sample-1512.eml", "ARC-Authentication-Results[i=1 mx.microsoft.com]"): (
        _FORWARDING_TENANT
    ),
    (_PP + "sample-1512.eml", "Received-SPF[protection.outlook.com, client-ip=212.227.17.12]"): (
        _FORWARDING_TENANT
    ),
    (_PP + "sample-1512.eml", "Authentication-Results-Original[no authserv-id]"): (
        _FORWARDING_TENANT
    ),
    (_PP + "sample-1512.eml", "X-Forefront-Antispam-Report-Untrusted"): _FORWARDING_TENANT,
    (_PP + "sample-1512.eml", "X-Microsoft-Antispam-Untrusted"): _FORWARDING_TENANT,
    (
        _PP + "sample-2883.eml",
        "Authentication-Results-Original[atlas116.free.mail.ne1.yahoo.com]",
    ): _REPLAY,
    (_PP + "sample-2883.eml", "Received-SPF[Yahoo, replayed]"): _REPLAY,
    (_PP + "sample-398.eml", "Received-SPF[protection.outlook.com, client-ip=205.201.130.201]"): (
        _REPLAY
    ),
    (_PP + "sample-398.eml", "Authentication-Results-Original[no authserv-id]"): _REPLAY,
    (_PP + "sample-398.eml", "X-Microsoft-Antispam-Mailbox-Delivery"): (
        _REPLAY + "; this one sits among the receiving tenant's own appended headers"
    ),
    (
        "bounces_sisimai_upto2023/sisimai__lhost-amazonses-06.eml",
        "Authentication-Results[aneyakoji.example.jp]",
    ): (
        "the bounce's own header block ends with an A-R of the host the bounced message came "
        "from, below every Received line: it reads as the sender's (the DSN's author)"
    ),
}


def load(corpus: Path, entry: str) -> bytes:
    path, _, index = entry.partition("#")
    if not index:
        return (corpus / path).read_bytes()
    found = [m for m in iter_messages([str(corpus / path)]) if isinstance(m, tuple)]
    return found[int(index)][1]


@dataclass(frozen=True)
class Item:
    """One credited header: its name, its text, its authserv-id (A-R only), who wrote it."""

    name: str
    value: str
    authserv_id: str | None
    arc_instance: int | None
    party: VerdictParty


@cache
def analysed(corpus: Path, entry: str) -> tuple[ParsedMessage, tuple[Hop, ...], Route]:
    pm = parse_message(load(corpus, entry))
    hops, route = trace_hops(pm.headers)
    return pm, hops, route


def items(corpus: Path, entry: str) -> list[Item]:
    pm, hops, route = analysed(corpus, entry)
    out: list[Item] = []
    for r in received_auth_results(pm, hops, route):
        instance = None
        if r.header_name.lower() == "arc-authentication-results":
            head = r.raw.split(";", 1)[0].replace(" ", "").lower()
            instance = int(head[2:]) if head.startswith("i=") and head[2:].isdigit() else None
        out.append(Item(r.header_name, r.raw, r.authserv_id, instance, r.party))
    ar_names = {"authentication-results", "arc-authentication-results"}
    for v in decode_verdicts(pm, hops):
        if v.header.lower() in ar_names or v.position is None:
            continue  # compauth: the A-R itself is credited above
        out.append(Item(v.header, pm.headers[v.position].value, None, None, v.party))
    return out


def _name_matches(pattern: str, name: str, case_sensitive: bool) -> bool:
    a, b = (pattern, name) if case_sensitive else (pattern.lower(), name.lower())
    return b.startswith(a.rstrip("*")) if a.endswith("*") else a == b


def _matches(expect: dict[str, Any], item: Item) -> bool:
    case = bool(expect.get("case_sensitive"))
    if not any(_name_matches(p, item.name, case) for p in expect["headers"]):
        return False
    if "authserv_id" in expect and (item.authserv_id or "") != expect["authserv_id"]:
        return False
    if "arc_instances" in expect and item.arc_instance not in expect["arc_instances"]:
        return False
    return all(c.lower() in item.value.lower() for c in expect.get("contains", ()))


def _specificity(expect: dict[str, Any]) -> int:
    return sum(k in expect for k in ("authserv_id", "arc_instances", "case_sensitive")) + len(
        expect.get("contains", ())
    )


def owner_mismatches(corpus: Path, entry: dict[str, Any]) -> list[str]:
    """Each expectation whose headers are credited to someone else (or were not found)."""
    pool = items(corpus, entry["path"])
    claimed: set[int] = set()
    wrong: list[str] = []
    for expect in sorted(entry["verdict_owners"], key=_specificity, reverse=True):
        found = [(k, it) for k, it in enumerate(pool) if k not in claimed and _matches(expect, it)]
        claimed.update(k for k, _ in found)
        if (entry["path"], expect["key"]) in KNOWN_MISSES:
            continue
        if not found:
            wrong.append(f"{expect['key']}: no such header credited")
        for _, it in found:
            if it.party.value != expect["owner"]:
                wrong.append(f"{expect['key']}: {it.name} credited to {it.party.value}")
    return wrong


IDS = [e["path"].rsplit("/", 1)[-1][:48] for e in EXPECTED]


@pytest.mark.parametrize("entry", EXPECTED, ids=IDS)
def test_boundary_and_origin(corpus_dir: Path, entry: dict[str, Any]) -> None:
    _, hops, route = analysed(corpus_dir, entry["path"])
    top = len(hops) - 1  # expectations count from the newest Received header
    assert route.boundary_index is not None
    assert top - route.boundary_index == entry["boundary_index"]
    assert hops[route.boundary_index].by == entry["boundary_by"]
    assert route.origin_ip == entry["origin_ip"]
    if "intermediary_intake_index" in entry:
        assert route.intermediary_index is not None
        assert top - route.intermediary_index == entry["intermediary_intake_index"]
    else:
        assert route.intermediary_index is None


@pytest.mark.parametrize("entry", EXPECTED, ids=IDS)
def test_verdict_owners(corpus_dir: Path, entry: dict[str, Any]) -> None:
    assert owner_mismatches(corpus_dir, entry) == []


def test_coverage_across_receivers(corpus_dir: Path) -> None:
    """At least 60 messages meet every expectation, across Microsoft, Gmail, list hosts and
    other receivers (the issue's bar); the known misses above stay few."""
    met = [e for e in EXPECTED if not owner_mismatches(corpus_dir, e)]
    kinds = {e["receiver"].split(":")[0] for e in met}
    assert len(met) >= 60
    assert {"microsoft", "gmail", "list"} <= kinds
    assert len(KNOWN_MISSES) <= 11
