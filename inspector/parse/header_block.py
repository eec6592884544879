"""The header block: cutting a message (or a MIME part) into raw header fields and body, and
reading MIME parameters from those fields with bounded cost.

The field splitter serves whole messages and every MIME part. Written here rather than taken from
``email.parser`` because that parser is neither bounded nor cheap on hostile input: the header
block is split by one regular expression and oversized values are cut with a defect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from typing import NamedTuple

from inspector.model.message import DefectKind, HeaderDefect
from inspector.parse.charsets import bytes_to_str, make_safe

MAX_DECODE_CHARS = 65536  # a header value longer than this is decoded only in part

_FIELD_SPLIT = re.compile(rb"\n(?![ \t])")
_FIELD_NAME = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")
_FIELD_SPLIT_TEXT = re.compile(r"\n(?![ \t])")
#: A line that is neither a continuation nor a field (searched from the line end before it,
#: which a literal-first pattern finds at C speed); an empty last line counts too.
_ODD_LINE = re.compile(rb"\n(?![ \t]|[\x21-\x39\x3b-\x7e]+[ \t]*:)")


class RawField(NamedTuple):
    """One header field: name as written, the raw bytes (folding kept, no final line end),
    and the value unfolded but not yet RFC 2047-decoded (what structured parsers want).
    A tuple rather than a frozen dataclass: one is made per field of every message and MIME
    part, and a tuple costs a fraction of a frozen dataclass's ``__init__``."""

    name: str
    raw: bytes
    unfolded: str


@dataclass
class Split:
    fields: list[RawField]
    body: bytes
    body_offset: int
    separator: bool
    defects: list[HeaderDefect] = field(default_factory=list)


def _find_separator(raw: bytes, start: int) -> tuple[int, int]:
    """(end of the header block, start of the body) or (-1, -1); ``find`` is memchr-fast
    where a regular expression scans byte by byte. The blank line of the block's own line
    ending is looked for first, and the other only before it: a blank line of the other kind
    is rarely there, and looking for it unbounded reads the whole message."""
    first_lf = raw.find(b"\n", start)
    if first_lf > start and raw[first_lf - 1] == 0x0D:
        crlf = raw.find(b"\n\r\n", start)
        lf = raw.find(b"\n\n", start, crlf + 1 if crlf >= 0 else len(raw))
    else:
        lf = raw.find(b"\n\n", start)
        crlf = raw.find(b"\n\r\n", start, lf + 2 if lf >= 0 else len(raw))
    if lf < 0 and crlf < 0:
        return -1, -1
    if crlf < 0 or (0 <= lf < crlf):
        return lf, lf + 2
    return crlf, crlf + 3


