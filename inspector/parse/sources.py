"""Message sources: files, mboxes, Maildirs, MH folders, directory trees, stdin and pasted text.

Every input becomes a stream of ``(SourceRef, bytes)`` pairs, or a ``ReadError`` line for what
cannot be read; a bad input never stops the batch. The format is decided from the content (an
mbox starts with ``From ``, a message with header fields; PDFs, images, archives, empty and
binary files are "not a message"), not from the file name.

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
    MBOX_FROM,
    Cancel,
    Item,
    Lines,
    Prefixed,
    scan_mbox,
    too_big,
    unquote_mboxrd,
)
from inspector.parse.outlook_msg import OLE_MAGIC, MsgError, msg_source, msg_to_message

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a single message larger than this is not read
_SNIFF_BYTES = 4096
_LINE_CHUNK = 1024 * 1024  # readline limit: a line longer than this comes in pieces

_FIELD_LINE = re.compile(rb"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,76}[ \t]*:")
_KNOWN_FIELDS = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"date",
        b"subject",
        b"received",
        b"return-path",
        b"message-id",
        b"mime-version",
        b"delivered-to",
        b"content-type",
        b"reply-to",
        b"sender",
        b"dkim-signature",
        b"authentication-results",
        b"arc-seal",
        b"x-original-to",
        b"x-received",
        b"received-spf",
        b"x-mailer",
        b"x-sender",
        b"envelope-to",
        b"x-apparently-to",
        b"x-gm-message-state",
        b"user-agent",
        b"in-reply-to",
        b"references",
        b"list-id",
    }
)

# (magic prefix, description) for "not a message: looks like ..."
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ", "an xz-compressed file"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"<?xml", "an XML file"),
    (b"<!DOCTYPE", "an HTML file"),
    (b"<html", "an HTML file"),
    (b"SQLite format 3", "an SQLite database"),
)


# --------------------------------------------------------------------------- detection


def sniff(head: bytes) -> FileContent | str:
    """Classify the first bytes of a file: what mail it holds, or why it holds none ("not a
    message: ...", "empty file").

    Why content and not names: mail clients export .txt, .mbx, extension-less files and
    Maildir names with ``:2,S`` suffixes; only the bytes say what a file holds."""
    if not head.strip():
        return "empty file"
    if head.startswith(OLE_MAGIC):
        return FileContent.OUTLOOK_MSG
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    for magic, what in _MAGIC:
        if body[: len(magic)].lower() == magic.lower():
            return f"not a message: looks like {what}"
    if body.startswith(b"From ") and MBOX_FROM.match(body.split(b"\n", 1)[0]):
        return FileContent.MBOX
    # A NUL byte alone does not make binary data: a message that starts with mail header
    # fields is read (and the NUL reported), or a sender could add one to escape analysis.
    binary = b"\x00" in body
    lines = body.lstrip(b"\r\n").split(b"\n", 8)
    first = _FIELD_LINE.match(lines[0])
    if not first:
        return "not a message: " + (
            "binary data" if binary else "does not start with header fields"
        )
    name = lines[0].split(b":", 1)[0].strip().lower()
    fields = sum(1 for line in lines[:8] if _FIELD_LINE.match(line))
    if name in _KNOWN_FIELDS or name.startswith(b"x-") or fields >= 2:
        return FileContent.MESSAGE
    return "not a message: " + (
        "binary data" if binary else "does not start with mail header fields"
    )


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
    """One file: an mbox (several messages) or a single message."""
    stream, err = _open_file(path)
    if stream is None:
        assert err is not None
        yield err
        return
    with stream:
        try:
            head = stream.read(_SNIFF_BYTES)
            what = sniff(head)
            if what is FileContent.MBOX:
                stream.seek(0)
                yield from _scan_mbox(stream, path, SourceKind.MBOX, cancel)
                return
            if what not in (FileContent.MESSAGE, FileContent.OUTLOOK_MSG):
                yield ReadError(path, what)
                return
            rest = stream.read(max(0, MAX_MESSAGE_BYTES + 1 - len(head)))
        except OSError as exc:
            yield ReadError(path, os_error_text(exc))
            return
        data = head + rest
        if what is FileContent.OUTLOOK_MSG and len(data) <= MAX_MESSAGE_BYTES:
            yield msg_source(path, data)
            return
        if len(data) > MAX_MESSAGE_BYTES:
            try:
                size = os.fstat(stream.fileno()).st_size
            except OSError:
                size = len(data)
            yield ReadError(path, _too_big(size))
            return
        yield SourceRef(path, 0, kind, 0, len(data)), data


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


# --------------------------------------------------------------------------- stdin


def _iter_stdin(stdin: BinaryIO, cancel: Cancel) -> Iterator[Item]:
    path = "<stdin>"
    try:
        head = stdin.read(_SNIFF_BYTES)
        what = sniff(head)
        if what is FileContent.MBOX:
            yield from _scan_mbox(Prefixed(head, stdin), path, SourceKind.STDIN, cancel)
            return
        if what is not FileContent.MESSAGE:
            yield ReadError(path, what)
            return
        rest = stdin.read(max(0, MAX_MESSAGE_BYTES + 1 - len(head)))
    except OSError as exc:
        yield ReadError(path, os_error_text(exc))
        return
    data = head + rest
    if len(data) > MAX_MESSAGE_BYTES:
        yield ReadError(path, _too_big(len(data)))
        return
    yield SourceRef(path, 0, SourceKind.STDIN, 0, len(data)), data


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
                yield from _iter_stdin(stdin, cancel)
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
