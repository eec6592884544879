"""The body inside an Outlook RTF: encapsulated HTML (MS-OXRTFEX) or the RTF's plain text.

Outlook often keeps a received HTML message only as RTF with ``\\fromhtml1`` in its header:
the original HTML is the text of the ``{\\*\\htmltag...}`` groups plus the document text
outside ``\\htmlrtf ... \\htmlrtf0`` regions (those hold the RTF rendering of the same content,
which must not be duplicated). Any other RTF (``\\fromtext``, or RTF written by a person) is
kept as its plain text: the document text minus control words, destinations and font tables,
which is sound for reading links and words but not a rendering. Escapes are decoded as the
RTF specification defines them: ``\\'hh`` bytes in the ``\\ansicpg`` code page, ``\\uN`` with
``\\ucN`` fallback characters skipped, ``\\par``, ``\\tab`` and the escaped ``\\{ \\} \\\\``.
``\\*\\mhtmltag`` groups (the same tag with URLs rewritten to attachments) are skipped in
favour of the original ``htmltag``.

Every input is hostile: nesting deeper than ``MAX_DEPTH`` is a reported error, and the output
is bounded by the input (no construct expands beyond two characters per input byte).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from enum import StrEnum

from inspector.errors import InspectorError

MAX_DEPTH = 256
HEADER_SCAN_BYTES = 2048

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?[0-9]{1,10})? ?"  # control word with optional parameter
    rb"|\\'([0-9a-fA-F]{2})"  # byte in the document code page
    rb"|\\([^a-zA-Z'])"  # control symbol
    rb"|([{}])"  # group
    rb"|[\r\n]+"  # line breaks carry no meaning in RTF
    rb"|([^\\{}\r\n]+)",  # text
    re.S,
)
_FROM_HTML = re.compile(rb"\\fromhtml1(?![0-9])")
_SKIPPED_DESTINATIONS = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer",
        "headerl", "headerr", "footerl", "footerr", "listtable", "listoverridetable",
        "rsidtbl", "generator", "xmlnstbl", "themedata", "datastore", "latentstyles",
        "filetbl", "revtbl", "fldinst", "bkmkstart", "bkmkend", "colorschememapping",
    }
)  # fmt: skip
_SYMBOLS = {
    "par": "\r\n", "line": "\r\n", "tab": "\t", "cell": "\t", "row": "\r\n",
    "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d",
    "bullet": "\u2022", "endash": "\u2013", "emdash": "\u2014", "emspace": "\u2003",
    "enspace": "\u2002",
}  # fmt: skip
_ESCAPED = {"\\": "\\", "{": "{", "}": "}", "~": "\u00a0", "_": "\u2011", "-": ""}


class RtfBodyKind(StrEnum):
    """What an RTF body holds, which decides the MIME part it becomes."""

    HTML = "html"
    TEXT = "text"


class RtfError(InspectorError):
    """An RTF body that cannot be read soundly; the text says why."""


@dataclass(frozen=True)
class RtfBody:
    kind: RtfBodyKind
    text: str


@dataclass
class _Group:
    """The properties RTF scopes to a group: restored when the group closes."""

    skip: bool = False  # a destination whose text is not document text
    html_tag: bool = False  # a \\*\\htmltag group: its text is original HTML
    suppressed: bool = False  # inside \\htmlrtf: the RTF rendering of HTML
    unicode_skip: int = 1  # \\ucN: fallback characters after each \\uN
    starred: bool = False  # \\* seen, the next control word names the destination
    fresh: bool = True  # no content yet, so a control word may name a destination


class _Walker:
    def __init__(self, html: bool) -> None:
        self.html = html
        self.codepage = "cp1252"
        self.out: list[str] = []
        self.pending = bytearray()  # \\'hh bytes, decoded together for multi-byte code pages
        self.to_skip = 0  # fallback characters still to drop after a \\uN

    def emits(self, group: _Group) -> bool:
        if group.html_tag:
            return self.html
        return not group.skip and not group.suppressed

    def flush(self) -> None:
        if self.pending:
            self.out.append(self.pending.decode(self.codepage, "replace"))
            self.pending.clear()

    def text(self, group: _Group, value: str) -> None:
        if self.to_skip:
            dropped = min(self.to_skip, len(value))
            self.to_skip -= dropped
            value = value[dropped:]
        if value and self.emits(group):
            self.flush()
            self.out.append(value)

    def byte(self, group: _Group, value: int) -> None:
        if self.to_skip:
            self.to_skip -= 1
        elif self.emits(group):
            self.pending.append(value)

    def word(self, group: _Group, name: str, param: int | None) -> None:
        starred, fresh = group.starred, group.fresh
        group.starred = group.fresh = False
        if self.to_skip:
            self.to_skip -= 1
            return
        if starred or (fresh and name in _SKIPPED_DESTINATIONS):
            group.html_tag = name == "htmltag" and starred
            group.skip = not group.html_tag
        elif name == "htmlrtf":
            group.suppressed = param != 0
        elif name == "ansicpg" and param is not None:
            self.codepage = _codepage(param)
        elif name == "uc" and param is not None:
            group.unicode_skip = max(0, min(param, 8))
        elif name == "u" and param is not None:
            self.text(group, chr(param & 0xFFFF))  # negative N stands for N + 65536
            self.to_skip = group.unicode_skip
        elif name in _SYMBOLS:
            self.text(group, _SYMBOLS[name])

    def result(self) -> str:
        self.flush()
        joined = "".join(self.out)
        return joined.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _codepage(number: int) -> str:
    if number == 65001:
        return "utf-8"
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return "cp1252"


def rtf_body(rtf: bytes) -> RtfBody:
    """The HTML an RTF encapsulates, or its plain text when it encapsulates none. Raises
    ``RtfError`` for data that is not RTF or is nested beyond ``MAX_DEPTH``."""
    if not rtf.lstrip()[:5] == b"{\\rtf":
        raise RtfError("an RTF body that does not start as RTF")
    html = _FROM_HTML.search(rtf[:HEADER_SCAN_BYTES]) is not None
    walker = _Walker(html)
    stack = [_Group()]
    for match in _TOKEN.finditer(rtf):
        word, param, hex_byte, symbol, brace, text = match.groups()
        group = stack[-1]
        if brace == b"{":
            if len(stack) > MAX_DEPTH:
                raise RtfError(f"an RTF body nested deeper than {MAX_DEPTH} groups")
            walker.to_skip = 0
            stack.append(_Group(group.skip, group.html_tag, group.suppressed, group.unicode_skip))
        elif brace == b"}":
            walker.to_skip = 0
            if len(stack) > 1:
                stack.pop()
        elif word is not None:
            walker.word(group, word.decode("ascii"), int(param) if param else None)
        elif hex_byte is not None:
            group.fresh = group.starred = False
            walker.byte(group, int(hex_byte, 16))
        elif symbol is not None:
            _symbol(walker, group, symbol.decode("latin-1"))
        elif text is not None:
            group.fresh = group.starred = False
            walker.text(group, text.decode(walker.codepage, "replace"))
    kind = RtfBodyKind.HTML if html else RtfBodyKind.TEXT
    return RtfBody(kind, walker.result())


def _symbol(walker: _Walker, group: _Group, symbol: str) -> None:
    if symbol == "*":
        group.starred = True
        return
    group.fresh = group.starred = False
    if walker.to_skip:
        walker.to_skip -= 1
    elif symbol in _ESCAPED:
        walker.text(group, _ESCAPED[symbol])
