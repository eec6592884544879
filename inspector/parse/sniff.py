"""What the first bytes of a file say it holds: a message, an mbox, an Outlook .msg, or why
it holds no mail ("not a message: looks like a PDF file", "empty file").

Why content and not names: mail clients export .txt, .mbx, extension-less files and Maildir
names with ``:2,S`` suffixes; only the bytes say what a file holds."""

from __future__ import annotations

import re

from inspector.model.codes import FileContent
from inspector.parse.mbox import MBOX_FROM
from inspector.parse.outlook_msg import OLE_MAGIC

#: How many leading bytes ``sniff`` needs to decide.
SNIFF_BYTES = 4096

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


def sniff(head: bytes) -> FileContent | str:
    """Classify the first bytes of a file: what mail it holds, or why it holds none."""
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
