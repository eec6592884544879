"""Outlook .msg files (MS-OXMSG) turned into the RFC 5322 message they were made from.

Why olefile and our own property reader: a .msg is an OLE compound file (MS-CFB) whose
streams hold MAPI properties (MS-OXMSG, MS-OXPROPS). olefile (BSD licence, pure Python, so it
freezes with PyInstaller and needs no external program) reads the compound file; extract-msg,
the usual all-in-one reader, is GPL, which this project cannot ship. What sits on top of
olefile is small and documented: the property stream's 16-byte entries and the
``__substg1.0_IIIITTTT`` streams holding variable-length values.

What a deliverability analysis needs is the message as the receiving server saw it, and
Outlook keeps that as PR_TRANSPORT_MESSAGE_HEADERS (the original header block, with every
Received, DKIM-Signature and Authentication-Results field). The body is not kept as sent:
Outlook stores the text, the HTML and each attachment separately, so they are reassembled
here into a new MIME tree under the original header fields (minus the original MIME fields,
which described the old tree). A DKIM body hash can therefore not match; the header fields
are the original ones. A .msg without transport headers (a draft, a message saved from Sent
Items) never crossed the Internet, and is refused saying exactly that. Outlook often keeps
the HTML of a received message only inside PR_RTF_COMPRESSED; without PR_HTML that RTF is
decompressed and the HTML (or, for RTF that encapsulates none, its text) recovered from it.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
import io
import re
import struct
from dataclasses import dataclass, field

import olefile

from inspector.errors import InspectorError
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.parse.rtf_compressed import CompressedRtfError, decompress_rtf
from inspector.parse.rtf_html import RtfBody, RtfBodyKind, RtfError, rtf_body

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ATTACHMENTS = 500
MAX_DEPTH = 3  # .msg attached to .msg attached to ...
MAX_STREAM_BYTES = 64 * 1024 * 1024

# property ids (MS-OXPROPS) and types (MS-OXCDATA)
PR_MESSAGE_CLASS = 0x001A
PR_SUBJECT = 0x0037
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D
PR_SENDER_NAME = 0x0C1A
PR_SENDER_EMAIL_ADDRESS = 0x0C1F
PR_DISPLAY_TO = 0x0E04
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_HTML = 0x1013
PR_INTERNET_MESSAGE_ID = 0x1035
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_ATTACH_CONTENT_ID = 0x3712
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD
PT_LONG = 0x0003
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_BINARY = 0x0102
PT_OBJECT = 0x000D
ATTACH_EMBEDDED_MSG = 5

NO_TRANSPORT_HEADERS = (
    "an Outlook .msg without the original Internet headers (a draft, or a message saved "
    "from Sent Items): it was never received, so there is no delivery to analyse"
)
_MIME_FIELD = re.compile(
    r"^(content-[a-z-]+|mime-version)[ \t]*:.*(?:\r?\n[ \t].*)*\r?\n?", re.I | re.M
)


class MsgError(InspectorError):
    """Not a readable Outlook .msg, or one with nothing to analyse; the text says which."""


@dataclass
class _Item:
    """One property-bearing storage: the message, an attachment or an embedded message."""

    values: dict[int, bytes | int] = field(default_factory=dict)
    types: dict[int, int] = field(default_factory=dict)
    codepage: str = "cp1252"

    def text(self, prop: int) -> str | None:
        value, kind = self.values.get(prop), self.types.get(prop)
        if not isinstance(value, bytes):
            return None
        if kind == PT_UNICODE:
            return value.decode("utf-16-le", "replace").split("\x00", 1)[0]
        if kind == PT_STRING8:
            return value.decode(self.codepage, "replace").split("\x00", 1)[0]
        return None

    def binary(self, prop: int) -> bytes | None:
        value = self.values.get(prop)
        return value if isinstance(value, bytes) else None

    def number(self, prop: int) -> int | None:
        value = self.values.get(prop)
        return value if isinstance(value, int) else None


def _codepage(number: int | None) -> str:
    if number == 65001:
        return "utf-8"
    try:
        return codecs.lookup(f"cp{number}").name if number else "cp1252"
    except LookupError:
        return "cp1252"


class _Reader:
    def __init__(self, ole: olefile.OleFileIO) -> None:
        self.ole = ole
        self.streams = {"/".join(p) for p in ole.listdir(streams=True, storages=False)}
        self.storages = {"/".join(p) for p in ole.listdir(streams=False, storages=True)}

    def stream(self, path: str) -> bytes:
        if self.ole.get_size(path) > MAX_STREAM_BYTES:
            raise MsgError("an Outlook .msg stream is larger than any message may be")
        data: bytes = self.ole.openstream(path).read()
        return data

    def item(self, prefix: str, header_size: int) -> _Item:
        """Read the property stream of one storage (``prefix`` "" for the root)."""
        item = _Item()
        props_path = f"{prefix}__properties_version1.0"
        if props_path not in self.streams:
            raise MsgError("not an Outlook .msg (no property stream)")
        table = self.stream(props_path)[header_size:]
        for offset in range(0, len(table) - 15, 16):
            tag, _flags, value = struct.unpack_from("<IIQ", table, offset)
            prop, kind = tag >> 16, tag & 0xFFFF
            item.types[prop] = kind
            if kind in (PT_STRING8, PT_UNICODE, PT_BINARY):
                name = f"{prefix}__substg1.0_{prop:04X}{kind:04X}"
                if name in self.streams:
                    item.values[prop] = self.stream(name)
            elif kind == PT_OBJECT:
                item.values[prop] = 0
            elif kind == PT_LONG:
                item.values[prop] = value & 0xFFFFFFFF
        cpid = item.number(PR_INTERNET_CPID) or item.number(PR_MESSAGE_CODEPAGE)
        item.codepage = _codepage(cpid)
        return item

    def children(self, prefix: str, kind: str) -> list[str]:
        marker = f"__{kind}_version1.0_#"
        found = sorted(
            s for s in self.storages if s.startswith(prefix) and "/" not in s[len(prefix) :]
        )
        return [s + "/" for s in found if s[len(prefix) :].startswith(marker)]


def _boundary(seed: bytes, depth: int) -> str:
    return f"=_msg{depth}_{hashlib.sha256(seed).hexdigest()[:24]}"


def _b64(data: bytes) -> str:
    return "\r\n".join(
        base64.b64encode(data[i : i + 57]).decode("ascii") for i in range(0, len(data), 57)
    )


def _quote(name: str) -> str:
    return name.replace("\\", "_").replace('"', "_").replace("\r", " ").replace("\n", " ")[:200]


def _attachment_part(reader: _Reader, prefix: str, depth: int) -> str:
    att = reader.item(prefix, 8)
    name = (
        att.text(PR_ATTACH_LONG_FILENAME) or att.text(PR_ATTACH_FILENAME) or "attachment"
    ).strip()
    if att.number(PR_ATTACH_METHOD) == ATTACH_EMBEDDED_MSG:
        inner = f"{prefix}__substg1.0_{PR_ATTACH_DATA:04X}{PT_OBJECT:04X}/"
        if depth < MAX_DEPTH and inner.rstrip("/") in reader.storages:
            embedded = _message(reader, inner, 24, depth + 1, require_headers=False)
            return (
                "Content-Type: message/rfc822\r\n"
                f'Content-Disposition: attachment; filename="{_quote(name)}.eml"\r\n\r\n'
                + embedded.decode("utf-8", "surrogateescape")
            )
    data = att.binary(PR_ATTACH_DATA) or b""
    mime = (att.text(PR_ATTACH_MIME_TAG) or "application/octet-stream").strip()
    if not re.fullmatch(r"[\w.+-]+/[\w.+-]+", mime):
        mime = "application/octet-stream"
    lines = [
        f'Content-Type: {mime}; name="{_quote(name)}"',
        "Content-Transfer-Encoding: base64",
        f'Content-Disposition: attachment; filename="{_quote(name)}"',
    ]
    cid = (att.text(PR_ATTACH_CONTENT_ID) or "").strip()
    if cid and re.fullmatch(r"[^\s<>]{1,200}", cid):
        lines.append(f"Content-ID: <{cid}>")
    return "\r\n".join(lines) + "\r\n\r\n" + _b64(data)


def _text_part(mime: str, text: str) -> str:
    return (
        f"Content-Type: {mime}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + _b64(text.encode("utf-8"))
    )


def _html(item: _Item) -> str | None:
    if item.types.get(PR_HTML) == PT_BINARY:
        raw = item.binary(PR_HTML)
        if raw is None:
            return None
        declared = re.search(rb"charset\s*=\s*[\"']?([\w-]{1,40})", raw[:4096], re.I)
        try:
            return raw.decode(declared.group(1).decode() if declared else item.codepage, "replace")
        except LookupError:
            return raw.decode(item.codepage, "replace")
    return item.text(PR_HTML)


def _rtf(item: _Item) -> RtfBody | None:
    """The body Outlook kept only as compressed RTF (often HTML encapsulated in RTF)."""
    compressed = item.binary(PR_RTF_COMPRESSED)
    if not compressed:
        return None
    try:
        return rtf_body(decompress_rtf(compressed, MAX_STREAM_BYTES))
    except (CompressedRtfError, RtfError) as exc:
        raise MsgError(f"an Outlook .msg whose RTF body is unreadable: {exc}") from None


def _headers_from_properties(item: _Item) -> str:
    """Header fields for an embedded message that kept no transport headers."""
    fields = []
    sender = item.text(PR_SENDER_EMAIL_ADDRESS)
    if sender and "@" in sender:
        display = (item.text(PR_SENDER_NAME) or "").replace('"', "'")
        fields.append(f'From: "{display}" <{sender.strip()}>' if display else f"From: {sender}")
    for prop, name in ((PR_SUBJECT, "Subject"), (PR_INTERNET_MESSAGE_ID, "Message-ID")):
        value = item.text(prop)
        if value:
            fields.append(f"{name}: {' '.join(value.split())}")
    return "".join(f"{f}\r\n" for f in fields)


def _message(
    reader: _Reader, prefix: str, header_size: int, depth: int, *, require_headers: bool
) -> bytes:
    item = reader.item(prefix, header_size)
    transport = item.text(PR_TRANSPORT_MESSAGE_HEADERS)
    if transport and transport.strip():
        head = transport.replace("\r\n", "\n").strip("\n").replace("\n", "\r\n") + "\r\n"
        head = _MIME_FIELD.sub("", head)
    elif require_headers:
        raise MsgError(NO_TRANSPORT_HEADERS)
    else:
        head = _headers_from_properties(item)
    attachments = reader.children(prefix, "attach")
    if len(attachments) > MAX_ATTACHMENTS:
        raise MsgError(f"an Outlook .msg with more than {MAX_ATTACHMENTS} attachments")
    body = item.text(PR_BODY)
    html = _html(item)
    try:
        rtf = None if html else _rtf(item)
    except MsgError:
        if body is None:
            raise  # nothing else holds the message's text
        rtf = None  # the header fields are what matters; Outlook's own text stands in
    if rtf is not None and rtf.kind is RtfBodyKind.HTML:
        html = rtf.text
    elif rtf is not None and body is None:
        body = rtf.text
    plain = body is not None or not html  # a part of its own only when Outlook kept one
    alternatives = [_text_part("text/plain", body or "")] if plain else []
    if html:
        alternatives.append(_text_part("text/html", html))
    seed = head.encode("utf-8", "surrogateescape")
    inner = _boundary(seed + b"alt", depth)
    parts = [
        f'Content-Type: multipart/alternative; boundary="{inner}"\r\n\r\n'
        + "".join(f"--{inner}\r\n{p}\r\n" for p in alternatives)
        + f"--{inner}--"
    ]
    parts.extend(_attachment_part(reader, a, depth) for a in attachments)
    outer = _boundary(seed, depth)
    mime = f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{outer}"\r\n\r\n'
    tree = "".join(f"--{outer}\r\n{p}\r\n" for p in parts) + f"--{outer}--\r\n"
    return (head + mime + tree).encode("utf-8", "surrogateescape")


def msg_to_message(data: bytes) -> bytes:
    """The RFC 5322 bytes of an Outlook .msg: its transport headers over a MIME tree made of
    its text, HTML and attachments. Raises ``MsgError`` with a readable reason otherwise."""
    if not data.startswith(OLE_MAGIC):
        raise MsgError("not an Outlook .msg (no compound-file signature)")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            reader = _Reader(ole)
            if "__properties_version1.0" not in reader.streams:
                raise MsgError("an Office compound file, not an Outlook message")
            return _message(reader, "", 32, 0, require_headers=True)
    except MsgError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises many types on damaged files
        raise MsgError(f"a damaged Outlook .msg ({type(exc).__name__})") from None


def msg_source(path: str, data: bytes, kind: SourceKind) -> tuple[SourceRef, bytes] | ReadError:
    """One .msg file as a message source item, or why it cannot be one. The kind is "msg"
    for a file (reread and converted again later) and "stdin" for standard input, which
    cannot be read again."""
    try:
        message = msg_to_message(data)
    except MsgError as exc:
        return ReadError(path, str(exc))
    return SourceRef(path, 0, kind, 0, len(data)), message
