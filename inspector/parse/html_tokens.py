"""HTML split into start tags, end tags and text, in time linear in the markup's length.

Why not the standard library's ``html.parser``: on hostile markup such as ``<s`` repeated or an
unterminated tag it rescans the rest of the input at every ``<`` (a 200 KB body took 26 s).
Why not a compiled parser: links and hidden-text signals need tokens, not a tree, and a tree
builder adds a native dependency for nothing. This tokenizer follows the HTML standard's
tokenization rules (WHATWG HTML, section 13.2.5) closely enough for that: every step is an
anchored regular expression or a ``find`` that moves forward, so no character is read more
than a few times. Where the standard says the end of the input swallows the rest (an
unterminated tag, quoted value or comment), the rest is dropped, as a browser would.

Nothing is fetched, nothing is built: tokens are produced lazily and forgotten by the caller.
"""

from __future__ import annotations

import html
import re
from collections.abc import Generator
from functools import lru_cache
from typing import NamedTuple

#: Attributes kept per tag; the rest are read past (a tag with a million attributes stays linear
#: and small).
MAX_ATTRIBUTES = 64

# Elements whose content is text up to their own end tag. The standard lists more (title,
# textarea, iframe...), but an unclosed <title> would then hide every later link from the
# analysis while a lenient reader may still show them: only these two are read as text.
_RAW_TEXT = frozenset({"script", "style"})
# A "<" that opens something (any other "<" is text): a start or end tag with its name, and
# its ">" when no attribute follows; or a comment, declaration or processing instruction.
_TAG_OPEN = re.compile(r"<(?:(/?)([a-zA-Z][^\t\n\f\r />]*)(>)?|[!?]|/.)", re.DOTALL)
_GAP = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_EQUALS = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
# The rest of a tag whose attributes nobody reads, in one match that takes the same steps as
# ``_read_attributes`` (every repetition possessive, every choice atomic: no backtracking, so
# linear), with the white space and slashes before its ">" as group 1. An "=" must be
# followed by a value; where the loop would run out of input, the match fails.
_SKIPPED_ATTRIBUTES = re.compile(
    r"(?>[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r /=>]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"
    r"(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >\"'][^\t\n\f\r >]*+|(?=>))"
    r"|(?![\t\n\f\r ]*=)))*+"
    r"([\t\n\f\r /]*+)>"
)

Attribute = tuple[str, str | None]


class StartTag(NamedTuple):
    name: str  # lowercased
    attrs: tuple[Attribute, ...]  # names lowercased, values unescaped, None without "="
    self_closing: bool = False  # written "<br/>"; HTML gives it no meaning but void elements


class EndTag(NamedTuple):
    name: str


class Text(NamedTuple):
    data: str  # character references resolved, except inside script and style


# Tuples rather than frozen dataclasses: a hostile body has a million tokens, and a tuple is
# several times cheaper to make. Compare tokens by type as well as by value.
Token = StartTag | EndTag | Text


@lru_cache(maxsize=16)
def _raw_text_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)


def _read_attributes(markup: str, at: int) -> tuple[list[Attribute], bool, int] | None:
    """The attributes of the tag whose name ends at ``at``, whether it ends with "/>", and
    the index after its ``>``; None when the input ends inside the tag."""
    end = len(markup)
    attrs: list[Attribute] = []
    while True:
        gap_from = at
        at = _GAP.match(markup, at).end()  # type: ignore[union-attr]
        if at >= end:
            return None
        if markup[at] == ">":
            return attrs, at > gap_from and markup[at - 1] == "/", at + 1
        attr = _ATTR_NAME.match(markup, at)
        assert attr is not None  # markup[at] is neither a gap character nor ">"
        at = attr.end()
        value: str | None = None
        equals = _EQUALS.match(markup, at)
        if equals is not None:
            at = equals.end()
            if at >= end:
                return None
            quote = markup[at]
            if quote in "\"'":
                close = markup.find(quote, at + 1)
                if close < 0:
                    return None
                value, at = markup[at + 1 : close], close + 1
            else:
                unquoted = _UNQUOTED.match(markup, at)
                assert unquoted is not None  # matches the empty string
                value, at = unquoted.group(), unquoted.end()
        if len(attrs) < MAX_ATTRIBUTES:
            attrs.append((attr.group().lower(), _unescape(value) if value else value))


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _comment_end(markup: str, pos: int) -> int:
    """Index after the comment opened by ``<!--`` at ``pos``; -1 if it never closes."""
    body = pos + 4
    if markup.startswith(">", body):
        return body + 1
    if markup.startswith("->", body):
        return body + 2
    close = markup.find("-->", body)
    return close + 3 if close >= 0 else -1


