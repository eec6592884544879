"""Low-level message dissection: header fields, RFC 2047 words, MIME tree, payload decoding.

Written here rather than taken from ``email.parser`` because every input is hostile and the
stdlib parser is neither bounded nor cheap: its feed parser recurses once per MIME level (1,000
nested multiparts exhaust the stack), keeps every part of a 100,000-part message, and the modern
policy's header registry decodes every header eagerly (several times slower than needed) and
raises on unknown charsets inside ``make_header``. Here the header block is split by one regular
expression, MIME depth, part count and decoded sizes are capped (a defect records where we
stopped), and any charset problem degrades to U+FFFD. Defect names reuse the stdlib's
(``mime:StartBoundaryNotFoundDefect`` ...) so they read the same as elsewhere.
"""

from __future__ import annotations

import binascii
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.utils import collapse_rfc2231_value
from functools import lru_cache
from types import MappingProxyType

from inspector.model.message import DefectKind, HeaderDefect, MimePart
from inspector.parse.charsets import (
    decode_bytes,
    decode_words,
    make_safe,
    make_safe_body,
)
from inspector.parse.header_block import (
    RawField,
    header_params,
    mime_values,
    split_message,
)
from inspector.parse.mime_params import MimeFacts, plain_mime_facts

MAX_DEPTH = 32  # MIME nesting we descend into
MAX_PARTS = 1000  # MIME parts we describe
MAX_TEXT_CHARS = 2_000_000  # decoded text/html body kept, each
MAX_BOUNDARY = 200  # RFC 2046 allows 70; longer ones are hostile
MAX_ARCHIVE_MEMBERS = 500


@dataclass
class Walk:
    """State shared while walking one message's MIME tree."""

    parts: int = 0
    text: str | None = None
    html: str | None = None
    defects: list[HeaderDefect] = field(default_factory=list)
    noted: set[DefectKind | str] = field(default_factory=set)

    def absorb(self, defects: list[HeaderDefect], path: str) -> None:
        """Defects of a part's own header block, named as the stdlib names them."""
        for d in defects:
            kind = (
                "mime:MissingHeaderBodySeparatorDefect"
                if d.kind is DefectKind.MISSING_SEPARATOR
                else (f"mime:{d.kind}" if isinstance(d.kind, DefectKind) else d.kind)
            )
            self.defect(kind, f"part {path}: {d.detail}", d.evidence)

    def defect(self, kind: DefectKind | str, detail: str, evidence: tuple[str, ...] = ()) -> None:
        if kind not in self.noted:  # one of each kind is enough to explain
            self.noted.add(kind)
            self.defects.append(HeaderDefect(kind, detail, evidence))


def _decode_payload(body: bytes, cte: str, walk: Walk, path: str) -> bytes:
    if cte == "base64":
        compact = body.translate(None, _NOT_BASE64)
        if len(compact) % 4 == 1:
            walk.defect(
                "mime:InvalidBase64LengthDefect",
                f"part {path}: base64 data has an impossible length",
                (path,),
            )
            compact = compact[:-1]
        missing = -len(compact) % 4
        if missing and body.rstrip().count(b"=", -8) != missing:
            walk.defect(
                "mime:InvalidBase64PaddingDefect",
                f"part {path}: base64 data is not padded correctly",
                (path,),
            )
        compact += b"=" * missing
        try:
            return binascii.a2b_base64(compact)
        except (binascii.Error, ValueError):
            walk.defect("mime:InvalidBase64CharactersDefect", f"part {path}: bad base64", (path,))
            return b""
    if cte == "quoted-printable":
        return binascii.a2b_qp(body)
    if cte in _UUENCODE:
        return _decode_uu(body, walk, path)
    return body


_UUENCODE = frozenset({"x-uuencode", "uuencode", "x-uue", "uue"})


def _decode_uu(body: bytes, walk: Walk, path: str) -> bytes:
    """uuencoded payloads (old mailers, and malware that hopes scanners skip them)."""
    out = bytearray()
    started = False
    for ended in io.BytesIO(body):  # one line at a time, never a list of them all
        line = ended.rstrip(b"\r\n")
        if not started:
            started = line.startswith(b"begin ")
            continue
        if line.strip() in (b"end", b"`", b""):
            if line.strip() == b"end":
                break
            continue
        try:
            out += binascii.a2b_uu(line)
        except (binascii.Error, ValueError):
            # Some encoders pad lines oddly; decode what the length byte promises.
            try:
                length = ((line[0] - 32) & 63) * 4 // 3
                out += binascii.a2b_uu(line[: length + 1])
            except (binascii.Error, ValueError, IndexError):
                walk.defect(
                    "mime:InvalidUuencodeDefect", f"part {path}: bad uuencoded line", (path,)
                )
                break
    return bytes(out)


