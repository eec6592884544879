"""A message as read: where it came from, its headers, addresses, MIME tree and defects."""

from __future__ import annotations

from collections.abc import KeysView
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from inspector.model.codes import SourceKind


@dataclass(frozen=True)
class SourceRef:
    """Where a message lives: a file path and its index inside that file (0 for single files).

    ``kind`` is one of eml, mbox, maildir, mh, msg (Outlook), stdin, paste. ``offset`` and
    ``length`` locate an mbox message's bytes so it can be reread without rescanning it."""

    path: str
    index: int = 0
    kind: SourceKind = SourceKind.EML
    offset: int = 0
    length: int = -1


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read as a message; the batch goes on without it."""

    path: str
    message: str
    index: int | None = None


@dataclass(frozen=True)
class Address:
    display_name: str
    address: str

    @property
    def domain(self) -> str:
        _, _, domain = self.address.rpartition("@")
        return domain.lower().rstrip(".")


@dataclass(frozen=True, init=False)
class Header:
    """One header field in original order: decoded value plus the raw bytes as written.

    One is made for every field of every message (tens per message), so ``__init__`` fills
    the instance dictionary directly: the frozen dataclass's generated one goes through
    ``object.__setattr__`` per field, twice the cost. Fields, equality, hashing, ``repr``
    and immutability stay the dataclass's."""

    name: str
    value: str
    raw: bytes = field(default=b"", repr=False, compare=False)
    index: int = 0

    def __init__(self, name: str, value: str, raw: bytes = b"", index: int = 0) -> None:
        state = self.__dict__
        state["name"] = name
        state["value"] = value
        state["raw"] = raw
        state["index"] = index


@dataclass(frozen=True)
class MimePart:
    """A node of the MIME tree. ``path`` is the dotted position ("1", "1.2")."""

    path: str
    content_type: str
    charset: str | None = None
    filename: str | None = None
    disposition: str | None = None
    size: int = 0
    sha256: str | None = None
    children: tuple[MimePart, ...] = ()
    archive_members: tuple[str, ...] = ()  # names inside a zip attachment (capped)
    archive_encrypted: bool = False  # a zip member is password-protected


class DefectKind(StrEnum):
    """What the parser itself found wrong with a message's structure. The MIME defects are
    named as Python's email package names them (``mime:<DefectClassName>``), an open set kept
    as text beside these."""

    LEADING_BLANK_LINES = "leading_blank_lines"
    TOO_MANY_HEADERS = "too_many_headers"
    MISSING_SEPARATOR = "missing_separator"
    HEADER_TRUNCATED = "header_truncated"
    LINE_TOO_LONG = "line_too_long"
    EIGHT_BIT_HEADER = "8bit_header"
    NUL_BYTE = "nul_byte"
    BARE_CR = "bare_cr"
    BARE_LF = "bare_lf"
    MISSING_FROM = "missing_from"
    MISSING_DATE = "missing_date"
    MISSING_MESSAGE_ID = "missing_message_id"
    UNPARSABLE_DATE = "unparsable_date"
    MISSING_MIME_VERSION = "missing_mime_version"
    MIME_TOO_DEEP = "mime_too_deep"
    TOO_MANY_PARTS = "too_many_parts"
    ARCHIVE_UNREADABLE = "archive_unreadable"
    DUPLICATE_FROM = "duplicate_from"
    DUPLICATE_SENDER = "duplicate_sender"
    DUPLICATE_REPLY_TO = "duplicate_reply_to"
    DUPLICATE_TO = "duplicate_to"
    DUPLICATE_CC = "duplicate_cc"
    DUPLICATE_BCC = "duplicate_bcc"
    DUPLICATE_DATE = "duplicate_date"
    DUPLICATE_MESSAGE_ID = "duplicate_message_id"
    DUPLICATE_IN_REPLY_TO = "duplicate_in_reply_to"
    DUPLICATE_REFERENCES = "duplicate_references"
    DUPLICATE_SUBJECT = "duplicate_subject"


#: The header fields RFC 5322 allows once (lower case), each with the defect of its repeat.
SINGLE_FIELDS: dict[str, DefectKind] = {
    "from": DefectKind.DUPLICATE_FROM,
    "sender": DefectKind.DUPLICATE_SENDER,
    "reply-to": DefectKind.DUPLICATE_REPLY_TO,
    "to": DefectKind.DUPLICATE_TO,
    "cc": DefectKind.DUPLICATE_CC,
    "bcc": DefectKind.DUPLICATE_BCC,
    "date": DefectKind.DUPLICATE_DATE,
    "message-id": DefectKind.DUPLICATE_MESSAGE_ID,
    "in-reply-to": DefectKind.DUPLICATE_IN_REPLY_TO,
    "references": DefectKind.DUPLICATE_REFERENCES,
    "subject": DefectKind.DUPLICATE_SUBJECT,
}


@dataclass(frozen=True)
class HeaderDefect:
    """A structural problem found while parsing: one of our kinds, or a MIME defect by the
    name Python's email package gives it (``mime:StartBoundaryNotFoundDefect``)."""

    kind: DefectKind | str
    detail: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedMessage:
    """A message parsed once and handed to every check."""

    raw: bytes = field(repr=False)
    headers: tuple[Header, ...]
    headers_only: bool
    subject: str | None
    from_: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    return_path: str | None
    sender: Address | None
    date: datetime | None
    date_raw: str | None
    message_id: str | None
    mime: MimePart | None
    text_body: str = field(repr=False)
    html_body: str = field(repr=False)
    body_size: int
    defects: tuple[HeaderDefect, ...]

    @cached_property
    def _index(self) -> tuple[dict[str, tuple[Header, ...]], dict[str, list[int]]]:
        """Headers and their positions grouped by lower-cased name, built once in one pass:
        every check asks for some. Most names occur once, so a group is made a tuple at
        once and rebuilt only for names that repeat (linear in the headers either way)."""
        headers = self.headers
        groups: dict[str, tuple[Header, ...]] = {}
        where: dict[str, list[int]] = {}
        repeated: list[str] = []
        for i, h in enumerate(headers):
            name = h.name.lower()
            if name in where:
                where[name].append(i)
                repeated.append(name)
            else:
                where[name] = [i]
                groups[name] = (h,)
        for name in set(repeated):
            groups[name] = tuple([headers[i] for i in where[name]])
        return groups, where

    def get_all(self, name: str) -> tuple[Header, ...]:
        return self._index[0].get(name.lower(), ())

    def names(self) -> KeysView[str]:
        """The lower-cased names of the message's headers: a reader after a few known names
        intersects them with this instead of lowering every header's name."""
        return self._index[1].keys()

    def positions(self, *names: str) -> list[int]:
        """Where the headers of these names stand in ``headers`` (top is 0), in order: the
        stages that match headers to the route's hops ask by position."""
        where = self._index[1]
        if len(names) == 1:
            return list(where.get(names[0].lower(), ()))
        return sorted(i for name in names for i in where.get(name.lower(), ()))

    def get(self, name: str) -> str | None:
        found = self.get_all(name)
        return found[0].value if found else None


@dataclass(frozen=True)
class MessageSummary:
    subject: str | None
    from_: str | None
    to: str | None
    date: datetime | None
    message_id: str | None
