"""DNS snapshots: the answers an analysis used, saved as JSON so a report can be reproduced.

The same file carries the RDAP/whois answers used (an optional ``rdap`` list, read by
``inspector.net.rdap_snapshot``), so one recording replays registration data too.

A snapshot file is hostile input like any other (it may come with a shared sample), so the
loader checks every field, caps the file size and the number of answers, and turns any
problem into one ``SnapshotError`` with a readable reason instead of a traceback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.atomic_file import write_atomically
from inspector.errors import InspectorError
from inspector.model.codes import DnsStatus
from inspector.net.lookup import DnsAnswer, RdapAnswer
from inspector.net.rdap_snapshot import RdapSnapshotError, parse_rdap_entries, recordable

FORMAT = "deliverability-inspector-dns-snapshot"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # a snapshot larger than this is not one we wrote
MAX_ANSWERS = 200_000
MAX_RECORDS = 10_000  # per answer


class SnapshotError(InspectorError):
    """A snapshot file is missing, unreadable or not in the expected shape."""


def snapshot_key(name: str, rdtype: str) -> tuple[str, str]:
    """The lookup key: lowercased name without the trailing dot, upper-case type."""
    return name.strip().lower().rstrip("."), rdtype.strip().upper()


@dataclass(frozen=True)
class Snapshot:
    """Answers by ``snapshot_key``; ``created`` is when the snapshot was written (UTC)."""

    answers: Mapping[tuple[str, str], DnsAnswer] = field(default_factory=dict)
    created: datetime | None = None
    rdap: Mapping[tuple[str, str], RdapAnswer] = field(default_factory=dict)

    def get(self, name: str, rdtype: str) -> DnsAnswer | None:
        return self.answers.get(snapshot_key(name, rdtype))

    def __len__(self) -> int:
        return len(self.answers)


# --------------------------------------------------------------------------- writing


def _entry(answer: DnsAnswer) -> dict[str, Any]:
    name, rdtype = snapshot_key(answer.name, answer.rdtype)
    return {
        "name": name,
        "type": rdtype,
        "status": answer.status.value,
        "records": list(answer.records),
    }


def dumps_snapshot(
    answers: Iterable[DnsAnswer],
    created: datetime | None = None,
    rdap: Iterable[RdapAnswer] = (),
) -> str:
    """JSON text of a snapshot, answers sorted so saved files diff cleanly."""
    when = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    unique: dict[tuple[str, str], DnsAnswer] = {}
    for answer in answers:
        unique[snapshot_key(answer.name, answer.rdtype)] = answer
    document = {
        "format": FORMAT,
        "version": VERSION,
        "created": when.isoformat().replace("+00:00", "Z"),
        "answers": [_entry(unique[key]) for key in sorted(unique)],
    }
    rdap_entries = recordable(rdap)
    if rdap_entries:
        document["rdap"] = rdap_entries
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def save_snapshot(
    path: str | os.PathLike[str],
    answers: Iterable[DnsAnswer],
    created: datetime | None = None,
    rdap: Iterable[RdapAnswer] = (),
) -> None:
    """Write atomically (temporary file, then rename) so a crash never leaves half a file."""
    target = Path(path)
    text = dumps_snapshot(answers, created, rdap)
    try:
        write_atomically(
            target, lambda tmp: Path(tmp).write_text(text, "utf-8"), force=True, private=True
        )
    except OSError as exc:
        raise SnapshotError(f"cannot write DNS snapshot {target}: {exc.strerror or exc}") from exc


# --------------------------------------------------------------------------- reading


def _parse_created(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SnapshotError("'created' must be an ISO date-time string")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SnapshotError(f"'created' is not an ISO date-time: {value[:40]!r}") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _parse_answer(index: int, item: object) -> DnsAnswer:
    where = f"answers[{index}]"
    if not isinstance(item, dict):
        raise SnapshotError(f"{where} must be an object")
    name, rdtype, status, records = (item.get(k) for k in ("name", "type", "status", "records"))
    if not isinstance(name, str) or not isinstance(rdtype, str) or not rdtype.strip():
        raise SnapshotError(f"{where} needs text 'name' and 'type'")
    if len(name) > 1024 or len(rdtype) > 16:
        raise SnapshotError(f"{where} has an implausibly long name or type")
    try:
        dns_status = DnsStatus(status if isinstance(status, str) else "")
    except ValueError:
        raise SnapshotError(f"{where} has an unknown status {str(status)[:40]!r}") from None
    if records is None:
        records = []
    if not isinstance(records, list) or not all(isinstance(r, str) for r in records):
        raise SnapshotError(f"{where}: 'records' must be a list of strings")
    if len(records) > MAX_RECORDS:
        raise SnapshotError(f"{where} has more than {MAX_RECORDS} records")
    key_name, key_type = snapshot_key(name, rdtype)
    return DnsAnswer(key_name, key_type, dns_status, tuple(records))


def loads_snapshot(text: str | bytes) -> Snapshot:
    """Parse snapshot JSON; every defect is a ``SnapshotError`` naming what is wrong."""
    if len(text) > MAX_BYTES:
        raise SnapshotError(f"DNS snapshot is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SnapshotError(f"DNS snapshot is not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise SnapshotError("DNS snapshot must be a JSON object")
    if document.get("format") != FORMAT:
        raise SnapshotError(f"not a DNS snapshot (format is not {FORMAT!r})")
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise SnapshotError(f"unsupported DNS snapshot version {str(version)[:20]!r}")
    items = document.get("answers")
    if not isinstance(items, list):
        raise SnapshotError("'answers' must be a list")
    if len(items) > MAX_ANSWERS:
        raise SnapshotError(f"DNS snapshot has more than {MAX_ANSWERS} answers")
    answers: dict[tuple[str, str], DnsAnswer] = {}
    for index, item in enumerate(items):
        answer = _parse_answer(index, item)
        answers[(answer.name, answer.rdtype)] = answer
    try:
        rdap = parse_rdap_entries(document.get("rdap"))
    except RdapSnapshotError as exc:
        raise SnapshotError(str(exc)) from None
    return Snapshot(answers, _parse_created(document.get("created")), rdap)


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read and check a snapshot file."""
    source = Path(path)
    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SnapshotError(f"cannot read DNS snapshot {source}: {exc.strerror or exc}") from exc
    try:
        return loads_snapshot(data)
    except SnapshotError as exc:
        raise SnapshotError(f"{source}: {exc}") from None
