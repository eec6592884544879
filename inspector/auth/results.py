"""Authentication-Results headers (RFC 8601): parse them, and decide which ones to trust.

Our own parser rather than the ``authres`` package: Microsoft's headers are not RFC 8601
(no authserv-id, ``action=none`` without a ptype, ``compauth=... reason=100``), and an
analyzer of hostile mail must accept whatever it is given without raising.

Trust: anyone can write an Authentication-Results header before sending. Each header is
credited to the party that wrote it (``inspector.route.writers``: by authserv-id, then by its
place relative to the trust boundary); only the recipient's own, with an authserv-id naming
the receiving host or its domain (or none, as Microsoft writes them), say what the receiver
decided.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from inspector.auth.orgdomain import icann_suffix_list
from inspector.auth.results_lex import segments as value_segments
from inspector.model.auth import AuthMethodResult, ReceivedAuthResults
from inspector.model.codes import AuthStatus, HopRole, VerdictParty
from inspector.model.message import Header, ParsedMessage
from inspector.model.route import Hop, Route
from inspector.route.roles import with_roles
from inspector.route.writers import FOREIGN_ID, Writers

MAX_VALUE = 65536
MAX_METHODS = 100
MAX_HEADERS = 200
AR_HEADERS = (
    "authentication-results",
    "x-ms-exchange-authentication-results",
    "authentication-results-original",
    "x-original-authentication-results",
    "arc-authentication-results",
)
#: How ``trust_reason`` starts for headers written before the receiver's trust boundary.
BELOW_BOUNDARY = "below the receiver's boundary Received header"
_INSTANCE = re.compile(r"^i\s*=\s*\d+$", re.IGNORECASE)
_METHOD = re.compile(r"^[a-z0-9][a-z0-9_.-]*(/[0-9]+)?$", re.IGNORECASE)


# --------------------------------------------------------------------------- parsing


def _unquote(text: str) -> str:
    return text.replace("\x00", "")


def _resinfo(words: list[str], comments: list[str]) -> AuthMethodResult | None:
    method, sep, result = words[0].partition("=")
    if not sep or not _METHOD.match(method):
        return None
    reason = ""
    props: list[tuple[str, str]] = []
    for word in words[1:]:
        key, sep, val = word.partition("=")
        if not sep:
            props.append(("text", _unquote(word)))
        elif key.lower() == "reason":
            reason = _unquote(val)
        else:
            props.append((key.lower(), _unquote(val)))
    props.extend(("comment", c) for c in comments)
    return AuthMethodResult(
        method=method.split("/")[0].lower(),
        result=AuthStatus.read(result) or _unquote(result).lower(),
        reason=reason,
        properties=tuple(props),
    )


def parse_authentication_results(value: str) -> tuple[str, tuple[AuthMethodResult, ...]]:
    """Return (authserv-id, results). authserv-id is "" when absent (Microsoft). Never raises."""
    try:
        return _parse(value[:MAX_VALUE])
    except Exception:  # hostile input must never raise
        return "", ()


def _parse(value: str) -> tuple[str, tuple[AuthMethodResult, ...]]:
    segments = [(w, c) for w, c in value_segments(value) if w or c]
    if segments and len(segments[0][0]) == 1 and _INSTANCE.match(segments[0][0][0]):
        segments = segments[1:]  # ARC-Authentication-Results: "i=N;" prefix
    if not segments:
        return "", ()
    authserv_id = ""
    first_words = segments[0][0]
    if first_words and "=" not in first_words[0]:
        authserv_id = _unquote(first_words[0]).lower()
        rest = first_words[1:]
        if rest and rest[0].isdigit():  # authres-version
            rest = rest[1:]
        segments = ([(rest, segments[0][1])] if rest else []) + segments[1:]
    results: list[AuthMethodResult] = []
    for words, comments in segments:
        if not words or words[0].lower() == "none":
            continue
        found = _resinfo(words, comments)
        if found is not None:
            results.append(found)
        if len(results) >= MAX_METHODS:
            break
    return authserv_id, tuple(results)


# --------------------------------------------------------------------------- trust


@lru_cache(maxsize=64)
def _norm(text: str) -> str:
    """Cached like the writers' received_key: each Received text is read once as a header
    and once as its hop's raw text (a few dozen entries: one message's lines)."""
    return " ".join(text.split()).lower()


def received_positions(message: ParsedMessage, hops: Sequence[Hop]) -> dict[int, int]:
    """hop.index -> position of its Received header in message.headers (top is 0)."""
    positions = message.positions("received")
    by_text: dict[str, int] = {}
    for at in positions:
        by_text.setdefault(_norm(message.headers[at].value), at)
    mapping: dict[int, int] = {}
    oldest_first = list(reversed(positions))
    for order, hop in enumerate(sorted(hops, key=lambda h: h.index)):
        pos: int | None = by_text.get(_norm(hop.raw))
        if pos is None and order < len(oldest_first):
            pos = oldest_first[order]
        if pos is not None:
            mapping[hop.index] = pos
    return mapping


def org_domain(host: str) -> str:
    """Registrable domain of a host name (mx.mail.example.co.uk -> example.co.uk)."""
    name = host.lower().strip(".[] ")
    if len(name) <= _MAX_CACHED_HOST:
        return _cached_org_domain(name)
    return icann_suffix_list().privatesuffix(name) or name


_MAX_CACHED_HOST = 300  # longer names are no host's and not worth keeping


@lru_cache(maxsize=4096)
def _cached_org_domain(name: str) -> str:
    """Cached: the receiving hosts of every message, and the sealers of its ARC sets, are
    asked about again and again (a mailbox has a few receivers)."""
    return icann_suffix_list().privatesuffix(name) or name


def _host_domains(host: str | None) -> set[str]:
    """The host and its registrable domain (mx.a.example -> {mx.a.example, a.example})."""
    if not host:
        return set()
    name = host.lower().strip(".[] ")
    return {name, org_domain(name)} if name else set()


def _id_matches(authserv_id: str, hosts: set[str]) -> bool:
    if not authserv_id or "." not in authserv_id:
        return False
    ident = authserv_id.lower().rstrip(".")
    return any(ident == d or ident.endswith("." + d) or d.endswith("." + ident) for d in hosts)


def received_auth_results(
    message: ParsedMessage, hops: Sequence[Hop], route: Route, writers: Writers | None = None
) -> tuple[ReceivedAuthResults, ...]:
    """Every Authentication-Results-like header, with whether we trust it and why.
    ``writers`` is the message's, when the caller has built it for other stages too."""
    try:
        return _received(message, hops, route, writers)
    except Exception:  # hostile input must never raise
        return ()


