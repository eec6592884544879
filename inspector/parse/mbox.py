"""mbox scanning: the messages of an mbox stream one by one, each with the offset and length
needed to reread it, in memory bounded by the largest message.

Why not the stdlib ``mailbox`` module: it indexes a whole mbox before handing out the first
message and reports no offsets. The caps are passed in by the caller so that
``inspector.parse.sources`` stays the one place that sets them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
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
    rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
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

    def read(self, size: int = -1, /) -> bytes: ...


_BLOCK = 1 << 20


@lru_cache(maxsize=4)
def _separator(line_chunk: int) -> re.Pattern[bytes]:
    """A ``From `` line (``MBOX_FROM`` within its first ``line_chunk`` bytes) at a line start,
    group 1 the blank line before it when there is one, found in one pass: the search runs in
    C, so millions of short lines cost no Python step each. Without the blank line the caller
    accepts only a fully dated line (``MBOX_FROM_DATED``)."""
    return re.compile(rb"\n(\r?\n)?(From [^\n]{0,%d}\d)" % max(0, line_chunk - 6))


def _safe_end(window: bytes, pos: int, line_chunk: int) -> int:
    """How far the window may be taken before more data comes: all of it, unless its last,
    unfinished line may still turn out to be a separator."""
    tail = window.rfind(b"\n") + 1
    start = window[tail : tail + 5]
    if tail >= pos and len(window) - tail < line_chunk:
        return tail if b"From ".startswith(start) else len(window)
    return len(window)


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
    """Yield the messages of an mbox stream one by one. A message over ``max_bytes`` becomes a
    ReadError; a separator line longer than ``line_chunk`` is judged on its first
    ``line_chunk`` bytes. The stream is read in blocks and separators are found by one search
    per block: time does not depend on how many lines there are, and a message is held as one
    buffer, never as a list of its lines."""
    index = -1
    pending: tuple[int, int] | None = None  # (index, start) of the message being collected
    buffer = bytearray()
    size = 0
    oversized = False

    def take(data: bytes) -> None:
        nonlocal buffer, size, oversized
        if pending is None or not data:
            return
        size += len(data)
        if size > max_bytes:
            oversized, buffer = True, bytearray()
        elif not oversized:
            buffer += data

    def finish(end: int, last: bool) -> Item | None:
        if pending is None:
            return None
        idx, start = pending
        if oversized:
            return ReadError(path, too_big(end - start, max_bytes), idx)
        data = _strip_separator_blank(bytes(buffer))
        if not data.strip():
            return ReadError(path, "empty message in mbox", idx)
        if last and not _has_separator(data):
            return ReadError(path, "truncated mbox: last message has no header/body separator", idx)
        ref = SourceRef(path, idx, kind, start, len(data))
        return ref, unquote_mboxrd(data)

    separator = _separator(line_chunk)
    # Three bytes of context are kept before ``pos`` for the separator's look-behind ("\n\r\n").
    window = b"\n\n\n"
    base = start_offset - 3  # stream offset of window[0]
    pos = 3
    while True:
        block = stream.read(_BLOCK)
        eof = not block
        if block:
            window, base, pos = window[pos - 3 :] + block, base + pos - 3, 3
        search_from = pos - 3
        while (found := separator.search(window, search_from)) is not None:
            start = found.start(2)
            if start < pos:
                search_from = start
                continue
            newline = window.find(b"\n", start, start + line_chunk)
            if newline < 0 and not eof and len(window) - start < line_chunk:
                break  # the separator line is not complete yet: _safe_end keeps it
            if found.group(1) is None and not MBOX_FROM_DATED.match(window, start):
                search_from = start  # a "From " line inside a message, not a separator
                continue
            line_end = newline + 1 if newline >= 0 else min(len(window), start + line_chunk)
            take(window[pos:start])
            item = finish(base + start, last=False)
            if item is not None:
                yield item
                if cancel is not None and cancel():
                    return
            index += 1
            pending = (index, base + line_end)
            buffer, size, oversized = bytearray(), 0, False
            pos = line_end
            search_from = line_end - 1  # this line's own end may open the next separator
        if eof:
            take(window[pos:])
            break
        keep = _safe_end(window, pos, line_chunk)
        take(window[pos:keep])
        pos = keep
        if cancel is not None and cancel():
            return
    if pending is None:
        yield ReadError(path, "no messages found in mbox")
        return
    end = base + len(window)
    if oversized:
        yield ReadError(path, too_big(end - pending[1], max_bytes), pending[0])
        return
    item = finish(end, last=True)
    if item is not None:
        yield item


class Prefixed:
    """A read-once stream with already-consumed bytes put back in front (stdin cannot seek)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                data, self._head = self._head, b""
                return data + (
                    self._rest.read(size - len(data)) if size >= 0 else self._rest.read()
                )
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)

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
