"""Facts read from a message body before anything judges it: a bounded HTML scan (visible
text, images, remote references, hiding styles) and a walk over the MIME parts.

Kept out of the rules so they only judge these facts: the pipeline scans the body once,
before the rules, and hands the facts to them in their context. Every pattern is bounded so
hostile markup cannot make the scan rescan or grow without limit."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from inspector.model.message import MimePart, ParsedMessage

# --------------------------------------------------------------------------- HTML scan

TAG = re.compile(r"<[^<>]{0,4000}>")  # bounded: "<" without ">" must not rescan
_IMG = re.compile(r"<img\b[^<>]{0,4000}>", re.I)
_ATTR = re.compile(r"([a-zA-Z][\w:-]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_STYLED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^<>]{0,4000})>", re.S)
_CSS_URL = re.compile(r"url\(\s*['\"]?(https?://[^'\")\s]+)", re.I)
_BG_ATTR = re.compile(r"\bbackground\s*=\s*['\"]?(https?://[^'\"\s>]+)", re.I)
_WHITE = r"(?:#fff\b|#ffffff\b|white\b|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))"
#: (a word each pattern contains, the pattern, why it hides)
_HIDING = (
    ("display", re.compile(r"display\s*:\s*none", re.I), "display:none"),
    ("visibility", re.compile(r"visibility\s*:\s*hidden", re.I), "visibility:hidden"),
    (
        "font-size",
        re.compile(r"(?<![\w-])font-size\s*:\s*[01](\.0*)?\s*(px|pt|em|rem|%)?\s*(;|$|!)", re.I),
        "font-size 0/1",
    ),
    ("opacity", re.compile(r"(?<![\w-])opacity\s*:\s*0(\.0*)?\s*(;|$|!)", re.I), "opacity:0"),
    (
        "max-height",
        re.compile(r"max-height\s*:\s*0[^;]*;.*overflow\s*:\s*hidden", re.I | re.S),
        "max-height:0 + overflow:hidden",
    ),
)
_WHITE_TEXT = re.compile(r"(?<![\w-])color\s*:\s*" + _WHITE, re.I)
_WHITE_BG = re.compile(r"background(-color)?\s*:\s*" + _WHITE, re.I)
SPACE = re.compile(r"\s+")
#: Words without which ``_hidden_by`` cannot find anything (each of its tests needs one): a
#: cheap pre-filter, since most tags of a newsletter carry an ordinary style.
_MAY_HIDE_LOWER = re.compile(r"display|hidden|font-size|opacity|fff|white|255")
#: The same, exact enough to pass over most tags, for text where ignoring case is lowering:
#: without the four letters IGNORECASE also matches to i, s and k (``_CASE_FOLDS``), each of
#: ``_hidden_by``'s tests needs one of these in the tag (a hiding value or attribute, or white
#: text); the words above hit every tag sized in pixels or with overflow hidden. Each is
#: searched on its own by its literal start (one alternation tries every branch at every
#: character: half again as slow as seven searches).
_MAY_HIDE_EXACT = tuple(
    (pattern.split("\\")[0], re.compile(pattern))
    for pattern in (
        r"hidden\s*=",
        r"visibility\s*:\s*hidden",
        r"max-height\s*:\s*0",
        r"display\s*:\s*none",
        r"font-size\s*:\s*[01](?!\d)",
        r"opacity\s*:\s*0(?!\d)",
        r"color\s*(?::\s*(?:#fff|white|rgb\(\s*255)|=\s*[\"']*(?:#fff|white))",
    )
)
_CASE_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")
_CSS_URL_LOWER = re.compile(r"url\(\s*['\"]?(https?://[^'\")\s]+)")
#: Without the leading \b of _BG_ATTR: a pattern that starts with a literal is searched for by
#: its prefix, one that starts with \b is tried at every position (thirty times slower); the
#: word boundary is checked on each match instead (``_bg_urls``).
_BG_ATTR_LOWER = re.compile(r"background\s*=\s*['\"]?(https?://[^'\"\s>]+)")
_WORD_CHAR = re.compile(r"\w")
MAX_SCAN = 2_000_000


@dataclass(frozen=True)
class HtmlFacts:
    visible_text: int
    images: int
    remote_images: tuple[str, ...]
    pixels: tuple[str, ...]
    hidden: tuple[tuple[str, str], ...]  # (why, excerpt)
    hidden_chars: int
    #: Hidden characters that carry words: a preheader is padded with runs of zero-width
    #: joiners, non-breaking spaces and combining grapheme joiners so the inbox preview stops
    #: after it; that padding hides no words from anyone and is not counted here.
    hidden_word_chars: int


def _remote_css(markup: str, lowered: str) -> list[str]:
    """Remote URLs in CSS url(...) and background= attributes. The patterns run on the
    lower-cased text (``markup.lower()``) without IGNORECASE (a literal prefix is searched
    far faster) and the URLs are cut from the original, whose case matters."""
    if len(lowered) != len(markup):  # a few characters lower-case to two: positions move
        return _CSS_URL.findall(markup) + _BG_ATTR.findall(markup)
    found = [m.span(1) for m in _CSS_URL_LOWER.finditer(lowered)]
    found += _bg_spans(lowered)
    return [markup[a:b] for a, b in found]


def _bg_spans(lowered: str) -> list[tuple[int, int]]:
    """The URL spans ``\\bbackground=...`` would find: a match not at a word boundary is
    dropped and the search resumes one character later, as the regular expression would."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (match := _BG_ATTR_LOWER.search(lowered, pos)) is not None:
        start = match.start()
        if start and _WORD_CHAR.match(lowered, start - 1):
            pos = start + 1
            continue
        spans.append(match.span(1))
        pos = match.end()
    return spans