def _received(
    message: ParsedMessage, hops: Sequence[Hop], route: Route, writers: Writers | None
) -> tuple[ReceivedAuthResults, ...]:
    found = message.positions(*AR_HEADERS)
    if not found:  # the hops, their roles and the receiving hosts matter only to a header
        return ()
    positions = received_positions(message, hops)
    hops = with_roles(hops, route.boundary_index)
    if writers is None:
        writers = Writers(message, hops, route.boundary_index)
    hosts: set[str] = set()
    for hop in hops:
        if hop.role in _RECIPIENT_ROLES:
            hosts |= _host_domains(hop.by)
    out: list[ReceivedAuthResults] = []
    for pos in found:
        header = message.headers[pos]
        if len(out) >= MAX_HEADERS:
            break
        authserv_id, methods = parse_authentication_results(header.value)
        party, why = writers.party(header, authserv_id)
        trusted, reason = _trust(header, authserv_id, party, why, hosts)
        out.append(
            ReceivedAuthResults(
                authserv_id=authserv_id,
                methods=methods,
                trusted=trusted,
                trust_reason=reason,
                raw=header.value[:MAX_VALUE],
                header_name=header.name,
                hop_index=_writer_hop(pos, positions),
                party=party,
                writer_on_route=party is VerdictParty.SENDER
                and writers.names_sender_server(authserv_id),
            )
        )
    return tuple(out)


_RECIPIENT_ROLES = (HopRole.RECIPIENT_ENTRY, HopRole.RECIPIENT_INTERNAL)


def _writer_hop(pos: int, positions: dict[int, int]) -> int | None:
    """The hop whose Received header is the nearest one below this header: the server that
    prepended both (a filter adds its results just above its own Received line)."""
    below = [(p, idx) for idx, p in positions.items() if p > pos]
    return min(below)[1] if below else None


def _trust(
    header: Header, authserv_id: str, party: VerdictParty, why: str, hosts: set[str]
) -> tuple[bool, str]:
    name = header.name.lower()
    if name == "arc-authentication-results":
        return False, (
            "results an intermediary sealed with ARC: they count only as far as the ARC "
            "chain validates and the sealer is trusted"
        )
    if name in ("authentication-results-original", "x-original-authentication-results"):
        return False, "results copied from an earlier delivery (a forwarder kept them)"
    shown = authserv_id or "(none)"
    if party is VerdictParty.UNKNOWN:
        return False, "the trust boundary of the receiving system is unknown"
    if party is VerdictParty.SENDER and not _id_matches(authserv_id, hosts) and FOREIGN_ID in why:
        return False, (
            f"above the trust boundary, but authserv-id {authserv_id} names none of the "
            f"receiving hosts ({', '.join(sorted(hosts)) or 'unknown'}): it came with the message"
        )
    if party is VerdictParty.SENDER:
        return False, (
            f"{BELOW_BOUNDARY}: written on the sender's side ({why}), so the sender "
            f"could have forged it (authserv-id {shown})"
        )
    if party is VerdictParty.INTERMEDIARY:
        return False, (
            f"written by an intermediary (a list host or forwarder: {why}): its record of "
            f"what it saw, not the recipient's (authserv-id {shown})"
        )
    if _id_matches(authserv_id, hosts):
        return True, (
            f"added by the receiving system (authserv-id {authserv_id} matches the receiving hosts)"
        )
    if not authserv_id:
        return True, "added by the receiving system without an authserv-id (as Microsoft 365 does)"
    return False, (
        f"above the trust boundary, but authserv-id {authserv_id} names none of the "
        f"receiving hosts ({', '.join(sorted(hosts)) or 'unknown'})"
    )
