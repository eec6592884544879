"""Parse a message once into a ``ParsedMessage``: headers in order, addresses, date, MIME tree,
decoded bodies and structural defects. Every later check reads this value instead of parsing.

Never raises on message content: broken charsets, dates and MIME become defects. Work is
bounded (see the caps in ``inspector.parse.mime``); the dissection itself lives there, this module
assembles the result and judges the header block.

Why not mail-parser (or the stdlib's full parse) at run time: mail-parser is built on the
stdlib's full compat32 parse, several times slower than what a mailbox index needs and not
bounded the way hostile input must be; it also clamps negative hop delays to 0 and leaves IP,
HELO and TLS inside the raw ``from`` clause of Received headers. mail-parser is used where it
is right: as an independent oracle in tests/inspector/parse/test_message_oracle.py, which reads
every corpus message with both parsers and holds agreement on attachments (names, hashes,
types), bodies, addresses, dates and MIME defects to measured floors, every disagreement
explained (it found the uuencode and charset-label bugs fixed in ``inspector.parse.mime``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

from inspector.model.message import (
    SINGLE_FIELDS,
    Address,
    DefectKind,
    Header,
    HeaderDefect,
    MessageSummary,
    MimePart,
    ParsedMessage,
)
from inspector.parse.charsets import bytes_to_str, decode_words, make_safe
from inspector.parse.header_block import RawField, split_message
from inspector.parse.mime import Walk, walk_part

MAX_HEADERS = 20_000  # header fields kept; beyond this a defect says we stopped
MAX_ADDRESS_CHARS = 8192  # an address header longer than this is parsed only in part
# (the stdlib address parser turns superlinear on some 16 KB inputs: 0.8 s for one header)

#: Fields RFC 5322 section 3.6 allows at most once.
_LINE_OF_999 = re.compile(rb"[^\n]{999}")
_LINE_END_AND_999 = re.compile(rb"\n[^\n]{999}")
_YEAR_TOKEN = re.compile(r"(?<![\d:+-])\d{2,4}(?![\d:])")
_NUMERIC_ZONE = re.compile(r"(?<![\d:])[+-](\d\d)(\d\d)(?!\d)")
_BARE_CR = re.compile(rb"\r(?!\n)")
_BARE_LF = re.compile(rb"\n(?<!\r\n)")
_ANGLE_ID = re.compile(r"<[^<>\s]*>")
# no "\s*" between the name and "<": overlapping repeats would backtrack quadratically
_SINGLE_ANGLE = re.compile(r'^([^<>,"]*|"[^"]*")<([^<>,\s]*)>\s*$')
# Shapes whose reading by getaddresses is known in advance (most address fields): a list of
# bare addresses, or one quoted display name and a plain address. Dots are kept as written.
_PLAIN_ADDRESS = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+"
_BARE_LIST = re.compile(rf"(?:[ \t]*{_PLAIN_ADDRESS}[ \t]*(?:,|$))+")
_BARE_LIST_ITEM = re.compile(_PLAIN_ADDRESS)
_QUOTED_NAME_ANGLE = re.compile(rf'"([^"\\]*)"[ \t]+<({_PLAIN_ADDRESS})>[ \t]*')
# A list of mailboxes whose display names are words (atoms, or quoted strings without
# escapes) read by getaddresses as those words joined by one space: mailing-list mail names
# a dozen recipients this way, and the stdlib's parser walks them character by character.
# White space is read by one repeat wherever it stands (no two repeats compete for it).
_ATOM = r'[^ \t\r\n()<>@,:;"\[\]\\]+'
_NAME_WORD = re.compile(rf'{_ATOM}|"([^"\\\r\n]*)"')
_LIST_ITEM = re.compile(
    rf'[ \t]*(?:(?:((?:{_ATOM}|"[^"\\\r\n]*")(?:[ \t]+(?:{_ATOM}|"[^"\\\r\n]*"))*)[ \t]*)?'
    rf"<({_PLAIN_ADDRESS})>|({_PLAIN_ADDRESS}))[ \t]*"
)


#: Bytes a header block may hold and still read as written: printable ASCII, tab and line
#: ends. A CR is among them only before a LF (cut with the line end or the fold).
_PLAIN_HEADER_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n"


def _reads_as_written(head: bytes) -> bool:
    """Whether every value in ``head`` (the bytes up to the body) is its own safe text:
    without encoded words, such a value comes out of ``decode_words`` and ``make_safe``
    unchanged. One pass over the block settles it for every field, where testing each
    value tried every character of it again (headers are KBs of signatures and routes)."""
    rest = head.translate(None, _PLAIN_HEADER_BYTES)
    return not rest or (rest.count(b"\r") == len(rest) == head.count(b"\r\n"))


def _decoded_headers(fields: list[RawField], plain: bool) -> tuple[Header, ...]:
    """Each field with its value decoded and made safe to show. Most values are printable
    ASCII holding no encoded word, which both steps leave as they are: those are taken as
    written without the two calls (tens of fields per message); ``plain`` says the whole
    block reads as written, so only a value holding an encoded word needs them."""
    headers: list[Header] = []
    for index, (name, raw, unfolded) in enumerate(fields):
        value = unfolded
        if "=?" in value or not (plain or (value.isascii() and value.isprintable())):
            value = make_safe(decode_words(value))
        headers.append(Header(name, value, raw, index))
    return tuple(headers)


_ADDRESS_FIELDS = ("from", "to", "cc", "reply-to", "sender", "return-path")


def _address_values(fields: list[RawField], names: list[str]) -> dict[str, list[str]]:
    """The unfolded values of the address fields, gathered in one pass (``names``: the
    fields' names in lower case)."""
    out: dict[str, list[str]] = {name: [] for name in _ADDRESS_FIELDS}
    for f, name in zip(fields, names, strict=True):
        found = out.get(name)
        if found is not None:
            value = f.unfolded
            if len(value) > MAX_ADDRESS_CHARS:  # cut after the last whole address
                cut = value.rfind(",", 0, MAX_ADDRESS_CHARS)
                value = value[: cut if cut > 0 else MAX_ADDRESS_CHARS]
            found.append(value)
    return out


def _addresses(values: list[str]) -> tuple[Address, ...]:
    out: list[Address] = []
    for value in values:
        out += _addresses_in(value)
    return tuple(out)


@lru_cache(maxsize=512)
def _addresses_in(value: str) -> tuple[Address, ...]:
    """The mailboxes of one address field value. Cached: a mailbox repeats its senders and
    recipients, and the stdlib's address parser is slow; values are capped at
    MAX_ADDRESS_CHARS, so the cache stays small."""
    pairs: list[tuple[str, str]] = []
    single = _SINGLE_ANGLE.match(value)
    quoted = None if single else _QUOTED_NAME_ANGLE.fullmatch(value)
    if quoted:
        pairs.append((quoted.group(1), quoted.group(2)))
    elif not single and _BARE_LIST.fullmatch(value):
        pairs += (("", addr) for addr in _BARE_LIST_ITEM.findall(value))
    elif single:  # 'name with @ or . unquoted <addr>' is one mailbox, not two
        pairs.append((single.group(1).strip().strip('"').strip(), single.group(2)))
    elif (listed := _name_address_list(value)) is not None:
        pairs += listed
    else:
        try:
            pairs += getaddresses([value])
        except Exception:
            pairs.append(("", value))
    return tuple(
        Address(make_safe(decode_words(display)), make_safe(addr.strip()))
        for display, addr in pairs
        if display or addr
    )


def _name_address_list(value: str) -> list[tuple[str, str]] | None:
    """The (display name, address) pairs getaddresses reads from a list of plain mailboxes
    (``_LIST_ITEM`` each, split by commas), or None for any other value."""
    pairs: list[tuple[str, str]] = []
    pos = 0
    while (item := _LIST_ITEM.match(value, pos)) is not None:
        name, angled, bare = item.groups()
        if bare is not None:
            pairs.append(("", bare))
        else:
            words = (
                w.group(1) if w.group(1) is not None else w.group()
                for w in _NAME_WORD.finditer(name or "")
            )
            pairs.append((" ".join(words), angled))
        pos = item.end()
        if pos == len(value):
            return pairs
        if value[pos] != ",":
            return None
        pos += 1
    return None


def parse_date(value: str | None) -> datetime | None:
    """RFC 5322 date to an aware UTC datetime; None when it cannot be read. A zone of -0000
    (or none) is taken as UTC."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except Exception:
        return None
    if parsed is None or not _written_as_parsed(value, parsed.year):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _written_as_parsed(value: str, year: int) -> bool:
    """Whether the value really says what the stdlib read from it. Its date parser shifts
    tokens when one is malformed ("1 Jan -1 00:00:00 +9999" reads as the year 9999), so the
    year must be written in the value (two digits for the obsolete form) and a numeric zone
    must be a real offset (hours 00-23, minutes 00-59)."""
    for hours, minutes in _NUMERIC_ZONE.findall(value):
        if int(hours) > 23 or int(minutes) > 59:
            return False
    years = _YEAR_TOKEN.findall(value)
    return any(int(t) == year or (len(t) == 2 and int(t) == year % 100) for t in years)


def _message_id(value: str | None) -> str | None:
    if value is None:
        return None
    match = _ANGLE_ID.search(value)
    return match.group() if match else value.strip() or None


def _first_line_excerpt(raw: bytes, pos: int) -> str:
    start = raw.rfind(b"\n", 0, pos) + 1
    return make_safe(bytes_to_str(raw[start : start + 80])) + "…"


_HALF_LINE = 499  # any run of 999 octets without a line end covers an aligned run of this many


def _may_hold_long_line(raw: bytes, start: int, end: int) -> bool:
    """False when every aligned run of ``_HALF_LINE`` octets from ``start`` holds a line end,
    so no line there can exceed 998 octets: a ``find`` per 499 octets settles most messages,
    where the pattern below steps through every octet of every line."""
    for window in range(start, end - _HALF_LINE + 1, _HALF_LINE):
        if raw.find(b"\n", window, window + _HALF_LINE) < 0:
            return True
    return False


def _long_line(raw: bytes, start: int, end: int) -> bytes | None:
    """The first line over 998 octets (CR excluded). Lines are found from the line end before
    them: a pattern that starts with a literal is searched at C speed, where one anchored at
    ``^`` is tried at every byte; splitting into lines instead would make one object per
    line (millions for a big message of short lines)."""
    if not _may_hold_long_line(raw, start, end):
        return None
    found = None
    if start == 0 or raw[start - 1] == 0x0A:
        found = _LINE_OF_999.match(raw, start, end)
    pos = start
    while True:
        if found is None:
            found = _LINE_END_AND_999.search(raw, pos, end)
            if found is None:
                return None
            line_start = found.start() + 1
        else:
            line_start = found.start()
        line_end = raw.find(b"\n", line_start, end)
        line = raw[line_start : line_end if line_end >= 0 else end]
        if len(line.rstrip(b"\r")) > 998:
            return line
        pos, found = found.end(), None  # exactly 998 octets and CR: allowed


def _structure_defects(
    raw: bytes, head_end: int, headers: tuple[Header, ...]
) -> list[HeaderDefect]:
    """Defects visible in the bytes: long lines, 8-bit headers, bare CR/LF."""
    defects: list[HeaderDefect] = []
    for where, start, end in (("header", 0, head_end), ("body", head_end, len(raw))):
        long_line = _long_line(raw, start, end)
        if long_line is not None:
            defects.append(
                HeaderDefect(
                    DefectKind.LINE_TOO_LONG,
                    f"a {where} line is {len(long_line)} octets long; RFC 5322 allows 998",
                    (make_safe(bytes_to_str(long_line[:80])) + "…",),
                )
            )
            break
    head = raw[3:head_end] if raw.startswith(b"\xef\xbb\xbf") else raw[:head_end]
    if not head.isascii():
        names = [h.name for h in headers if not h.raw.isascii()][:5]
        try:
            head.decode("utf-8")
            utf8 = "valid UTF-8"
        except UnicodeDecodeError:
            utf8 = "not valid UTF-8"
        defects.append(
            HeaderDefect(
                DefectKind.EIGHT_BIT_HEADER,
                f"header fields contain raw 8-bit bytes ({utf8}) instead of RFC 2047 encoding",
                tuple(names),
            )
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        where = "header block" if nul < head_end else "body"
        count = raw.count(b"\x00")
        defects.append(
            HeaderDefect(
                DefectKind.NUL_BYTE,
                f"{count} NUL byte(s); the first in the {where} at byte {nul}",
                (_first_line_excerpt(raw, nul),),
            )
        )
    # Both patterns start with a literal, found at C speed; most messages have no CR at all,
    # which one ``in`` tells.
    bare_cr = _BARE_CR.search(raw) if b"\r" in raw else None
    if bare_cr is not None:
        defects.append(
            HeaderDefect(
                DefectKind.BARE_CR,
                "a carriage return (CR) appears without a line feed",
                (_first_line_excerpt(raw, bare_cr.start()),),
            )
        )
    bare_lf = _BARE_LF.search(raw) if b"\r\n" in raw else None
    if bare_lf is not None:
        defects.append(
            HeaderDefect(
                DefectKind.BARE_LF,
                "lines end in CRLF but some end in a bare line feed (LF)",
                (_first_line_excerpt(raw, bare_lf.start()),),
            )
        )
    return defects


def _header_defects(
    headers: tuple[Header, ...], names: list[str], date_raw: str | None, date: datetime | None
) -> list[HeaderDefect]:
    defects: list[HeaderDefect] = []
    present = set(names)
    for name, missing in (
        ("From", DefectKind.MISSING_FROM),
        ("Date", DefectKind.MISSING_DATE),
        ("Message-ID", DefectKind.MISSING_MESSAGE_ID),
    ):
        if name.lower() not in present:
            defects.append(HeaderDefect(missing, f"the message has no {name} header"))
    for name, duplicate in SINGLE_FIELDS.items():
        # counted in the list of names (a C pass each), the headers gathered only when repeated
        if name in present and names.count(name) > 1:
            found = [h for h, lname in zip(headers, names, strict=True) if lname == name]
            defects.append(
                HeaderDefect(
                    duplicate,
                    f"{found[0].name} appears {len(found)} times; RFC 5322 allows it once",
                    tuple(f"{h.name}: {h.value[:200]}" for h in found[:5]),
                )
            )
    if date_raw is not None and date is None:
        defects.append(
            HeaderDefect(
                DefectKind.UNPARSABLE_DATE, "the Date header cannot be read", (date_raw[:200],)
            )
        )
    return defects


def _mime_version_defect(names: list[str], mime: MimePart | None) -> list[HeaderDefect]:
    if "mime-version" in names or mime is None:
        return []
    if mime.content_type != "text/plain" or mime.children or ("content-transfer-encoding" in names):
        return [
            HeaderDefect(
                DefectKind.MISSING_MIME_VERSION,
                "the message uses MIME (Content-Type "
                f"{mime.content_type}) but has no MIME-Version header",
            )
        ]
    return []


def parse_message(raw: bytes, *, headers_only: bool | None = None) -> ParsedMessage:
    """Parse ``raw`` once. ``headers_only=None`` decides from the bytes: a header block with
    no body (what people paste from "Show original") is headers-only."""
    split = split_message(raw, max_fields=MAX_HEADERS, envelope=True)
    fields = split.fields
    headers = _decoded_headers(fields, _reads_as_written(raw[: split.body_offset]))
    names = [f.name.lower() for f in fields]  # looked up by several readers below
    if headers_only is None:
        headers_only = not split.separator or not split.body.strip()

    def first(name: str) -> str | None:
        return headers[names.index(name)].value if name in names else None

    date_raw = first("date")
    date = parse_date(date_raw)
    by_name = _address_values(fields, names)
    return_path = None
    if by_name["return-path"]:
        rp = _addresses(by_name["return-path"][:1])
        return_path = rp[0].address if rp else ""
    senders = _addresses(by_name["sender"])

    walk = Walk()
    mime: MimePart | None = None
    if not headers_only:
        try:
            mime = walk_part(fields, split.body, "", depth=0, walk=walk, nested=False)
        except RecursionError:
            walk.defect(DefectKind.MIME_TOO_DEEP, "MIME structure too deep to read")
    defects = list(split.defects)
    defects += _header_defects(headers, names, date_raw, date)
    defects += _structure_defects(raw, split.body_offset, headers)
    defects += _mime_version_defect(names, mime)
    defects += walk.defects

    subject = first("subject")
    return ParsedMessage(
        raw=raw,
        headers=headers,
        headers_only=headers_only,
        subject=subject,
        from_=_addresses(by_name["from"]),
        to=_addresses(by_name["to"]),
        cc=_addresses(by_name["cc"]),
        reply_to=_addresses(by_name["reply-to"]),
        return_path=return_path,
        sender=senders[0] if senders else None,
        date=date,
        date_raw=date_raw,
        message_id=_message_id(first("message-id")),
        mime=mime,
        text_body=walk.text or "",
        html_body=walk.html or "",
        body_size=len(split.body),
        defects=tuple(defects),
    )


def _format(addr: Address) -> str:
    if addr.display_name and addr.address:
        return f"{addr.display_name} <{addr.address}>"
    return addr.address or addr.display_name


def summarize(pm: ParsedMessage) -> MessageSummary:
    """The few fields a message list shows."""
    to = ", ".join(_format(a) for a in pm.to[:5])
    if len(pm.to) > 5:
        to += f", … (+{len(pm.to) - 5})"
    return MessageSummary(
        subject=pm.subject,
        from_=_format(pm.from_[0]) if pm.from_ else None,
        to=to or None,
        date=pm.date,
        message_id=pm.message_id,
    )