def _tags_that_may_hide(body: str, lowered: str) -> Iterator[re.Match[str]]:
    """The tags whose attributes contain a word ``_hidden_by`` needs, in document order:
    found from those words (few) rather than by testing every tag (thousands)."""
    if len(lowered) != len(body):  # positions would not line up: test every tag
        yield from _STYLED.finditer(body)
        return
    last = -1
    for at in _hiding_words(body, lowered):
        start = lowered.rfind("<", 0, at)
        if start <= last or start < 0:
            continue
        match = _STYLED.match(body, start)
        if match is not None and match.end() > at:
            last = start
            yield match


def _hiding_words(body: str, lowered: str) -> list[int]:
    """Where the words that may hide start in ``lowered``, in order. A tag's first word is
    the same whichever set of words finds it (no word holds a "<"), so matches of several
    patterns found apart and sorted stand for one pattern's."""
    if not body.isascii() and any(letter in body for letter in _CASE_FOLDS):
        return [word.start() for word in _MAY_HIDE_LOWER.finditer(lowered)]
    starts: list[int] = []
    for literal, pattern in _MAY_HIDE_EXACT:
        at = lowered.find(literal)
        while at >= 0:
            word = pattern.match(lowered, at)
            if word is None:
                at = lowered.find(literal, at + 1)
            else:
                starts.append(at)
                at = lowered.find(literal, word.end())
    starts.sort()
    return starts


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(tag)}


def _text_len(markup: str) -> int:
    """Length of the text with white space runs collapsed to one space and trimmed; counted
    from the words (str.split splits on exactly what \\s matches) without building it."""
    words = html.unescape(TAG.sub(" ", markup)).split()
    return sum(map(len, words)) + len(words) - 1 if words else 0


def _word_len(words: list[str]) -> int:
    """Characters of ``words`` (a text split at white space) that can form words: no format
    characters (Cf: zero-width joiners, soft hyphens) and no combining grapheme joiner
    (U+034F), none of which is ASCII."""
    if all(map(str.isascii, words)):
        return sum(map(len, words))
    return sum(
        1 for word in words for ch in word if ch != "\u034f" and unicodedata.category(ch) != "Cf"
    )


def _hidden_by(attrs: dict[str, str]) -> str | None:
    style = attrs.get("style", "")
    if "hidden" in attrs:
        return "hidden attribute"
    # An ASCII style can match a pattern only if it holds the pattern's word in some case:
    # a substring test skips the pattern, which ignoring case makes slow. (In other text,
    # IGNORECASE also matches a few non-ASCII letters to i, k and s.)
    lowered = style.lower() if style.isascii() else None
    for word, pattern, why in _HIDING:
        if (lowered is None or word in lowered) and pattern.search(style):
            return why
    white_text = lowered is None or "color" in lowered
    if white_text and _WHITE_TEXT.search(style) and _WHITE_BG.search(style):
        return "white text on white background"
    color = attrs.get("color", "").lower()
    if color in ("#fff", "#ffffff", "white") and attrs.get("bgcolor", "").lower() == color:
        return "white text on white background"
    return None


def _is_pixel(attrs: dict[str, str]) -> bool:
    def small(value: str | None) -> bool:
        return value is not None and re.fullmatch(r"\s*[0-2](px)?\s*", value) is not None

    style = attrs.get("style", "")
    width = attrs.get("width") or _css(style, "width")
    height = attrs.get("height") or _css(style, "height")
    return (small(width) and small(height)) or _hidden_by(attrs) is not None


