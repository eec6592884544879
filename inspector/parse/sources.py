"""Message sources: files, mboxes, Maildirs, MH folders, directory trees, stdin and pasted text.

Every input becomes a stream of ``(SourceRef, bytes)`` pairs, or a ``ReadError`` line for what
cannot be read; a bad input never stops the batch. The format is decided from the content
(``inspector.parse.sniff``), not from the file name, and a file and stdin are read by the same
code once open.

Why not the stdlib ``mailbox`` module: it indexes a whole mbox before handing out the first
message, opens files read-write for some formats, may move Maildir messages from new/ to cur/
when asked for flags, and reports no offsets. Here an mbox is scanned once, line by line, with
memory bounded by the largest message (itself capped), and each message keeps the offset and
length needed to reread it later (the scanner lives in ``inspector.parse.mbox``). Analysed files are
only ever opened read-only.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from inspector.errors import SourceError
from inspector.model.codes import FileContent, SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.parse.file_kinds import os_error_text, skip_reason
from inspector.parse.mbox import (
    Cancel,
    Item,
    Lines,
    Prefixed,
    scan_mbox,
    too_big,
    unquote_mboxrd,
)
from inspector.parse.outlook_msg import MsgError, msg_source, msg_to_message
from inspector.parse.sniff import SNIFF_BYTES, sniff

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a single message larger than this is not read
_LINE_CHUNK = 1024 * 1024  # readline limit: a line longer than this comes in pieces


def _too_big(size: int) -> str:
    return too_big(size, MAX_MESSAGE_BYTES)


def _scan_mbox(stream: Lines, path: str, kind: SourceKind, cancel: Cancel) -> Iterator[Item]:
    """The mbox scanner with this module's caps, read at call time (tests lower them)."""
    return scan_mbox(
        stream, path, kind, cancel, max_bytes=MAX_MESSAGE_BYTES, line_chunk=_LINE_CHUNK
    )


# --------------------------------------------------------------------------- single files


def _read_capped(stream: BinaryIO) -> bytes | None:
    data = stream.read(MAX_MESSAGE_BYTES + 1)
    return None if len(data) > MAX_MESSAGE_BYTES else data


def _open_file(path: str) -> tuple[BinaryIO | None, ReadError | None]:
    try:
        st = os.stat(path)
    except OSError as exc:
        return None, ReadError(path, os_error_text(exc))
    if not stat.S_ISREG(st.st_mode):
        return None, ReadError(path, "not a regular file")
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOATIME", 0)
        try:
            fd = os.open(path, flags)
        except PermissionError:
            # O_NOATIME is refused on files we do not own; plain read-only is fine.
            fd = os.open(path, os.O_RDONLY)
        return os.fdopen(fd, "rb"), None
    except OSError as exc:
        return None, ReadError(path, os_error_text(exc))


def _iter_file(path: str, kind: SourceKind, cancel: Cancel) -> Iterator[Item]:
    """One file: an mbox (several messages), an Outlook .msg or a single message."""
    stream, err = _open_file(path)
    if stream is None:
        assert err is not None
        yield err
        return
    with stream:
        yield from _read_stream(
            stream, path, cancel, kind=kind, mbox_kind=SourceKind.MBOX, msg_kind=SourceKind.MSG
        )


def _read_stream(
    stream: BinaryIO,
    path: str,
    cancel: Cancel,
    *,
    kind: SourceKind,
    mbox_kind: SourceKind,
    msg_kind: SourceKind,
) -> Iterator[Item]:
    """The messages of one open stream, a file or stdin, decided by its first bytes. The
    sniffed head is put back in front of the rest rather than sought back to, since stdin
    cannot seek."""
    try:
        head = stream.read(SNIFF_BYTES)
        what = sniff(head)
        if what is FileContent.MBOX:
            yield from _scan_mbox(Prefixed(head, stream), path, mbox_kind, cancel)
            return
        if not isinstance(what, FileContent):
            yield ReadError(path, what)
            return
        rest = stream.read(max(0, MAX_MESSAGE_BYTES + 1 - len(head)))
    except OSError as exc:
        yield ReadError(path, os_error_text(exc))
        return
    data = head + rest
    if len(data) > MAX_MESSAGE_BYTES:
        yield ReadError(path, _too_big(_stream_size(stream, len(data))))
    elif what is FileContent.OUTLOOK_MSG:
        yield msg_source(path, data, msg_kind)
    else:
        yield SourceRef(path, 0, kind, 0, len(data)), data


