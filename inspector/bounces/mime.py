"""The MIME side of a bounce: walking its parts safely, and the headers of the message it
returns (attached, as text/rfc822-headers, or quoted inline), which name the original
message a sender needs to find.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from collections.abc import Iterable, Iterator

from inspector.model.message import Header

MAX_ORIGINAL_HEADERS = 300


_FOLD = re.compile(r"\r?\n[ \t]+")


class TypeReadOnceMessage(email.message.Message):
    """A compat32 Message that reads its content type from its fields once while they stay
    as they are (same count, same default type). The stdlib's parser asks a part for it
    several times, and the walks of a bounce again for every part: each asking scans the
    part's fields for Content-Type and reads its parameters, about thirty times per report
    in all."""

    _type_read: tuple[int, str, str] | None = None  # (fields, default type, content type)

    def get_content_type(self) -> str:
        fields, default = len(self), self.get_default_type()
        read = self._type_read
        if read is not None and read[0] == fields and read[1] == default:
            return read[2]
        ctype = super().get_content_type()
        self._type_read = (fields, default, ctype)
        return ctype


def unfold(text: str) -> str:
    return _FOLD.sub(" ", text).strip() if "\n" in text else text.strip()


def walk_parts(
    msg: email.message.Message, limit: int = 500, *, into_messages: bool = True
) -> Iterator[tuple[email.message.Message, str]]:
    """Parts breadth-first without recursion (hostile nesting is thousands deep), capped,
    each with its content type (read once: the stdlib scans every field for it);
    ``into_messages=False`` stays out of returned or forwarded messages."""
    queue: list[tuple[email.message.Message, int]] = [(msg, 0)]
    count = 0
    while queue and count < limit:
        part, depth = queue.pop(0)
        count += 1
        ctype = part.get_content_type()
        yield part, ctype
        payload = part.get_payload()
        enclosed = ctype.startswith("message/") and part is not msg
        if isinstance(payload, list) and depth < 50 and (into_messages or not enclosed):
            queue.extend((p, depth + 1) for p in payload if isinstance(p, email.message.Message))


_PLAIN_VALUE = re.compile(r"[\t\r\n\x20-\x7e]*")
_EMBEDDED_FIELD = re.compile(r"\n[^ \t]+:")


def _folded_value(value: str) -> str | None:
    """What the stdlib's compat32 ``Header(value).encode(maxlinelen=0)`` writes for a value
    of printable ASCII, tabs and line breaks, or None for any other value. Its rules, for
    the parsed value's lines: each line is kept as written except that one trailing space
    (a run of exactly one) is dropped when the value has several lines, an empty
    continuation line and a lone-space one vanish, and any other blank one joins the line
    above."""
    if not _PLAIN_VALUE.fullmatch(value):
        return None
    if "\n" not in value and "\r" not in value:
        return value
    lines = value.splitlines()
    if len(lines) < 2:
        return lines[0] if lines else ""
    out: list[str] = []
    for i, written in enumerate(lines):
        one_space = written.endswith(" ") and not written.endswith(("  ", "\t "))
        line = written[:-1] if one_space else written
        if i == 0:
            out.append(line)
        elif line and line.isspace():
            out[-1] += line
        elif line:
            out.append(line)
    text = "\n".join(out)
    return None if _EMBEDDED_FIELD.search(text) else text


def header_block_text(part: email.message.Message) -> str:
    """``str(part)`` for a block of fields with no body (a recipient block of a delivery
    status), without the stdlib's generator: it builds a Header object per field, which is
    most of what reading a report costs. Anything else goes to the generator itself."""
    default_text = part.get_default_type() == "text/plain" and part.get_payload() in ("", None)
    if type(part) in (email.message.Message, TypeReadOnceMessage) and default_text:
        fields: list[str] = []
        for name, value in part.raw_items():
            lowered = name.lower()
            folded = _folded_value(value) if isinstance(value, str) else None
            if folded is None or lowered == "content-type":
                return str(part)
            fields.append(f"{name}: {folded}\n")
        return "".join(fields) + "\n"
    return str(part)


def original_headers(msg: email.message.Message) -> tuple[Header, ...]:
    """The returned message's headers, from an attached message or a headers part."""
    for part, ctype in walk_parts(msg):
        if ctype in ("message/rfc822", "message/global") and part is not msg:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], email.message.Message):
                return headers_of(inner[0].items())
        if ctype in ("text/rfc822-headers", "message/global-headers"):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                inner_msg = email.message_from_bytes(data, policy=email.policy.compat32)
                return headers_of(inner_msg.items())
    return ()


def headers_of(items: Iterable[tuple[str, object]]) -> tuple[Header, ...]:
    out = []
    for i, (name, value) in enumerate(items):
        if i >= MAX_ORIGINAL_HEADERS:
            break
        out.append(Header(str(name), unfold(str(value)), b"", i))
    return tuple(out)


# Lines MTAs write just above the copy of the message they return inline (Exim, Postfix,
# qmail, Sendmail, Exchange); the header block starts at the first field after them.
_QUOTED_ORIGINAL = re.compile(
    r"^[\s-]*(?:this is a copy of the message|original message follows|"
    r"below this line is a copy of the message|the original message (?:was|headers)|"
    r"---+ ?(?:original message|returned message|undelivered message)).*$",
    re.IGNORECASE | re.MULTILINE,
)


def quoted_original_headers(body: str) -> tuple[Header, ...]:
    """The headers of the original message when a plain-text bounce quotes it inline."""
    found = _QUOTED_ORIGINAL.search(body)
    if found is None:
        return ()
    rest = body[found.end() :].lstrip("\r\n")
    block = re.split(r"\r?\n\r?\n", rest, maxsplit=1)[0]
    inner = email.message_from_string(block, policy=email.policy.compat32)
    return headers_of(inner.items())
