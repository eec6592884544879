"""Filter verdicts that receivers (and senders) left in the headers, decoded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VerdictField:
    name: str
    raw: str
    meaning: str


@dataclass(frozen=True)
class Verdict:
    """A receiving filter's own verdict decoded from the header it left."""

    filter: str
    header: str
    fields: tuple[VerdictField, ...]
    decision: str
    hop: int | None = None
