"""The message as dkimpy reads it (its ``rfc822_parse``), with the body made only on demand.

dkimpy's parse splits the whole message into lines and joins the body again with CRLF, which
costs as much as the rest of the DKIM step; offline, no body hash is ever compared, and a
signature without ``l=`` needs no body at all. So only the header block is read, and the body
is rebuilt the way dkimpy would rebuild it only when a hash or a length needs it.

The header block is cut into dkimpy's fields by two whole-block patterns instead of its
line-by-line loop (a regular-expression call per line, the larger part of the offline DKIM
step). A block where some line is neither a field nor a continuation is left to dkimpy's own
parser: an mbox ``From `` line it skips, anything else it refuses with its own error.
"""

from __future__ import annotations

import re

import dkim

#: A field's start as dkimpy matches it (names are \x21-\x7e, up to the first colon).
_FIELD_START = re.compile(rb"[\x21-\x7e]+?:")
#: A line after the first that dkimpy reads as neither a continuation nor a field. Searched
#: from its line end: a pattern that starts with a literal is found at C speed, one that
#: starts with ``^`` is tried at every position.
_ODD_LINE = re.compile(rb"\n(?![ \t]|[\x21-\x7e]+?:)")
#: Where a field starts in the CRLF block: a line end not followed by folding white space.
_FIELD_BREAK = re.compile(rb"\r\n(?![ \t])")


class DkimMessage:
    """Header fields as dkimpy splits them (raises dkimpy's MessageFormatError as it does) and
    the CRLF body it would build, made on first use."""

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        block_end, self._body_start = _block_bounds(raw)
        head = raw if self._body_start is None else raw[: self._body_start]
        fields = _fields(raw[:block_end])
        if fields is None:
            fields, _ = dkim.rfc822_parse(head)
        self.headers: list[list[bytes]] = fields
        self._body: bytes | None = None

    @property
    def body(self) -> bytes:
        """Every line after the blank one, each ended by CRLF as dkimpy's join leaves them."""
        if self._body is None:
            start = self._body_start
            self._body = b"" if start is None else _crlf(self._raw[start:])
        return self._body


def _block_bounds(raw: bytes) -> tuple[int, int | None]:
    """(end of the last header line, without its line end; where the body starts, after the
    first empty line, or None when there is no empty line)."""
    if raw.startswith(b"\n"):
        return 0, 1
    if raw.startswith(b"\r\n"):
        return 0, 2
    candidates = [i for i in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if i >= 0]
    if not candidates:
        end = len(raw)
        if raw.endswith(b"\n"):  # the line end of the last line; what follows is empty
            end -= 2 if raw.endswith(b"\r\n") else 1
        return end, None
    first = min(candidates)
    end = first - 1 if first > 0 and raw[first - 1] == 0x0D else first
    return end, first + (2 if raw[first + 1 : first + 2] == b"\n" else 3)


def _fields(block: bytes) -> list[list[bytes]] | None:
    """dkimpy's ``[name, value]`` pairs of a header block holding no empty line: each value
    keeps its folding, every line ended by CRLF. None when dkimpy must read it itself."""
    if not block:
        return []
    if not _FIELD_START.match(block) or _ODD_LINE.search(block):
        return None
    fields: list[list[bytes]] = []
    for chunk in _FIELD_BREAK.split(_crlf(block)):
        colon = chunk.find(b":", 1)
        fields.append([chunk[:colon], chunk[colon + 1 :] + b"\r\n"])
    return fields


def _crlf(text: bytes) -> bytes:
    """Every line end (LF, or CR LF) made CR LF, as dkimpy's split on ``\\r?\\n`` and join
    with CRLF leave it: a CR before a line end goes with it, any other CR stays. Two
    replacements run at C speed; the pattern ``\\r?\\n`` has no literal to search for."""
    return text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
