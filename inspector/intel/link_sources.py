"""Where links are found: ``a``/``area`` hrefs with their anchor text, ``img`` sources (tracking
pixels flagged) and ``form`` actions in HTML; URLs written in plain text.

HTML is read with the project's linear tokenizer (no tree, no scripts, no network), so a hostile
body costs time in proportion to its size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from inspector.parse.html_tokens import EndTag, StartTag, Text, tokenize

MAX_LINKS = 500
MAX_HTML = 2_000_000
MAX_TEXT = 1_000_000
MAX_ANCHOR_TEXT = 200
_URL_IN_TEXT = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]{1,2048}")
_TRAILING = ".,;:!?)]}'\""
_URL_START_LOWER = re.compile(r"https?://|www\.")


#: Input names that ask for a secret: logins, card numbers, security codes.
_SECRET_FIELD = re.compile(r"pass|login|user|card|cc-|cvv|cvc|ssn|pin\b|otp|account")


@dataclass
class RawLink:
    """A link as written, before classification."""

    url: str
    source: str
    text: str = ""
    pixel: bool = False


def _dimension(value: str | None) -> int | None:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else None


_LINK_TAGS = frozenset({"a", "area", "img", "form", "input"})


class _Collector:
    """Collects hrefs, image sources and form actions; ignores everything else."""

    def __init__(self) -> None:
        self.found: list[RawLink] = []
        self._anchor: RawLink | None = None
        self._anchor_text: list[str] = []
        self._anchor_length = 0
        self._form: RawLink | None = None

    def start(self, tag: str, attrs: tuple[tuple[str, str | None], ...]) -> None:
        if len(self.found) >= MAX_LINKS or tag not in _LINK_TAGS:
            return  # most tags carry no link: spare them the attribute map
        a = {k: (v or "") for k, v in attrs[:50]}
        if tag in ("a", "area") and a.get("href"):
            self.close_anchor()
            link = RawLink(a["href"], "html")
            self.found.append(link)
            if tag == "a":
                self._anchor = link
        elif tag == "img" and a.get("src"):
            style = a.get("style", "").replace(" ", "").lower()
            w, h = _dimension(a.get("width")), _dimension(a.get("height"))
            pixel = (w is not None and w <= 1 and (h is None or h <= 1)) or (
                h is not None and h <= 1 and w is None
            )
            pixel = pixel or "display:none" in style or "visibility:hidden" in style
            self.found.append(RawLink(a["src"], "img", a.get("alt", "")[:MAX_ANCHOR_TEXT], pixel))
        elif tag == "form" and a.get("action"):
            method = (a.get("method") or "get").strip().upper()[:10]
            self._form = RawLink(a["action"], "form", f"{method} form")
            self.found.append(self._form)
        elif tag == "input" and self._form is not None:
            password = a.get("type", "").strip().lower() == "password"
            if password and "password" not in self._form.text:
                self._form.text += " with a password field"
            name = f"{a.get('name', '')} {a.get('autocomplete', '')}".lower()
            if _SECRET_FIELD.search(name) and "credentials" not in self._form.text:
                self._form.text += " asking for credentials or card details"

    def end(self, tag: str) -> None:
        if tag == "a":
            self.close_anchor()
        elif tag == "form":
            self._form = None

    def data(self, data: str) -> None:
        if self.wants_text():
            piece = data[: MAX_ANCHOR_TEXT * 4]
            self._anchor_text.append(piece)
            self._anchor_length += len(piece)

    def wants_text(self) -> bool:
        return self._anchor is not None and self._anchor_length < MAX_ANCHOR_TEXT

    def close_anchor(self) -> None:
        if self._anchor is not None:
            self._anchor.text = " ".join("".join(self._anchor_text).split())[:MAX_ANCHOR_TEXT]
        self._anchor, self._anchor_text, self._anchor_length = None, [], 0


def links_in_html(html: str) -> list[RawLink]:
    """The links of an HTML body. Text is asked of the tokenizer only while an anchor wants
    it: the rest of a newsletter's text is never cut out or unescaped."""
    collector = _Collector()
    tokens = tokenize(html[:MAX_HTML], _LINK_TAGS, only_those=True, text=False)
    try:
        token = next(tokens)
        while True:
            if isinstance(token, Text):
                collector.data(token.data)
            elif isinstance(token, StartTag):
                collector.start(token.name, token.attrs)
            elif isinstance(token, EndTag):
                collector.end(token.name)
            token = tokens.send(collector.wants_text())
    except StopIteration:
        pass
    collector.close_anchor()
    return collector.found


def links_in_text(text: str) -> Iterator[RawLink]:
    for count, m in enumerate(_urls_in_text(text[:MAX_TEXT])):
        if count >= MAX_LINKS:
            return
        yield RawLink(m.group(0).rstrip(_TRAILING), "text")


def _urls_in_text(text: str) -> Iterator[re.Match[str]]:
    """The matches ``_URL_IN_TEXT.finditer`` gives. A pattern that starts with a word
    boundary and ignores case is tried at every position of the text; instead, the places
    where a URL can start are found in the lower-cased text (its own letters, case-sensitive:
    a search by literal prefix) and the pattern is tried there only. Ignoring case matches
    these letters with their lower case only, and with U+017F (long s) for "s": text holding
    it, or whose positions lower-casing moves, is searched as before."""
    lowered = text.lower()
    if len(lowered) != len(text) or "\u017f" in text:
        yield from _URL_IN_TEXT.finditer(text)
        return
    pos = 0
    while (start := _URL_START_LOWER.search(lowered, pos)) is not None:
        found = _URL_IN_TEXT.match(text, start.start())
        if found is None:
            pos = start.start() + 1
            continue
        yield found
        pos = found.end()