def _css(style: str, prop: str) -> str | None:
    match = re.search(rf"(?<![\w-]){prop}\s*:\s*([^;]+)", style, re.I)
    return match.group(1) if match else None


_BLOCKS = (
    ("<!--", "-->"),
    ("<script", "</script"),
    ("<style", "</style"),
    ("<head>", "</head"),
    ("<head ", "</head"),
)
_CLOSINGS = dict(_BLOCKS)


def _kept_spans(lowered: str, size: int) -> list[tuple[int, int]]:
    """The spans left once comments, scripts, styles and the head are removed, in one linear
    pass (an unclosed block runs to the end, as in browsers); a lazy regular expression would
    rescan per opening. The openings are found in ``lowered`` (``markup.lower()``, of
    ``size`` characters before lowering); the spans are joined by a space."""
    out: list[tuple[int, int]] = []
    pos = 0
    nexts = {o: lowered.find(o) for o, _ in _BLOCKS}
    while True:
        for o, at in list(nexts.items()):  # refresh only the openings we have passed
            if 0 <= at < pos:
                nexts[o] = lowered.find(o, pos)
        found = [(at, o) for o, at in nexts.items() if at >= 0]
        if not found:
            out.append((pos, size))
            return out
        start, opening = min(found)
        out.append((pos, start))
        end = lowered.find(_CLOSINGS[opening], start + len(opening))
        if end < 0:
            return out
        pos = lowered.find(">", end)
        pos = size if pos < 0 else pos + 1


def _drop_blocks(markup: str, lowered: str) -> tuple[str, str]:
    """The markup without its blocks (``_kept_spans``) and the same lower-cased: cut from
    ``lowered`` where it lines up with the markup, which spares lowering the body again."""
    spans = _kept_spans(lowered, len(markup))
    if len(lowered) != len(markup):
        body = " ".join(markup[a:b] for a, b in spans)
        return body, body.lower()
    return " ".join(markup[a:b] for a, b in spans), " ".join(lowered[a:b] for a, b in spans)


def html_facts(pm: ParsedMessage) -> HtmlFacts | None:
    """The facts of the message's HTML body; None when it has none (or only headers)."""
    if pm.headers_only or not pm.html_body:
        return None
    return scan_html(pm.html_body)


def scan_html(markup: str) -> HtmlFacts:
    """Count what the reader would see, the images, and the hidden regions of an HTML body."""
    markup = markup[:MAX_SCAN]
    remote: list[str] = []
    pixels: list[str] = []
    images = 0
    for tag in _IMG.findall(markup):
        images += 1
        attrs = _attrs(tag)
        src = attrs.get("src", "")
        if src.lower().startswith(("http://", "https://", "//")):
            remote.append(src)
            if _is_pixel(attrs):
                pixels.append(src)
    lowered_markup = markup.lower()  # both readers below search it
    remote += _remote_css(markup, lowered_markup)
    body, lowered = _drop_blocks(markup, lowered_markup)
    hidden: list[tuple[str, str]] = []
    hidden_chars = 0
    hidden_word_chars = 0
    for match in _tags_that_may_hide(body, lowered):
        if match.group(1).lower() == "img":
            continue
        why = _hidden_by(_attrs(match.group(2)))
        if why is None:
            continue
        close = lowered.find(f"</{match.group(1).lower()}", match.end(), match.end() + 20000)
        inner = body[match.end() : close if close >= 0 else match.end() + 2000]
        # the text once: its words give the collapsed length, the word characters and the
        # excerpt (white space runs as one space, trimmed)
        words = html.unescape(TAG.sub(" ", inner)).split()
        if words:
            hidden_chars += sum(map(len, words)) + len(words) - 1
            hidden_word_chars += _word_len(words)
            hidden.append((why, " ".join(words)[:100]))
        if len(hidden) >= 50:
            break
    visible = max(0, _text_len(body) - hidden_chars)
    return HtmlFacts(
        visible,
        images,
        tuple(remote),
        tuple(pixels),
        tuple(hidden),
        hidden_chars,
        hidden_word_chars,
    )


# --------------------------------------------------------------------------- MIME helpers


def mime_parts(part: MimePart | None) -> Iterator[MimePart]:
    if part is None:
        return
    stack = [part]
    while stack:
        node = stack.pop(0)
        yield node
        stack[:0] = node.children