_NOT_BASE64 = bytes(
    c for c in range(256) if not (chr(c).isascii() and (chr(c).isalnum() or chr(c) in "+/"))
)
_ARCHIVE_TYPES = ("application/zip", "application/x-zip-compressed", "application/x-zip")


def _archive_info(payload: bytes, walk: Walk, path: str) -> tuple[tuple[str, ...], bool]:
    """Names inside a zip attachment and whether any member is encrypted (password-protected
    archives hide their content from scanners, a common malware trick)."""
    if not payload.startswith(b"PK"):
        return (), False
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as zf:
            infos = zf.infolist()[:MAX_ARCHIVE_MEMBERS]
            names = tuple(make_safe(i.filename) for i in infos)
            return names, any(i.flag_bits & 1 for i in infos)
    except Exception:
        walk.defect(
            DefectKind.ARCHIVE_UNREADABLE, f"part {path}: the zip attachment cannot be listed"
        )
        return (), False


def _param_map(msg: Message, header: str) -> dict[str, str]:
    """One header's parameters, parsed once (RFC 2231 continuations and charsets decoded);
    the stdlib's getters would reparse the whole header for each parameter asked for."""
    out: dict[str, str] = {}
    if header not in msg:
        return out
    try:
        items = msg.get_params(failobj=[], header=header)
        for name, value in items[1:]:
            key = name.lower()
            if key not in out:
                out[key] = collapse_rfc2231_value(value)
    except Exception:  # hostile parameters: keep what was read
        return out
    return out


@lru_cache(maxsize=1024)
def _mime_facts(values: tuple[str | None, str | None, str | None]) -> MimeFacts:
    """What a part's MIME fields say, read by the stdlib's parameter parser. Cached by the
    field values: most parts of a mailbox repeat a handful of them ("text/plain;
    charset=utf-8"), and the parser reads each header again for every question asked.
    Values are bounded (``header_block.MAX_PARAM_CHARS``), so the cache stays small."""
    plain = plain_mime_facts(values)
    if plain is not None:
        return plain
    params = header_params(values)
    return MimeFacts(
        params.get_content_type(),
        params.get_content_disposition(),
        MappingProxyType(_param_map(params, "content-type")),
        MappingProxyType(_param_map(params, "content-disposition")),
        str(params.get("content-transfer-encoding", "7bit")).strip().lower(),
    )


def walk_part(
    fields: list[RawField], body: bytes, path: str, *, depth: int, walk: Walk, nested: bool
) -> MimePart:
    """Describe one MIME entity and, within the caps, its children."""
    walk.parts += 1
    content_type, disposition, ct, cd, cte = _mime_facts(mime_values(fields))
    charset_s = ct.get("charset") or None
    filename = cd.get("filename") or ct.get("name")
    filename_s = make_safe(decode_words(filename)) if filename else None

    if content_type.startswith("multipart/"):
        if cte not in ("7bit", "8bit", "binary"):
            walk.defect(
                "mime:InvalidMultipartContentTransferEncodingDefect",
                f"part {path} is multipart but declares Content-Transfer-Encoding {cte}",
                (path,),
            )
        boundary = ct.get("boundary", "").rstrip()
        if not boundary:
            walk.defect(
                "mime:NoBoundaryInMultipartDefect",
                f"part {path} is {content_type} but names no boundary",
                (path,),
            )
        elif len(boundary) > MAX_BOUNDARY:
            walk.defect("mime:BoundaryTooLongDefect", f"part {path}: boundary is too long")
        elif depth >= MAX_DEPTH:
            walk.defect(
                DefectKind.MIME_TOO_DEEP,
                f"MIME parts are nested more than {MAX_DEPTH} deep; deeper parts were not read",
            )
        else:
            children = _split_multipart(body, boundary, path, depth=depth, walk=walk, nested=nested)
            return MimePart(
                path, content_type, charset_s, filename_s, disposition, len(body), None, children
            )
        return MimePart(path, content_type, charset_s, filename_s, disposition, len(body))

    if content_type == "message/rfc822" and cte not in ("base64", "quoted-printable"):
        if depth >= MAX_DEPTH:
            walk.defect(
                DefectKind.MIME_TOO_DEEP,
                f"MIME parts are nested more than {MAX_DEPTH} deep; deeper parts were not read",
            )
            return MimePart(path, content_type, None, filename_s, disposition, len(body))
        inner = split_message(body, max_fields=2000)
        walk.absorb(inner.defects, sub_path(path, 1))
        child = walk_part(
            inner.fields, inner.body, sub_path(path, 1), depth=depth + 1, walk=walk, nested=True
        )
        return MimePart(
            path, content_type, None, filename_s, disposition, len(body), None, (child,)
        )

    payload = _decode_payload(body, cte, walk, path)
    attachment = (
        disposition == "attachment"
        or (filename_s is not None and disposition != "inline")
        or not content_type.startswith(("text/", "message/"))
    )
    digest = hashlib.sha256(payload).hexdigest() if attachment else None
    members: tuple[str, ...] = ()
    encrypted = False
    if attachment and (
        content_type in _ARCHIVE_TYPES or (filename_s or "").lower().endswith(".zip")
    ):
        members, encrypted = _archive_info(payload, walk, path)
    if not attachment and not nested:
        if content_type == "text/plain" and walk.text is None:
            walk.text = _text(payload, charset_s)
        elif content_type == "text/html" and walk.html is None:
            walk.html = _text(payload, charset_s)
    return MimePart(
        path,
        content_type,
        charset_s,
        filename_s,
        disposition,
        len(payload),
        digest,
        archive_members=members,
        archive_encrypted=encrypted,
    )


