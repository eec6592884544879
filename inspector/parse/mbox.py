"""mbox scanning: the messages of an mbox stream one by one, each with the offset and length
needed to reread it, in memory bounded by the largest message.

Why not the stdlib ``mailbox`` module: it indexes a whole mbox before handing out the first
message and reports no offsets. The caps are passed in by the caller so that
``inspector.parse.sources`` stays the one place that sets them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, Protocol

from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef

Item = tuple[SourceRef, bytes] | ReadError
Cancel = Callable[[], bool] | None

MBOX_FROM = re.compile(rb"^From \S*.*\d")
#: A From_ line with the full asctime date ("From a@b Thu Jul  2 12:05:05 2020"). Some
#: archives start the next message right after the last MIME boundary, without the blank
#: line; body text practically never has this exact shape, so it separates on its own.
MBOX_FROM_DATED = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
    rb"Nov|Dec) +\d{1,2} \d\d:\d\d:\d\d(?: [A-Z]{3,5})? \d{4}\r?\n"
)


def too_big(size: int, limit: int) -> str:
    """The ReadError text for a message over the size limit."""
    return (
        f"message too large: {size / 1048576:.1f} MB, over the "
        f"{limit // 1048576} MB limit; not read"
    )


def unquote_mboxrd(data: bytes) -> bytes:
    """mboxrd quoting adds one ``>`` to lines matching ``>*From ``; remove it.

    Applied to every mbox: for mboxo files it only differs on body lines that began with
    ``>From `` in the original, which is rare, and for the common ``>From `` case it is right."""
    if b">From " not in data:
        return data
    return re.sub(rb"(?m)^>(>*From )", rb"\1", data)


def _strip_separator_blank(data: bytes) -> bytes:
    """The blank line before the next ``From `` line belongs to the mbox, not the message."""
    if data.endswith(b"\r\n\r\n"):
        return data[:-2]
    if data.endswith(b"\n\n"):
        return data[:-1]
    return data


def _has_separator(data: bytes) -> bool:
    return b"\n\n" in data or b"\n\r\n" in data


class Lines(Protocol):
    """What the scanner reads from: a file, or stdin with its sniffed head put back."""

    def readline(self, limit: int = -1, /) -> bytes: ...


def scan_mbox(
    stream: Lines,
    path: str,
    kind: SourceKind,
    cancel: Cancel,
    start_offset: int = 0,
    *,
    max_bytes: int,
    line_chunk: int,
) -> Iterator[Item]:
    """Yield the messages of an mbox stream one by one, reading line by line. A message over
    ``max_bytes`` becomes a ReadError; lines come in pieces of at most ``line_chunk`` bytes."""
    offset = start_offset
    index = -1
    msg_start = 0
    chunks: list[bytes] = []
    size = 0
    oversized = False
    prev_blank = True
    at_line_start = True
    pending: tuple[int, int] | None = None  # (index, start) of the message being collected

    def finish(end: int, last: bool) -> Item | None:
        if pending is None:
            return None
        idx, start = pending
        if oversized:
            return ReadError(path, too_big(end - start, max_bytes), idx)
        data = _strip_separator_blank(b"".join(chunks))
        if not data.strip():
            return ReadError(path, "empty message in mbox", idx)
        if last and not _has_separator(data):
            return ReadError(path, "truncated mbox: last message has no header/body separator", idx)
        ref = SourceRef(path, idx, kind, start, len(data))
        return ref, unquote_mboxrd(data)

    lines_seen = 0
    while True:
        line = stream.readline(line_chunk)
        if not line:
            break
        lines_seen += 1
        if cancel is not None and lines_seen % 4096 == 0 and cancel():
            return
        is_from = (
            at_line_start
            and line.startswith(b"From ")
            and ((prev_blank and MBOX_FROM.match(line)) or MBOX_FROM_DATED.match(line))
        )
        if is_from:
            item = finish(offset, last=False)
            if item is not None:
                yield item
                if cancel is not None and cancel():
                    return
            index += 1
            msg_start = offset + len(line)
            pending = (index, msg_start)
            chunks = []
            size = 0
            oversized = False
        elif pending is not None:
            size += len(line)
            if size > max_bytes:
                oversized = True
                chunks = []
            elif not oversized:
                chunks.append(line)
        offset += len(line)
        ends = line.endswith(b"\n")
        if at_line_start:
            prev_blank = line in (b"\n", b"\r\n")
        at_line_start = ends
    if pending is None:
        yield ReadError(path, "no messages found in mbox")
        return
    if oversized:
        yield ReadError(path, too_big(size, max_bytes), pending[0])
        return
    item = finish(offset, last=True)
    if item is not None:
        yield item


class Prefixed:
    """A read-once stream with already-consumed bytes put back in front (stdin cannot seek)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readline(self, limit: int = -1) -> bytes:
        if self._head:
            cut = self._head.find(b"\n")
            if cut >= 0 and (limit < 0 or cut < limit):
                line, self._head = self._head[: cut + 1], self._head[cut + 1 :]
                return line
            line, self._head = self._head, b""
            if limit >= 0 and len(line) >= limit:
                line, self._head = line[:limit], line[limit:]
                return line
            more = self._rest.readline(limit - len(line) if limit >= 0 else -1)
            return line + more
        return self._rest.readline(limit)
