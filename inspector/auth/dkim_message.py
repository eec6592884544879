"""The message as dkimpy reads it (its ``rfc822_parse``), with the body made only on demand.

dkimpy's parse splits the whole message into lines and joins the body again with CRLF, which
costs as much as the rest of the DKIM step; offline, no body hash is ever compared, and a
signature without ``l=`` needs no body at all. So only the header block is read, and the body
is rebuilt the way dkimpy would rebuild it only when a hash or a length needs it.

The header block is cut into dkimpy's fields by two whole-block patterns instead of its
line-by-line loop (a regular-expression call per line, the larger part of the offline DKIM
step). A block where some line is neither a field nor a continuation is left to dkimpy's own
parser: an mbox ``From `` line it skips, anything else it refuses with its own error. Offline
only the fields' names and the signatures are read, so the other fields are cut out of the
block only when dkimpy verifies.
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
#: A field's name as dkimpy cuts it, after a line end: up to the first colon after its
#: first character (every line of a block ``_ODD_LINE`` passed starts a field or folds one).
_FIELD_NAME = re.compile(rb"\n([\x21-\x7e][^:]*):")


class DkimMessage:
    """Header fields as dkimpy splits them (raises dkimpy's MessageFormatError as it does) and
    the CRLF body it would build, made on first use; the fields' names lowered and the
    DKIM-Signature fields, which are all an offline check reads, without building the rest."""

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        block_end, self._body_start = _block_bounds(raw)
        self._fields: list[list[bytes]] | None = None
        self._body: bytes | None = None
        self._chunks: list[bytes] = []
        self.names: list[str] = []  # lowered, in order
        self.signatures: list[tuple[bytes, bytes]] = []
        block = raw[:block_end]
        crlf = _crlf(block) if _fast_path(block) else None
        if crlf is None:
            head = raw if self._body_start is None else raw[: self._body_start]
            fields, _ = dkim.rfc822_parse(head)
            self._fields = fields
            self.names = [n.decode("latin-1").lower() for n, _ in fields]
            self.signatures = [(n, v) for n, v in fields if n.lower() == b"dkim-signature"]
            return
        first = _FIELD_START.match(crlf)
        if first is None:  # an empty block
            return
        self._chunks = _FIELD_BREAK.split(crlf)
        written = [first.group()[:-1], *_FIELD_NAME.findall(crlf)]
        # names are printable ASCII here, so lowering them all at once lowers each
        self.names = b"\n".join(written).lower().decode("ascii").split("\n")
        self.signatures = [
            _field(self._chunks[i]) for i, name in enumerate(self.names) if name == "dkim-signature"
        ]

    @property
    def headers(self) -> list[list[bytes]]:
        """dkimpy's ``[name, value]`` pairs: each value keeps its folding, every line ended by
        CRLF."""
        if self._fields is None:
            self._fields = [list(_field(chunk)) for chunk in self._chunks]
        return self._fields

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
    first_lf = raw.find(b"\n")
    likely, other = (
        (b"\n\r\n", b"\n\n") if raw[first_lf - 1 : first_lf] == b"\r" else (b"\n\n", b"\n\r\n")
    )
    # the blank line of the first line's kind first, and the other only before it: looking
    # for a kind the message does not use would read all of it
    found = raw.find(likely)
    before = raw.find(other, 0, found + 2) if found >= 0 else raw.find(other)
    candidates = [i for i in (found, before) if i >= 0]
    if not candidates:
        end = len(raw)
        if raw.endswith(b"\n"):  # the line end of the last line; what follows is empty
            end -= 2 if raw.endswith(b"\r\n") else 1
        return end, None
    first = min(candidates)
    end = first - 1 if first > 0 and raw[first - 1] == 0x0D else first
    return end, first + (2 if raw[first + 1 : first + 2] == b"\n" else 3)


def _fast_path(block: bytes) -> bool:
    """Whether dkimpy's fields can be cut from this header block (holding no empty line) by
    the whole-block patterns: every line starts a field or folds one."""
    return not block or (_FIELD_START.match(block) is not None and not _ODD_LINE.search(block))


def _field(chunk: bytes) -> tuple[bytes, bytes]:
    """dkimpy's name and value of one field cut by ``_FIELD_BREAK``: the value keeps its
    folding, every line ended by CRLF."""
    colon = chunk.find(b":", 1)
    return chunk[:colon], chunk[colon + 1 :] + b"\r\n"


def _crlf(text: bytes) -> bytes:
    """Every line end (LF, or CR LF) made CR LF, as dkimpy's split on ``\\r?\\n`` and join
    with CRLF leave it: a CR before a line end goes with it, any other CR stays. Two
    replacements run at C speed; the pattern ``\\r?\\n`` has no literal to search for."""
    return text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
