"""A fast first look at a message for the mailbox list: date, sender and subject only.

Opening a mailbox of ten thousand messages should show the whole list in seconds, long
before every message is fully analysed. This reads just the header block (capped), unfolds
the three fields it needs and decodes them; the full analysis fills in the rest later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from inspector.model.message import SourceRef
from inspector.parse.charsets import decode_words
from inspector.parse.message import parse_date

HEADER_SCAN_LIMIT = 256 * 1024
_WANTED = {b"date": "date", b"from": "sender", b"subject": "subject"}
_END_OF_HEADERS = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class IndexEntry:
    ref: SourceRef
    date: datetime | None
    sender: str
    subject: str


def index_entry(ref: SourceRef, raw: bytes) -> IndexEntry:
    """Date, From and Subject of ``raw``; never raises (missing fields are empty)."""
    head = raw[:HEADER_SCAN_LIMIT]
    end = _END_OF_HEADERS.search(head)
    if end is not None:
        head = head[: end.start()]
    found: dict[str, str] = {}
    current: str | None = None
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):
            if current is not None and current in found:
                found[current] += " " + line.strip().decode("utf-8", "replace")
            continue
        name, sep, value = line.partition(b":")
        key = _WANTED.get(name.strip().lower()) if sep else None
        current = key if key is not None and key not in found else None
        if current is not None:
            found[current] = value.strip().decode("utf-8", "replace")
    return IndexEntry(
        ref=ref,
        date=parse_date(found.get("date")),
        sender=_decoded(found.get("sender", "")),
        subject=_decoded(found.get("subject", "")),
    )


def _decoded(value: str) -> str:
    try:
        return " ".join(decode_words(value).split())[:300]
    except Exception:  # noqa: BLE001 - a list row is never worth a crash
        return value[:300]