def _text(payload: bytes, charset: str | None) -> str:
    return make_safe_body(decode_bytes(payload[: MAX_TEXT_CHARS * 4], charset)[:MAX_TEXT_CHARS])


def _split_multipart(
    body: bytes, boundary: str, path: str, *, depth: int, walk: Walk, nested: bool
) -> tuple[MimePart, ...]:
    children: list[MimePart] = []
    previous: tuple[int, int] | None = None
    closed = False
    for start, end, closing in _delimiters(body, boundary.encode("utf-8", "replace")):
        if previous is not None:
            children.append(
                _child(
                    body,
                    (previous[1], start),
                    path,
                    len(children) + 1,
                    depth=depth,
                    walk=walk,
                    nested=nested,
                )
            )
        if closing:
            closed = True
            break
        if walk.parts >= MAX_PARTS:
            walk.defect(
                DefectKind.TOO_MANY_PARTS,
                f"more than {MAX_PARTS} MIME parts; the rest were not read",
            )
            return tuple(children)
        previous = (start, end)
    if previous is None:
        walk.defect(
            "mime:StartBoundaryNotFoundDefect",
            f"part {path}: the multipart boundary never appears",
            (path,),
        )
        return ()
    if not closed:
        walk.defect(
            "mime:CloseBoundaryNotFoundDefect",
            f"part {path}: the multipart is not closed (message truncated?)",
            (path,),
        )
        children.append(
            _child(
                body,
                (previous[1], len(body)),
                path,
                len(children) + 1,
                depth=depth,
                walk=walk,
                nested=nested,
            )
        )
    return tuple(children)


_DELIMITER_TAIL = re.compile(rb"(--)?[ \t]*\r?$", re.MULTILINE)


def _delimiters(body: bytes, boundary: bytes) -> Iterator[tuple[int, int, bool]]:
    """(start, end, closing) of each delimiter line ``--boundary`` (``--`` after it when
    closing, then blanks), in order. Found with ``find`` and one fixed pattern, not a
    pattern compiled per boundary: every message has its own boundary, and compiling one
    per part both costs more than the search and evicts the patterns everything else
    keeps in the ``re`` module's cache."""
    if b"\n" in boundary:  # a delimiter that spans lines: only a pattern reads it right
        pattern = re.compile(rb"(?m)^--" + re.escape(boundary) + rb"(--)?[ \t]*\r?$")
        for match in pattern.finditer(body):
            yield match.start(), match.end(), bool(match.group(1))
        return
    needle = b"--" + boundary
    at = body.find(needle)
    while at >= 0:
        tail = _DELIMITER_TAIL.match(body, at + len(needle))
        if tail is not None and (at == 0 or body[at - 1] == 0x0A):
            yield at, tail.end(), bool(tail.group(1))
            at = body.find(needle, tail.end())
        else:
            at = body.find(needle, at + 1)


def sub_path(path: str, n: int) -> str:
    """IMAP-style part numbers: the root is "", its children "1", "2", theirs "1.1"."""
    return f"{path}.{n}" if path else str(n)


def _child(
    body: bytes, span: tuple[int, int], path: str, n: int, *, depth: int, walk: Walk, nested: bool
) -> MimePart:
    start, end = span
    # the delimiter line's own line end, and the line end before the next delimiter
    if body[start : start + 2] == b"\r\n":
        start += 2
    elif body[start : start + 1] == b"\n":
        start += 1
    if end > start and body[end - 2 : end] == b"\r\n":
        end -= 2
    elif end > start and body[end - 1 : end] == b"\n":
        end -= 1
    segment = body[start:end]
    inner = split_message(segment, max_fields=500)
    walk.absorb(inner.defects, sub_path(path, n))
    return walk_part(
        inner.fields, inner.body, sub_path(path, n), depth=depth + 1, walk=walk, nested=nested
    )
