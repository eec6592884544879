"""The message as dkimpy reads it (its ``rfc822_parse``), with the body made only on demand.

dkimpy's parse splits the whole message into lines and joins the body again with CRLF, which
costs as much as the rest of the DKIM step; offline, no body hash is ever compared, and a
signature without ``l=`` needs no body at all. So the header block is handed to dkimpy's own
parser alone (the same fields, the same errors), and the body is rebuilt the way it would
rebuild it only when a hash or a length needs it.
"""

from __future__ import annotations

import re

import dkim

_LINE_END = re.compile(rb"\r?\n")


class DkimMessage:
    """Header fields as dkimpy splits them (raises dkimpy's MessageFormatError as it does) and
    the CRLF body it would build, made on first use."""

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._body_start = _body_start(raw)
        head = raw if self._body_start is None else raw[: self._body_start]
        headers, _ = dkim.rfc822_parse(head)
        self.headers: list[list[bytes]] = headers
        self._body: bytes | None = None

    @property
    def body(self) -> bytes:
        """Every line after the blank one, each ended by CRLF as dkimpy's join leaves them."""
        if self._body is None:
            start = self._body_start
            self._body = b"" if start is None else _LINE_END.sub(b"\r\n", self._raw[start:])
        return self._body


def _body_start(raw: bytes) -> int | None:
    """Where the body starts: after the first empty line (a line end at the very start, or
    two in a row), or None when there is no empty line."""
    if raw.startswith(b"\n"):
        return 1
    if raw.startswith(b"\r\n"):
        return 2
    candidates = [i for i in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if i >= 0]
    if not candidates:
        return None
    first = min(candidates)
    return first + (2 if raw[first + 1 : first + 2] == b"\n" else 3)