def _after_markup(markup: str, pos: int) -> int:
    """Index after a declaration, processing instruction or bogus comment at ``pos``
    (``<!``, ``<?``, ``</`` + non-letter), which the standard ends at the first ``>``."""
    if markup.startswith("<!--", pos):
        return _comment_end(markup, pos)
    close = markup.find(">", pos + 2)
    return close + 1 if close >= 0 else -1


def tokenize(
    markup: str,
    attributes_of: frozenset[str] | None = None,
    *,
    only_those: bool = False,
    text: bool = True,
) -> Generator[Token, bool | None, None]:
    """Start tags, end tags and text of ``markup``, in order. Comments, declarations and
    processing instructions are skipped; text runs may come in several pieces. Given
    ``attributes_of`` (lower-case tag names), only those start tags carry their attributes:
    the others' are read past in one step, which is most of a newsletter's markup. With
    ``only_those`` the other tags are not even yielded (the text runs around them still
    are, as separate pieces), which spares a reader that wants a few tags most tokens.

    Text runs come while ``text`` is on: a reader that wants text only in some places (a
    link's anchor text) sends False or True into the generator after a token to turn them
    off or on from the next token on (a for loop sends None, which keeps the setting), and
    the runs it does not want are neither cut out nor unescaped."""
    end = len(markup)
    pos = 0
    text_from = 0
    sent: bool | None
    while True:
        found = _TAG_OPEN.search(markup, pos)
        if found is None:
            break
        lt = found.start()
        if text and text_from < lt:  # the unescaping test written out: this runs per text run
            run = markup[text_from:lt]
            sent = yield Text(html.unescape(run) if "&" in run else run)
            text = text if sent is None else sent
        closing, written_name, bare_end = found.groups()
        if written_name is None:
            after = _after_markup(markup, lt)
            if after < 0:
                return
            pos = text_from = after
            continue
        name = written_name.lower()
        unread = attributes_of is not None and name not in attributes_of
        attrs: list[Attribute] = []
        if bare_end:  # "<p>", "</p>": the common case, no attributes to read
            self_closing, pos = False, found.end()
        elif closing or unread:
            skipped = _SKIPPED_ATTRIBUTES.match(markup, found.end())
            if skipped is None:
                return
            self_closing, pos = skipped.group(1).endswith("/"), skipped.end()
        else:
            rest = _read_attributes(markup, found.end())
            if rest is None:
                return
            attrs, self_closing, pos = rest
        text_from = pos
        shown = not (only_those and unread)
        if closing:
            if shown:
                sent = yield EndTag(name)
                text = text if sent is None else sent
            continue
        if shown:
            sent = yield StartTag(name, tuple(attrs), self_closing)
            text = text if sent is None else sent
        if name in _RAW_TEXT:
            close = _raw_text_end(name).search(markup, pos)
            stop = close.start() if close else end
            if text and stop > pos:
                sent = yield Text(markup[pos:stop])
                text = text if sent is None else sent
            pos = text_from = stop
    if text and text_from < end:
        yield Text(_unescape(markup[text_from:]))
