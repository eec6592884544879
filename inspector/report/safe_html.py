"""A message's HTML made safe to show: every resource replaced by a labelled placeholder,
hidden text revealed and marked, only plain layout markup kept.

The reader wants to see the message as it was meant to look, without telling the sender it
was opened (tracking pixels), without reading local files, and with what the sender hid from
view (preheaders, keyword stuffing) in plain sight. Blocking resources only at load time is
not enough: an image's width and height still shape the layout (a blocked ``<img width=180>``
collapsed Qt's document to nothing) and nothing counts what was dropped. So the markup is
rebuilt here from an allow-list, and the counts come from the rebuild.

Written here rather than with a sanitizer package: bleach is deprecated, and nh3/ammonia
drop what they disallow silently, while this view must mark each replacement and each hidden
passage. The markup is read with the project's linear tokenizer (``inspector.parse.html_tokens``),
so hostile input costs time in proportion to its length.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from inspector.parse.html_tokens import StartTag, Text, tokenize

MAX_INPUT = 2_000_000

_KEPT_TAGS = frozenset(
    [
        "a",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
    ]
)
_VOID = frozenset({"br", "hr"})
# Content that is never shown: scripts, style sheets, the head.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "title", "noscript", "template"})
# Elements that load something; each becomes a placeholder.
_RESOURCE_TAGS = frozenset(
    {"img", "image", "iframe", "frame", "object", "embed", "video", "audio", "source", "link"}
)
_KEPT_ATTRS = frozenset(
    {"align", "valign", "color", "bgcolor", "colspan", "rowspan", "border", "cellpadding",
     "cellspacing", "title", "dir"}
)  # fmt: skip
_CSS_URL = re.compile(r"url\s*\(|@import|expression\s*\(|image-set\s*\(", re.IGNORECASE)
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)"
    r"|font-size\s*:\s*[01](?:\.\d+)?(?:px|pt)?\s*(?:;|$)|max-height\s*:\s*0|height\s*:\s*0"
    r"(?:px)?\s*(?:;|$)|mso-hide\s*:\s*all",
    re.IGNORECASE,
)

PLACEHOLDER_STYLE = "color:#57606a; background-color:#f0f3f6; border:1px dashed #8c959f"
HIDDEN_STYLE = "background-color:#fff3b0; color:#3b2f00"
LINK_STYLE = "color:#57606a"


@dataclass(frozen=True)
class BlockedResource:
    kind: str  # the tag or "css" / "background"
    target: str  # what it would have loaded


@dataclass
class SafeHtml:
    html: str = ""
    blocked: list[BlockedResource] = field(default_factory=list)
    hidden: int = 0  # passages the sender hid from view, now shown and marked
    truncated: bool = False


def _short(url: str) -> str:
    url = " ".join(url.split())
    return url if len(url) <= 80 else url[:77] + "..."


class _Builder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.result = SafeHtml()
        self.skip: list[str] = []  # open elements whose content is dropped
        self.links: list[str] = []  # targets of the open <a> elements, shown at their end

    def text(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(data, quote=False))
        elif self.skip[-1] == "style":
            self.style_text(data)

    def start(self, tag: StartTag) -> None:
        name = tag.name
        if self.skip:
            if name in _DROPPED_WITH_CONTENT:
                self.skip.append(name)
            return
        attrs: dict[str, str] = {}
        for key, value in tag.attrs:
            attrs.setdefault(key, value or "")
        if name in _DROPPED_WITH_CONTENT:
            if not tag.self_closing:
                self.skip.append(name)  # url()s inside <style> are counted as its text arrives
            return
        if name in _RESOURCE_TAGS:
            self._placeholder(name, attrs)
            return
        for key in ("background", "srcset"):
            if attrs.get(key):
                self._block("background" if key == "background" else name, attrs[key])
        if name not in _KEPT_TAGS:
            return
        kept = [f'{k}="{html.escape(v)}"' for k, v in attrs.items() if k in _KEPT_ATTRS]
        if name == "a":
            # the destination is written out after the link text: a reader compares them
            self.links.append(attrs.get("href", ""))
        style = attrs.get("style", "")
        if _CSS_URL.search(style):
            self._block("css", style)
            style = ""
        hidden = bool(_HIDING.search(style)) or "hidden" in attrs
        if hidden:
            self.result.hidden += 1
            style = HIDDEN_STYLE
        elif style:
            style = _layout_safe(style)
        if style:
            kept.append(f'style="{html.escape(style)}"')
        self.out.append(f"<{name}{''.join(' ' + k for k in kept)}>")
        if hidden:
            self.out.append("<b>[hidden by the sender:]</b> ")

    def end(self, name: str) -> None:
        if self.skip:
            if name == self.skip[-1]:
                self.skip.pop()
            return
        if name in _KEPT_TAGS and name not in _VOID:
            self.out.append(f"</{name}>")
        if name == "a" and self.links:
            target = self.links.pop()
            if target and not target.startswith("#"):
                self.out.append(
                    f'<span style="{LINK_STYLE}"> [link: {html.escape(_short(target))}]</span>'
                )

    def style_text(self, data: str) -> None:
        for _ in _CSS_URL.finditer(data[:100_000]):
            self._block("css", "a style sheet rule")

    def _block(self, kind: str, target: str) -> None:
        self.result.blocked.append(BlockedResource(kind, _short(target)))

    def _placeholder(self, name: str, attrs: dict[str, str]) -> None:
        target = attrs.get("src") or attrs.get("href") or attrs.get("data") or "(no address)"
        if name == "link" and "stylesheet" not in attrs.get("rel", "").lower():
            return  # a <link> that loads nothing (canonical, alternate)
        self._block(name, target)
        label = attrs.get("alt") or attrs.get("title") or ""
        what = "image" if name in ("img", "image") else name
        desc = f"{what} not loaded" + (f": {label}" if label else "") + f" ({_short(target)})"
        self.out.append(f'<span style="{PLACEHOLDER_STYLE}">[{html.escape(desc)}]</span>')


def _layout_safe(style: str) -> str:
    """Inline CSS kept for colours and text only: sizes and positions go (a sender can make
    the layout collapse or cover the view with them)."""
    keep = []
    for decl in style.split(";")[:30]:
        prop, _, value = decl.partition(":")
        prop = prop.strip().lower()
        if prop in ("color", "background-color", "font-weight", "font-style", "text-align",
                    "text-decoration"):  # fmt: skip
            keep.append(f"{prop}:{value.strip()}")
    return "; ".join(keep)


def make_safe(markup: str) -> SafeHtml:
    """The markup rebuilt for display; never raises, linear in the input's length."""
    b = _Builder()
    if len(markup) > MAX_INPUT:
        markup, b.result.truncated = markup[:MAX_INPUT], True
    for token in tokenize(markup):
        if isinstance(token, Text):
            b.text(token.data)
        elif isinstance(token, StartTag):
            b.start(token)
        else:
            b.end(token.name)
    b.result.html = "".join(b.out)
    return b.result
