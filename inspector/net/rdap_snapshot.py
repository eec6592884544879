"""RDAP and whois answers recorded beside the DNS answers, and replayed from them.

A recording is only useful if the registration facts a report shows (domain age, registrar,
privacy proxy or redaction) come back unchanged years later, when the registry answers
differently or not at all. So the RDAP answers an analysis used travel in the same snapshot
file as its DNS answers (``--save-dns`` / ``--replay-dns`` need no sibling option), and a
replay answers only from them: a name the recording lacks says so instead of asking the
network. The entries are hostile input like the rest of the file: every field is checked.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from inspector.errors import InspectorError
from inspector.model.codes import RdapKind, RdapStatus
from inspector.net.lookup import RdapAnswer

MAX_RDAP_ANSWERS = 20_000
MAX_DATA_CHARS = 1_000_000  # the RDAP client's own cap on one answer
RECORDED_STATUSES = frozenset({RdapStatus.OK, RdapStatus.NOT_FOUND})


class RdapSnapshotError(InspectorError):
    """An RDAP entry of a snapshot is not in the expected shape."""


def rdap_key(kind: RdapKind, query: str) -> tuple[RdapKind, str]:
    return kind, query.strip().rstrip(".").lower()


def normalize_domain(name: str) -> str | None:
    """The form the RDAP client asks for (IDNA, lower case, no trailing dot), None if invalid."""
    try:
        norm = name.strip().rstrip(".").lower().encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    return norm if norm and "." in norm and len(norm) <= 253 else None


def rdap_question(
    kind: RdapKind, text: str, *, private_allowed: Callable[[str], bool]
) -> str | RdapAnswer:
    """The query as asked and recorded (an IDNA domain, a canonical address), or the answer
    that refuses it. Private, loopback and documentation space belongs to no one a registry
    knows, so such an address is answered "no server" unless ``private_allowed`` (a lab
    bootstrap, a recording that has it) says it may be asked."""
    if kind is RdapKind.DOMAIN:
        norm = normalize_domain(text)
        if norm is None:
            return RdapAnswer(text, kind, RdapStatus.ERROR, error="not a valid domain name")
        return norm
    try:
        addr = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return RdapAnswer(text, kind, RdapStatus.ERROR, error="not an IP address")
    query = str(addr)
    if not addr.is_global and not private_allowed(query):
        return RdapAnswer(query, kind, RdapStatus.NO_SERVER, error="not a public address")
    return query


def rdap_entry(answer: RdapAnswer) -> dict[str, Any]:
    kind, query = rdap_key(answer.kind, answer.query)
    return {
        "kind": kind.value,
        "query": query,
        "status": answer.status.value,
        "data": answer.data,
        "url": answer.url,
        "error": answer.error,
    }


def recordable(answers: Iterable[RdapAnswer]) -> list[dict[str, Any]]:
    """Entries for the answers worth replaying (a timeout says nothing about the registry),
    sorted so saved files diff cleanly."""
    unique = {rdap_key(a.kind, a.query): a for a in answers if a.status in RECORDED_STATUSES}
    return [rdap_entry(unique[key]) for key in sorted(unique)]


def parse_rdap_entries(items: object) -> dict[tuple[str, str], RdapAnswer]:
    """Check and read the ``rdap`` list of a snapshot; a missing list is an empty one."""
    if items is None:
        return {}
    if not isinstance(items, list):
        raise RdapSnapshotError("'rdap' must be a list")
    if len(items) > MAX_RDAP_ANSWERS:
        raise RdapSnapshotError(f"more than {MAX_RDAP_ANSWERS} RDAP answers")
    answers: dict[tuple[str, str], RdapAnswer] = {}
    for index, item in enumerate(items):
        answer = _parse_entry(f"rdap[{index}]", item)
        answers[rdap_key(answer.kind, answer.query)] = answer
    return answers


def _parse_entry(where: str, item: object) -> RdapAnswer:
    if not isinstance(item, dict):
        raise RdapSnapshotError(f"{where} must be an object")
    kind, query, status = item.get("kind"), item.get("query"), item.get("status")
    known_kind = isinstance(kind, str) and kind in tuple(RdapKind)
    if not known_kind or not isinstance(query, str) or not 0 < len(query) <= 300:
        raise RdapSnapshotError(f"{where} needs 'kind' (domain or ip) and a text 'query'")
    if status not in RECORDED_STATUSES:
        raise RdapSnapshotError(f"{where} has an unknown status {str(status)[:40]!r}")
    data, url, error = item.get("data"), item.get("url"), item.get("error", "")
    if data is not None and not isinstance(data, dict):
        raise RdapSnapshotError(f"{where}: 'data' must be an object")
    if data is not None and len(json.dumps(data)) > MAX_DATA_CHARS:
        raise RdapSnapshotError(f"{where}: 'data' is larger than an RDAP answer may be")
    if url is not None and not isinstance(url, str):
        raise RdapSnapshotError(f"{where}: 'url' must be text")
    if not isinstance(error, str):
        raise RdapSnapshotError(f"{where}: 'error' must be text")
    key_kind, key_query = rdap_key(RdapKind(str(kind)), query)
    return RdapAnswer(key_query, key_kind, RdapStatus(status), data, url, error[:300])


class RdapReplay:
    """An ``RdapLookup`` that answers only from recorded answers, never from the network."""

    def __init__(self, answers: Mapping[tuple[str, str], RdapAnswer]) -> None:
        self._answers = dict(answers)
        self._used: dict[tuple[str, str], RdapAnswer] = {}

    def answers_used(self) -> tuple[RdapAnswer, ...]:
        """The recorded answers served so far (a replay can be saved again, e.g. in a case)."""
        return tuple(self._used.values())

    def domain(self, name: str) -> RdapAnswer:
        return self._ask(RdapKind.DOMAIN, name)

    def ip(self, address: str) -> RdapAnswer:
        return self._ask(RdapKind.IP, address)

    def _ask(self, kind: RdapKind, text: str) -> RdapAnswer:
        query = rdap_question(
            kind, text, private_allowed=lambda q: rdap_key(kind, q) in self._answers
        )
        return query if isinstance(query, RdapAnswer) else self._answer(kind, query)

    def _answer(self, kind: RdapKind, query: str) -> RdapAnswer:
        found = self._answers.get(rdap_key(kind, query))
        if found is None:
            return self._missing(kind, query)
        self._used[rdap_key(kind, query)] = found
        return found

    @staticmethod
    def _missing(kind: RdapKind, query: str) -> RdapAnswer:
        return RdapAnswer(
            query,
            kind,
            RdapStatus.NOT_IN_REPLAY,
            error=f"not checked: the recorded answers have no registration data for {query}",
        )