def _stream_size(stream: BinaryIO, read: int) -> int:
    """The whole size of a stream of which ``read`` bytes were read: a file's size on disk,
    or what was read from a pipe (whose size on record is 0)."""
    try:
        return max(read, os.fstat(stream.fileno()).st_size)
    except (OSError, ValueError):
        return read


# --------------------------------------------------------------------------- folders


def _is_maildir(path: str) -> bool:
    return os.path.isdir(os.path.join(path, "cur")) or os.path.isdir(os.path.join(path, "new"))


def _listdir(path: str) -> tuple[list[os.DirEntry[str]], ReadError | None]:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name), None
    except OSError as exc:
        return [], ReadError(path, os_error_text(exc))


def _iter_dir(path: str, cancel: Cancel, depth: int = 0) -> Iterator[Item]:
    """Walk a directory: Maildir cur/ and new/ (tmp/ ignored), MH numbered files, other
    files by content, subfolders recursively (symlinked folders are not followed)."""
    if depth > 64:
        yield ReadError(path, "folder nesting too deep; not searched")
        return
    entries, err = _listdir(path)
    if err is not None:
        yield err
        return
    maildir = _is_maildir(path)
    files = [e for e in entries if not e.name.startswith(".") and _is_file(e)]
    # hidden folders are skipped (.git, .cache) unless they are Maildir++ subfolders (.Sent)
    dirs = [e for e in entries if _is_dir(e) and (e.name[0] != "." or _is_maildir(e.path))]
    yield from _skipped(e for e in entries if not e.name.startswith(".") and not _is_file(e))
    if maildir:
        for sub in ("cur", "new"):
            sub_path = os.path.join(path, sub)
            sub_entries, sub_err = _listdir(sub_path) if os.path.isdir(sub_path) else ([], None)
            if sub_err is not None:
                yield sub_err
            for entry in sub_entries:
                if entry.name.startswith("."):
                    continue
                if not _is_file(entry):
                    yield from _skipped([entry])
                    continue
                if cancel is not None and cancel():
                    return
                yield from _iter_file(entry.path, SourceKind.MAILDIR, cancel)
        dirs = [e for e in dirs if e.name not in ("cur", "new", "tmp")]
    numbered = sorted((e for e in files if e.name.isdigit()), key=lambda e: int(e.name))
    others = [e for e in files if not e.name.isdigit() and not _companion(e.name)]
    for entry in numbered:
        if cancel is not None and cancel():
            return
        yield from _iter_file(entry.path, SourceKind.MH, cancel)
    for entry in others:
        if cancel is not None and cancel():
            return
        yield from _iter_file(entry.path, SourceKind.EML, cancel)
    for entry in dirs:
        if cancel is not None and cancel():
            return
        yield from _iter_dir(entry.path, cancel, depth + 1)


_COMPANION_SUFFIXES = (
    ".md", ".json", ".csv", ".yaml", ".yml", ".py", ".sh", ".sha256", ".msf", ".lock",
)  # fmt: skip
_COMPANION_NAMES = ("readme", "license", "licence", "copying", "notice", "manifest")
_COMPANION_PREFIXES = ("dovecot", "courierimap", "maildirfolder", "subscriptions")


def _companion(name: str) -> bool:
    """Files that sit beside messages in a folder (its README, a DNS snapshot, a manifest)
    are skipped in folder walks instead of each producing a "not a message" line; named
    explicitly, they are still read and reported."""
    lower = name.lower()
    return (
        lower.endswith(_COMPANION_SUFFIXES)
        or lower.split(".", 1)[0] in _COMPANION_NAMES
        or lower.startswith(_COMPANION_PREFIXES)
    )