def _skip_preamble(raw: bytes, defects: list[HeaderDefect]) -> int:
    """Where the header block of a whole message starts: after a UTF-8 byte-order mark, an
    mbox ``From `` envelope line left in place, or blank lines before the first field
    (what some tools write when saving a message)."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if raw.startswith(b"From ", start):
        nl = raw.find(b"\n", start)
        start = nl + 1 if nl >= 0 else len(raw)
    skipped = start
    while raw.startswith((b"\r\n", b"\n"), skipped):
        skipped += 2 if raw.startswith(b"\r\n", skipped) else 1
    if skipped > start and _FIELD_NAME.match(raw[skipped : skipped + 1000]):
        defects.append(
            HeaderDefect(
                DefectKind.LEADING_BLANK_LINES,
                "blank lines precede the first header field; they were skipped",
            )
        )
        return skipped
    return start


def _unfold(text: str) -> str:
    """A field value on one line. Every line end inside a field is followed by white space
    (the field ends where one is not), so unfolding drops each line end (CRLF or LF), and
    two replacements do it at C speed; a CR alone stays."""
    if "\n" in text:
        text = text.replace("\r\n", "").replace("\n", "")
    return text.strip()


def _plain_fields(head: bytes, max_fields: int) -> list[RawField] | None:
    """The fields of a header block that needs none of the general loop's care (every line
    a field or a continuation, no value to cut, under the field cap, valid UTF-8), or None.
    The block is decoded once rather than per field and cut the same way on both sides:
    splitting only at ASCII line ends never cuts a UTF-8 sequence, so each piece reads as
    ``bytes_to_str`` would read it. The unfolding ``strip`` also drops the CR of a CRLF."""
    block = head[:-1] if head.endswith(b"\n") else head  # an empty last line ends the block
    if not _FIELD_NAME.match(block) or _ODD_LINE.search(block):
        return None
    pieces = _FIELD_SPLIT.split(block)
    if len(pieces) + len(head) - len(block) > max_fields or (
        len(block) > MAX_DECODE_CHARS and max(map(len, pieces)) > MAX_DECODE_CHARS
    ):
        return None
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        return None
    fields: list[RawField] = []
    for chunk, piece in zip(pieces, _FIELD_SPLIT_TEXT.split(text), strict=True):
        name, _, value = piece.partition(":")
        if "\n" in value:
            value = value.replace("\r\n", "").replace("\n", "")
        raw = chunk[:-1] if chunk.endswith(b"\r") else chunk
        fields.append(RawField(name.rstrip(" \t"), raw, value.strip()))
    return fields


def split_message(raw: bytes, *, max_fields: int = 100_000, envelope: bool = False) -> Split:
    """Cut a message into header fields and body. A line that is neither a field nor a
    continuation ends the header block (as in the stdlib, with a defect)."""
    defects: list[HeaderDefect] = []
    start = 0
    if envelope:
        start = _skip_preamble(raw, defects)
    if raw[start : start + 2] in (b"\r\n",) or raw[start : start + 1] == b"\n":
        # no headers at all: the body starts right away
        skip = 2 if raw[start : start + 2] == b"\r\n" else 1
        return Split([], raw[start + skip :], start + skip, True, defects)
    head_end, body_offset = _find_separator(raw, start)
    separator = head_end >= 0
    if not separator:
        head_end = body_offset = len(raw)
    head = raw[start:head_end]
    plain = _plain_fields(head, max_fields)
    if plain is not None:
        return Split(plain, raw[body_offset:], body_offset, separator, defects)
    pieces = _FIELD_SPLIT.split(head, maxsplit=max_fields + 1)
    fields: list[RawField] = []
    consumed = start
    for i, chunk in enumerate(pieces):
        if len(fields) >= max_fields:
            kept = _identity_fields(raw, consumed, head_end)
            fields += kept
            names = ", ".join(dict.fromkeys(f.name for f in kept))
            defects.append(
                HeaderDefect(
                    DefectKind.TOO_MANY_HEADERS,
                    f"more than {max_fields} header fields; the rest were not read"
                    + (f", except {len(kept)} that identify the message ({names})" if kept else ""),
                )
            )
            break
        piece = chunk[:-1] if chunk.endswith(b"\r") else chunk
        if i == 0 and piece[:1] in (b" ", b"\t"):
            defects.append(
                HeaderDefect(
                    "mime:FirstHeaderLineIsContinuationDefect",
                    "the header block starts with a continuation line",
                    (bytes_to_str(piece[:120]),),
                )
            )
            consumed += len(chunk) + 1
            continue
        if not piece and i == len(pieces) - 1:
            break
        if not _FIELD_NAME.match(piece):
            # not a header: the body starts here
            defects.append(
                HeaderDefect(
                    DefectKind.MISSING_SEPARATOR,
                    "a line in the header block is not a header field; the body starts there",
                    (make_safe(bytes_to_str(piece[:120])),),
                )
            )
            return Split(fields, raw[consumed:], consumed, False, defects)
        name_b, _, value_b = piece.partition(b":")
        name = bytes_to_str(name_b.rstrip(b" \t"))
        if len(value_b) > MAX_DECODE_CHARS:
            value_b = value_b[:MAX_DECODE_CHARS]
            defects.append(
                HeaderDefect(
                    DefectKind.HEADER_TRUNCATED,
                    f"{name} is longer than {MAX_DECODE_CHARS} bytes; only the start was decoded",
                    (name,),
                )
            )
        text = bytes_to_str(value_b)
        unfolded = _unfold(text)
        fields.append(RawField(name, piece, unfolded))
        consumed += len(chunk) + 1
    return Split(fields, raw[body_offset:], body_offset, separator, defects)


#: Read even past the field cap: without them a sender could hide From or Subject below
#: thousands of filler fields, and the message would read as having none.
IDENTITY_FIELDS = (
    "from", "sender", "reply-to", "to", "cc", "subject", "date", "message-id", "in-reply-to",
    "references", "return-path", "mime-version", "content-type", "content-transfer-encoding",
    "list-id", "list-unsubscribe", "list-unsubscribe-post",
)  # fmt: skip
MAX_IDENTITY_FIELDS = 100
_IDENTITY_FIELD = re.compile(
    rb"(?im)^(?:" + b"|".join(re.escape(n.encode()) for n in IDENTITY_FIELDS) + rb")[ \t]*:"
)


def _identity_fields(raw: bytes, start: int, end: int) -> list[RawField]:
    """The identity fields among the header lines from ``start`` to ``end`` (a line start and
    the end of the header block), in order, without splitting the rest into fields."""
    kept: list[RawField] = []
    for found in _IDENTITY_FIELD.finditer(raw, start, end):
        if len(kept) >= MAX_IDENTITY_FIELDS:
            break
        after = _FIELD_SPLIT.search(raw, found.start(), end)
        piece = raw[found.start() : after.start() if after else end]
        piece = piece[:-1] if piece.endswith(b"\r") else piece
        name_b, _, value_b = piece.partition(b":")
        text = bytes_to_str(value_b[:MAX_DECODE_CHARS])
        unfolded = _unfold(text)
        kept.append(RawField(bytes_to_str(name_b.rstrip(b" \t")), piece, unfolded))
    return kept


_MIME_FIELDS = ("content-type", "content-disposition", "content-transfer-encoding")
_MIME_FIELD_LENGTHS = frozenset(map(len, _MIME_FIELDS))


def mime_values(fields: list[RawField]) -> tuple[str | None, str | None, str | None]:
    """The first Content-Type, Content-Disposition and Content-Transfer-Encoding values,
    bounded for the stdlib's parameter parsing (None where a field is absent)."""
    found: dict[str, str] = {}
    for f in fields:
        # a message has dozens of other fields: their names' lengths rule them out unlowered
        if len(f.name) not in _MIME_FIELD_LENGTHS:
            continue
        lname = f.name.lower()
        if lname in _MIME_FIELDS and lname not in found:
            found[lname] = _bounded_params(f.unfolded)
    return (
        found.get("content-type"),
        found.get("content-disposition"),
        found.get("content-transfer-encoding"),
    )


def header_params(values: tuple[str | None, str | None, str | None]) -> Message:
    """A throwaway stdlib Message holding only the MIME fields, for its RFC 2045/2231
    parameter parsing (charset, boundary, filename with continuations)."""
    msg = Message()
    for name, value in zip(_MIME_FIELDS, values, strict=True):
        if value is not None:
            msg[name] = value
    return msg


MAX_PARAM_CHARS = 4096
MAX_PARAMS = 24  # RFC 2231 continuations of a long file name fit


def _bounded_params(value: str) -> str:
    """The stdlib's parameter splitter copies the rest of the value once per ';', so a
    value of 60,000 semicolons takes seconds; real ones have a handful of parameters."""
    value = value[:MAX_PARAM_CHARS]
    if value.count(";") > MAX_PARAMS:
        cut = -1
        for _ in range(MAX_PARAMS + 1):
            cut = value.find(";", cut + 1)
        value = value[:cut]
    return value
