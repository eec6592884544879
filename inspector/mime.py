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
import codecs
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from email.message import Message
from email.utils import collapse_rfc2231_value

from inspector.model import HeaderDefect, MimePart

MAX_DEPTH = 32  # MIME nesting we descend into
MAX_PARTS = 1000  # MIME parts we describe
MAX_TEXT_CHARS = 2_000_000  # decoded text/html body kept, each
MAX_DECODE_CHARS = 65536  # a header value longer than this is decoded only in part
MAX_BOUNDARY = 200  # RFC 2046 allows 70; longer ones are hostile
MAX_ARCHIVE_MEMBERS = 500

_FIELD_SPLIT = re.compile(rb"\n(?![ \t])")
_UNFOLD = re.compile(r"\r?\n(?=[ \t])")
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*)\?=")
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FIELD_NAME = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")

_CHARSET_ALIASES = {
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "x-user-defined": "windows-1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "iso-10646-ucs-2": "utf-16-be",
    # WHATWG Encoding Standard: mailers label GBK text gb2312; GBK is its superset.
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "x-gbk": "gbk",
}


# --------------------------------------------------------------------------- text decoding


def _make_visible(char: re.Match[str]) -> str:
    code = ord(char.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def make_safe(text: str) -> str:
    """Show control and bidi-override characters as visible symbols instead of acting on them
    (a RIGHT-TO-LEFT OVERRIDE in a display name would reorder what the reader sees)."""
    return _UNSAFE.sub(_make_visible, text) if _UNSAFE.search(text) else text


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the named charset; unknown, unsafe or broken ones fall back to UTF-8 with
    replacement characters. Never raises."""
    name = (charset or "utf-8").strip().strip('"').lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
        if not info._is_text_encoding:
            raise LookupError(name)
    except Exception:
        return data.decode("utf-8", "replace")
    try:
        return data.decode(info.name)
    except UnicodeDecodeError:
        pass
    try:
        # The label lies, but the bytes are valid UTF-8 (common with iso-2022-jp labels).
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(info.name, "replace")


def bytes_to_str(data: bytes) -> str:
    """Header bytes: ASCII, else UTF-8 (RFC 6532), else Windows-1252 as mailers really send."""
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


def _decode_word(encoding: str, text: str) -> bytes | None:
    raw = text.encode("utf-8", "replace")
    try:
        if encoding in "bB":
            raw = raw.rstrip(b"=")
            return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4))
        return binascii.a2b_qp(raw, header=True)
    except (binascii.Error, ValueError):
        return None


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words. Adjacent words are joined before decoding (a multibyte
    character may be split across them) and the whitespace between them dropped."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pos = 0
    pending = b""
    pending_cs: str | None = None
    after_word = False

    def flush() -> None:
        nonlocal pending, pending_cs
        if pending_cs is not None:
            out.append(decode_bytes(pending, pending_cs))
        pending, pending_cs = b"", None

    for match in _ENCODED_WORD.finditer(value):
        gap = value[pos : match.start()]
        if not (after_word and not gap.strip()):
            flush()
            out.append(gap)
        charset = match.group(1).split("*", 1)[0].lower()
        data = _decode_word(match.group(2), match.group(3))
        if data is None:
            flush()
            out.append(match.group())
            after_word = False
        else:
            if charset != pending_cs:
                flush()
                pending_cs = charset
            pending += data
            after_word = True
        pos = match.end()
    flush()
    out.append(value[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- header block


@dataclass(frozen=True)
class RawField:
    """One header field: name as written, the raw bytes (folding kept, no final line end),
    and the value unfolded but not yet RFC 2047-decoded (what structured parsers want)."""

    name: str
    raw: bytes
    unfolded: str


@dataclass
class Split:
    fields: list[RawField]
    body: bytes
    body_offset: int
    separator: bool
    defects: list[HeaderDefect] = field(default_factory=list)


def _find_separator(raw: bytes, start: int) -> tuple[int, int]:
    """(end of the header block, start of the body) or (-1, -1); ``find`` is memchr-fast
    where a regular expression scans byte by byte."""
    lf = raw.find(b"\n\n", start)
    crlf = raw.find(b"\n\r\n", start)
    if lf < 0 and crlf < 0:
        return -1, -1
    if crlf < 0 or (0 <= lf < crlf):
        return lf, lf + 2
    return crlf, crlf + 3


def _skip_preamble(raw: bytes, defects: list[HeaderDefect]) -> int:
    """Where the header block of a whole message starts: after a UTF-8 byte-order mark, an
    mbox ``From `` envelope line left in place, or blank lines before the first field
    (what some tools write when saving a message)."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if raw.startswith(b"From ", start):
        nl = raw.find(b"\n", start)
        start = nl + 1 if nl >= 0 else len(raw)
    skipped = start
    while raw.startswith((b"\r\n", b"\n"), skipped):
        skipped += 2 if raw.startswith(b"\r\n", skipped) else 1
    if skipped > start and _FIELD_NAME.match(raw[skipped : skipped + 1000]):
        defects.append(
            HeaderDefect(
                "leading_blank_lines",
                "blank lines precede the first header field; they were skipped",
            )
        )
        return skipped
    return start


def split_message(raw: bytes, *, max_fields: int = 100_000, envelope: bool = False) -> Split:
    """Cut a message into header fields and body. A line that is neither a field nor a
    continuation ends the header block (as in the stdlib, with a defect)."""
    defects: list[HeaderDefect] = []
    start = 0
    if envelope:
        start = _skip_preamble(raw, defects)
    if raw[start : start + 2] in (b"\r\n",) or raw[start : start + 1] == b"\n":
        # no headers at all: the body starts right away
        skip = 2 if raw[start : start + 2] == b"\r\n" else 1
        return Split([], raw[start + skip :], start + skip, True, defects)
    head_end, body_offset = _find_separator(raw, start)
    separator = head_end >= 0
    if not separator:
        head_end = body_offset = len(raw)
    head = raw[start:head_end]
    pieces = _FIELD_SPLIT.split(head, maxsplit=max_fields + 1)
    fields: list[RawField] = []
    consumed = start
    for i, chunk in enumerate(pieces):
        if len(fields) >= max_fields:
            defects.append(
                HeaderDefect(
                    "too_many_headers",
                    f"more than {max_fields} header fields; the rest were not read",
                )
            )
            break
        piece = chunk[:-1] if chunk.endswith(b"\r") else chunk
        if i == 0 and piece[:1] in (b" ", b"\t"):
            defects.append(
                HeaderDefect(
                    "mime:FirstHeaderLineIsContinuationDefect",
                    "the header block starts with a continuation line",
                    (bytes_to_str(piece[:120]),),
                )
            )
            consumed += len(chunk) + 1
            continue
        if not piece and i == len(pieces) - 1:
            break
        if not _FIELD_NAME.match(piece):
            # not a header: the body starts here
            defects.append(
                HeaderDefect(
                    "missing_separator",
                    "a line in the header block is not a header field; the body starts there",
                    (make_safe(bytes_to_str(piece[:120])),),
                )
            )
            return Split(fields, raw[consumed:], consumed, False, defects)
        name_b, _, value_b = piece.partition(b":")
        name = bytes_to_str(name_b.rstrip(b" \t"))
        if len(value_b) > MAX_DECODE_CHARS:
            value_b = value_b[:MAX_DECODE_CHARS]
            defects.append(
                HeaderDefect(
                    "header_truncated",
                    f"{name} is longer than {MAX_DECODE_CHARS} bytes; only the start was decoded",
                    (name,),
                )
            )
        text = bytes_to_str(value_b)
        unfolded = (_UNFOLD.sub("", text) if "\n" in text else text).strip()
        fields.append(RawField(name, piece, unfolded))
        consumed += len(chunk) + 1
    return Split(fields, raw[body_offset:], body_offset, separator, defects)


_MIME_FIELDS = ("content-type", "content-disposition", "content-transfer-encoding")


def header_params(fields: list[RawField]) -> Message:
    """A throwaway stdlib Message holding only the MIME fields, for its RFC 2045/2231
    parameter parsing (charset, boundary, filename with continuations)."""
    msg = Message()
    for f in fields:
        lname = f.name.lower()
        if lname in _MIME_FIELDS and lname not in msg:
            msg[f.name] = _bounded_params(f.unfolded)
    return msg


MAX_PARAM_CHARS = 4096
MAX_PARAMS = 24  # RFC 2231 continuations of a long file name fit


def _bounded_params(value: str) -> str:
    """The stdlib's parameter splitter copies the rest of the value once per ';', so a
    value of 60,000 semicolons takes seconds; real ones have a handful of parameters."""
    value = value[:MAX_PARAM_CHARS]
    if value.count(";") > MAX_PARAMS:
        cut = -1
        for _ in range(MAX_PARAMS + 1):
            cut = value.find(";", cut + 1)
        value = value[:cut]
    return value


# --------------------------------------------------------------------------- MIME tree


@dataclass
class Walk:
    """State shared while walking one message's MIME tree."""

    parts: int = 0
    text: str | None = None
    html: str | None = None
    defects: list[HeaderDefect] = field(default_factory=list)
    noted: set[str] = field(default_factory=set)

    def absorb(self, defects: list[HeaderDefect], path: str) -> None:
        """Defects of a part's own header block, named as the stdlib names them."""
        for d in defects:
            kind = (
                "mime:MissingHeaderBodySeparatorDefect"
                if d.kind == "missing_separator"
                else (d.kind if d.kind.startswith("mime:") else f"mime:{d.kind}")
            )
            self.defect(kind, f"part {path}: {d.detail}", d.evidence)

    def defect(self, kind: str, detail: str, evidence: tuple[str, ...] = ()) -> None:
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
    for line in body.splitlines():
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
        walk.defect("archive_unreadable", f"part {path}: the zip attachment cannot be listed")
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


def walk_part(
    fields: list[RawField], body: bytes, path: str, *, depth: int, walk: Walk, nested: bool
) -> MimePart:
    """Describe one MIME entity and, within the caps, its children."""
    walk.parts += 1
    params = header_params(fields)
    content_type = params.get_content_type()
    disposition = params.get_content_disposition()
    ct = _param_map(params, "content-type")
    cd = _param_map(params, "content-disposition")
    charset_s = ct.get("charset") or None
    filename = cd.get("filename") or ct.get("name")
    filename_s = make_safe(decode_words(filename)) if filename else None
    cte = str(params.get("content-transfer-encoding", "7bit")).strip().lower()

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
                "mime_too_deep",
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
                "mime_too_deep",
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


_BODY_UNSAFE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def make_safe_body(text: str) -> str:
    """Bodies keep newlines and tabs; other controls and bidi overrides become visible."""
    return _BODY_UNSAFE.sub(_make_visible, text) if _BODY_UNSAFE.search(text) else text


def _split_multipart(
    body: bytes, boundary: str, path: str, *, depth: int, walk: Walk, nested: bool
) -> tuple[MimePart, ...]:
    delim = re.compile(
        rb"(?m)^--" + re.escape(boundary.encode("utf-8", "replace")) + rb"(--)?[ \t]*\r?$"
    )
    children: list[MimePart] = []
    previous: re.Match[bytes] | None = None
    closed = False
    for match in delim.finditer(body):
        if previous is not None:
            children.append(
                _child(
                    body,
                    (previous.end(), match.start()),
                    path,
                    len(children) + 1,
                    depth=depth,
                    walk=walk,
                    nested=nested,
                )
            )
        if match.group(1):
            closed = True
            break
        if walk.parts >= MAX_PARTS:
            walk.defect(
                "too_many_parts", f"more than {MAX_PARTS} MIME parts; the rest were not read"
            )
            return tuple(children)
        previous = match
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
                (previous.end(), len(body)),
                path,
                len(children) + 1,
                depth=depth,
                walk=walk,
                nested=nested,
            )
        )
    return tuple(children)


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