def _skipped(entries: Iterable[os.DirEntry[str]]) -> Iterator[ReadError]:
    """A ReadError for each entry that is neither a file nor a folder the walk enters."""
    for entry in entries:
        reason = skip_reason(entry.path)
        if reason is not None:
            yield ReadError(entry.path, reason)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=True)
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _iter_folder(path: str, cancel: Cancel) -> Iterator[Item]:
    found = False
    unreadable = False
    for item in _iter_dir(path, cancel):
        if not isinstance(item, ReadError):
            found = True
        elif item.path == path:
            unreadable = True  # already said why; "no messages" would repeat it
        yield item
    if not found and not unreadable and not (cancel is not None and cancel()):
        yield ReadError(path, "no messages found in folder")


# --------------------------------------------------------------------------- public API


def iter_messages(
    paths: Iterable[str],
    *,
    stdin: BinaryIO | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Iterator[tuple[SourceRef, bytes] | ReadError]:
    """Yield every message found under ``paths`` as soon as it is found, with ReadError lines
    for inputs that cannot be read. ``-`` reads ``stdin`` (a message or an mbox). Stops quietly
    when ``cancel()`` turns true."""
    for path in paths:
        if cancel is not None and cancel():
            return
        if path == "-":
            if stdin is None:
                yield ReadError("-", "standard input is not available")
            else:
                yield from _read_stream(
                    stdin,
                    "<stdin>",
                    cancel,
                    kind=SourceKind.STDIN,
                    mbox_kind=SourceKind.STDIN,
                    msg_kind=SourceKind.STDIN,
                )
            continue
        if os.path.isdir(path):
            yield from _iter_folder(path, cancel)
        else:
            yield from _iter_file(path, SourceKind.EML, cancel)


def iter_refs(
    paths: Iterable[str],
    *,
    stdin: BinaryIO | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Iterator[SourceRef | ReadError]:
    """Like ``iter_messages`` but only the references (for building an index); each message
    is still read once, then dropped."""
    for item in iter_messages(paths, stdin=stdin, cancel=cancel):
        yield item if isinstance(item, ReadError) else item[0]


def read_message(ref: SourceRef) -> bytes:
    """Reread one message by its reference; an mbox message by offset and length, without
    rescanning. Raises SourceError when it can no longer be read (moved, changed, stdin)."""
    if ref.kind in (SourceKind.STDIN, SourceKind.PASTE):
        raise SourceError(f"{ref.path}: {ref.kind} input cannot be read again")
    stream, err = _open_file(ref.path)
    if stream is None:
        raise SourceError(f"{ref.path}: {err.message if err else 'cannot open'}")
    with stream:
        try:
            if ref.kind is SourceKind.MBOX:
                if ref.length < 0 or ref.length > MAX_MESSAGE_BYTES:
                    raise SourceError(f"{ref.path}: bad message length {ref.length}")
                stream.seek(ref.offset)
                data = stream.read(ref.length)
                if len(data) != ref.length:
                    raise SourceError(f"{ref.path}: mbox changed since it was scanned")
                return unquote_mboxrd(data)
            data_or_none = _read_capped(stream)
        except OSError as exc:
            raise SourceError(f"{ref.path}: {os_error_text(exc)}") from exc
    if data_or_none is None:
        raise SourceError(f"{ref.path}: {_too_big(MAX_MESSAGE_BYTES + 1)}")
    if ref.kind is SourceKind.MSG:
        try:
            return msg_to_message(data_or_none)
        except MsgError as exc:
            raise SourceError(f"{ref.path}: {exc}") from None
    return data_or_none


_PASTE_CUT = re.compile(r"(?im)^[ \t]*(download original|copy to clipboard)[ \t]*$")


def message_from_paste(text: str) -> tuple[SourceRef, bytes]:
    """Turn text pasted from a mail client ("Show original", "View message source") into
    message bytes: line endings made CRLF, a leading BOM, blank lines, Gmail's summary table
    and a common indentation removed, non-breaking spaces made plain."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    cuts = list(_PASTE_CUT.finditer(text))
    if cuts:
        text = text[cuts[-1].end() :]
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    head_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    indents = [len(ln) - len(ln.lstrip(" \t")) for ln in lines[:head_end] if ln.strip()]
    common = min(indents) if indents else 0
    if common:
        lines = [ln[common:] if ln[:common].strip() == "" else ln for ln in lines]
    data = "\r\n".join(lines).encode("utf-8", "surrogateescape")
    return SourceRef("<pasted>", 0, SourceKind.PASTE, 0, len(data)), data
