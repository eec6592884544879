"""Findings about what the message carries: HTML without text, image-only mail, hidden text,
size, dangerous attachments, locked archives, remote images and tracking pixels.

The HTML is examined with a few regular expressions rather than an HTML parser: the goal is a
handful of signals filters also look at, on up to 2 MB of hostile markup, in bounded time.
Nothing is ever fetched: remote images are only listed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import MimePart, ParsedMessage
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_GMAIL_BLOCKED = "https://support.google.com/mail/answer/6590 (file types blocked in Gmail)"
_MS_BLOCKED = (
    "https://learn.microsoft.com/defender-office-365/anti-malware-protection-about "
    "(common attachments filter)"
)

HTML_ONLY = spec(
    "content.html_only",
    Severity.LOW,
    Category.CONTENT,
    "HTML without a plain-text version",
    "Send multipart/alternative with a text/plain part that says the same as the HTML.",
    ("RFC 2046 section 5.1.4", "M3AAWG Sender Best Common Practices"),
)
IMAGE_HEAVY = spec(
    "content.image_heavy",
    Severity.MEDIUM,
    Category.CONTENT,
    "The message is mostly images with little text",
    "Put the message's content in real text and use images as illustration; keep a "
    "reasonable amount of text for each image and give images alt text.",
    ("SpamAssassin rules HTML_IMAGE_ONLY_*, HTML_IMAGE_RATIO_*",),
)
HIDDEN_TEXT = spec(
    "content.hidden_text",
    Severity.LOW,
    Category.CONTENT,
    "The HTML contains text the reader cannot see",
    "Remove invisible text; a short hidden preheader is common, but hidden blocks of words "
    "look like an attempt to fool filters.",
    ("SpamAssassin rules HTML_FONT_LOW_CONTRAST, TINY_FONT, HTML_FONT_SIZE_*",),
)
HUGE_MESSAGE = spec(
    "content.huge_message",
    Severity.MEDIUM,
    Category.CONTENT,
    "The message is very large",
    "Link to large files instead of attaching them; keep messages well under receivers' "
    "size limits (about 25 MB at Gmail and Outlook.com, after encoding).",
    (
        "https://support.google.com/mail/answer/6584 (Gmail attachment size limit)",
        "RFC 1870 (SMTP SIZE)",
    ),
)
RISKY_ATTACHMENT = spec(
    "content.risky_attachment",
    Severity.HIGH,
    Category.CONTENT,
    "An attachment has a file type receivers block",
    "Do not send programs, scripts, disk images or HTML files as attachments; share them "
    "through a download link or a file-sharing service.",
    (_GMAIL_BLOCKED, _MS_BLOCKED),
)
ARCHIVE_EXECUTABLE = spec(
    "content.archive_with_executable",
    Severity.HIGH,
    Category.CONTENT,
    "An attached archive contains a program or script",
    "Do not send programs inside zip files by mail; receivers open archives and block them. "
    "Offer a download link instead.",
    (_GMAIL_BLOCKED,),
)
ENCRYPTED_ARCHIVE = spec(
    "content.encrypted_archive",
    Severity.MEDIUM,
    Category.CONTENT,
    "An attached archive is password-protected",
    "Share confidential files through a secure file-sharing link rather than a "
    "password-protected archive sent together with its password.",
    (_GMAIL_BLOCKED, "MITRE ATT&CK T1027.013 (encrypted/encoded file)"),
)
REMOTE_IMAGES = spec(
    "content.remote_images",
    Severity.INFO,
    Category.CONTENT,
    "The message loads images from the internet",
    "Nothing to fix; mail clients block remote images until the reader allows them, so make "
    "sure the message still makes sense without them.",
    ("RFC 2557 (cid: references for embedded images)",),
)
TRACKING_PIXEL = spec(
    "content.tracking_pixel",
    Severity.INFO,
    Category.CONTENT,
    "The message contains a tracking pixel",
    "Disclose open tracking in the privacy notice; Apple Mail Privacy Protection and image "
    "proxies make open rates unreliable anyway.",
    ("https://support.apple.com/102580 (Mail Privacy Protection)",),
)

# --------------------------------------------------------------------------- HTML scan

_TAG = re.compile(r"<[^<>]{0,4000}>")  # bounded: "<" without ">" must not rescan
_IMG = re.compile(r"<img\b[^<>]{0,4000}>", re.I)
_ATTR = re.compile(r"([a-zA-Z][\w:-]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_STYLED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^<>]{0,4000})>", re.S)
_CSS_URL = re.compile(r"url\(\s*['\"]?(https?://[^'\")\s]+)", re.I)
_BG_ATTR = re.compile(r"\bbackground\s*=\s*['\"]?(https?://[^'\"\s>]+)", re.I)
_WHITE = r"(?:#fff\b|#ffffff\b|white\b|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))"
_HIDING = (
    (re.compile(r"display\s*:\s*none", re.I), "display:none"),
    (re.compile(r"visibility\s*:\s*hidden", re.I), "visibility:hidden"),
    (
        re.compile(r"(?<![\w-])font-size\s*:\s*[01](\.0*)?\s*(px|pt|em|rem|%)?\s*(;|$|!)", re.I),
        "font-size 0/1",
    ),
    (re.compile(r"(?<![\w-])opacity\s*:\s*0(\.0*)?\s*(;|$|!)", re.I), "opacity:0"),
    (
        re.compile(r"max-height\s*:\s*0[^;]*;.*overflow\s*:\s*hidden", re.I | re.S),
        "max-height:0 + overflow:hidden",
    ),
)
_WHITE_TEXT = re.compile(r"(?<![\w-])color\s*:\s*" + _WHITE, re.I)
_WHITE_BG = re.compile(r"background(-color)?\s*:\s*" + _WHITE, re.I)
_SPACE = re.compile(r"\s+")
#: Words without which ``_hidden_by`` cannot find anything (each of its tests needs one): a
#: cheap pre-filter, since most tags of a newsletter carry an ordinary style.
_MAY_HIDE_LOWER = re.compile(r"display|hidden|font-size|opacity|fff|white|255")
_CSS_URL_LOWER = re.compile(r"url\(\s*['\"]?(https?://[^'\")\s]+)")
_BG_ATTR_LOWER = re.compile(r"\bbackground\s*=\s*['\"]?(https?://[^'\"\s>]+)")
MAX_SCAN = 2_000_000


@dataclass(frozen=True)
class HtmlFacts:
    visible_text: int
    images: int
    remote_images: tuple[str, ...]
    pixels: tuple[str, ...]
    hidden: tuple[tuple[str, str], ...]  # (why, excerpt)
    hidden_chars: int


def _remote_css(markup: str) -> list[str]:
    """Remote URLs in CSS url(...) and background= attributes. The patterns run on the
    lower-cased text without IGNORECASE (a literal prefix is searched far faster) and the
    URLs are cut from the original, whose case matters."""
    lowered = markup.lower()
    if len(lowered) != len(markup):  # a few characters lower-case to two: positions move
        return _CSS_URL.findall(markup) + _BG_ATTR.findall(markup)
    found = [m.span(1) for m in _CSS_URL_LOWER.finditer(lowered)]
    found += [m.span(1) for m in _BG_ATTR_LOWER.finditer(lowered)]
    return [markup[a:b] for a, b in found]


def _tags_that_may_hide(body: str, lowered: str) -> Iterator[re.Match[str]]:
    """The tags whose attributes contain a word ``_hidden_by`` needs, in document order:
    found from those words (few) rather than by testing every tag (thousands)."""
    if len(lowered) != len(body):  # positions would not line up: test every tag
        yield from _STYLED.finditer(body)
        return
    last = -1
    for word in _MAY_HIDE_LOWER.finditer(lowered):
        start = lowered.rfind("<", 0, word.start())
        if start <= last or start < 0:
            continue
        match = _STYLED.match(body, start)
        if match is not None and match.end() > word.start():
            last = start
            yield match


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(tag)}


def _text_len(markup: str) -> int:
    return len(_SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip())


def _hidden_by(attrs: dict[str, str]) -> str | None:
    style = attrs.get("style", "")
    if "hidden" in attrs:
        return "hidden attribute"
    for pattern, why in _HIDING:
        if pattern.search(style):
            return why
    if _WHITE_TEXT.search(style) and _WHITE_BG.search(style):
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


def _drop_blocks(markup: str) -> str:
    """Remove comments, scripts, styles and the head in one linear pass (an unclosed block
    runs to the end, as in browsers); a lazy regular expression would rescan per opening."""
    lowered = markup.lower()
    out: list[str] = []
    pos = 0
    nexts = {o: lowered.find(o) for o, _ in _BLOCKS}
    while True:
        for o, at in list(nexts.items()):  # refresh only the openings we have passed
            if 0 <= at < pos:
                nexts[o] = lowered.find(o, pos)
        found = [(at, o) for o, at in nexts.items() if at >= 0]
        if not found:
            out.append(markup[pos:])
            return " ".join(out)
        start, opening = min(found)
        close = dict(_BLOCKS)[opening]
        out.append(markup[pos:start])
        end = lowered.find(close, start + len(opening))
        if end < 0:
            return " ".join(out)
        pos = lowered.find(">", end)
        pos = len(markup) if pos < 0 else pos + 1


@lru_cache(maxsize=8)
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
    remote += _remote_css(markup)
    body = _drop_blocks(markup)
    lowered = body.lower()
    hidden: list[tuple[str, str]] = []
    hidden_chars = 0
    for match in _tags_that_may_hide(body, lowered):
        if match.group(1).lower() == "img":
            continue
        why = _hidden_by(_attrs(match.group(2)))
        if why is None:
            continue
        close = lowered.find(f"</{match.group(1).lower()}", match.end(), match.end() + 20000)
        inner = body[match.end() : close if close >= 0 else match.end() + 2000]
        length = _text_len(inner)
        if length:
            hidden_chars += length
            excerpt = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", inner))).strip()
            hidden.append((why, excerpt[:100]))
        if len(hidden) >= 50:
            break
    visible = max(0, _text_len(body) - hidden_chars)
    return HtmlFacts(visible, images, tuple(remote), tuple(pixels), tuple(hidden), hidden_chars)


# --------------------------------------------------------------------------- MIME helpers


def _parts(part: MimePart | None) -> Iterator[MimePart]:
    if part is None:
        return
    stack = [part]
    while stack:
        node = stack.pop(0)
        yield node
        stack[:0] = node.children


def _has_text_alternative(pm: ParsedMessage) -> bool:
    if pm.text_body.strip():
        return True
    return any(
        p.content_type == "text/plain" and p.disposition != "attachment" and p.size > 0
        for p in _parts(pm.mime)
    )


# --------------------------------------------------------------------------- rules


@rule
def html_only(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if pm.headers_only or not pm.html_body.strip() or _has_text_alternative(pm):
        return
    yield HTML_ONLY(
        "The message has only an HTML version and no plain-text alternative. Legitimate "
        "mail programs and services send both; filters score HTML-only mail, and readers "
        "with text-only or accessibility setups see nothing useful.",
        [f"part {p.path or 'root'}: {p.content_type}" for p in _parts(pm.mime)][:8],
    )


@rule
def image_heavy(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if pm.headers_only or not pm.html_body:
        return
    facts = scan_html(pm.html_body)
    if facts.images - len(facts.pixels) < 1:
        return
    per_image = facts.visible_text / (facts.images - len(facts.pixels))
    if facts.visible_text < 400 and per_image < 200:
        yield IMAGE_HEAVY(
            f"The message shows {facts.images} image(s) but only about {facts.visible_text} "
            "characters of text. Spammers put their words inside pictures so filters cannot "
            "read them, so filters distrust mail that is mostly images; and readers whose "
            "client blocks images see an almost empty message.",
            [f"{facts.images} <img> tags", f"{facts.visible_text} characters of visible text"],
        )


@rule
def hidden_text(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if pm.headers_only or not pm.html_body:
        return
    facts = scan_html(pm.html_body)
    if not facts.hidden:
        return
    white = any(why.startswith("white text") for why, _ in facts.hidden)
    lots = facts.hidden_chars >= 200 or white  # preheaders never need white-on-white
    yield HIDDEN_TEXT(
        f"About {facts.hidden_chars} characters of text are made invisible "
        f"({', '.join(sorted({why for why, _ in facts.hidden}))}). "
        + (
            "That much hidden text is a classic trick to feed filters words the reader never "
            "sees, and filters penalise it."
            if lots
            else "A short hidden 'preheader' (the preview line shown in the inbox) is common "
            "and harmless; filters only mind larger amounts."
        ),
        [f"{why}: {excerpt!r}" for why, excerpt in facts.hidden[:6]],
        severity=Severity.MEDIUM if lots else None,
    )


@rule
def huge_message(ctx: AnalysisContext) -> Iterator[Finding]:
    size = len(ctx.message.raw)
    mb = size / (1024 * 1024)
    if mb <= 10:
        return
    yield HUGE_MESSAGE(
        f"The message is {mb:.1f} MB. "
        + (
            "That is over the 25 MB most large providers accept, so it will be refused."
            if mb > 25
            else "Many company servers refuse messages over 10 MB, and large mail is slow to "
            "deliver and often filtered more strictly."
        ),
        [f"{size} bytes"],
        severity=Severity.HIGH if mb > 25 else None,
    )


def _words(text: str) -> list[str]:
    return text.split()


# Gmail's blocked list plus macro-enabled Office files and HTML smuggling carriers.
RISKY_EXTENSIONS = frozenset(
    _words(
        "ade adp apk appx appxbundle bat cab chm cmd com cpl diagcab diagcfg diagpack dll dmg ex "
        "ex_ exe hta img ins iso isp jar jnlp js jse lib lnk mde mjs msc msi msix msixbundle msp "
        "mst nsh pif ps1 scr sct shb sys vb vbe vbs vhd vhdx vxd wsc wsf wsh xll one reg "
        "docm xlsm pptm dotm xlam html htm shtml xhtml svg"
    )
)
EXECUTABLE_EXTENSIONS = RISKY_EXTENSIONS - {"html", "htm", "shtml", "xhtml", "svg"}
ARCHIVE_EXTENSIONS = frozenset({"zip", "rar", "7z", "gz", "tgz", "tar", "ace", "arj", "cab"})
_PASSWORD_HINT = re.compile(
    r"\b(password|passwort|mot de passe|contraseña|senha|pwd|pass)\s*(is|:|=|-)", re.I
)


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower().strip() if "." in name else ""


def _attachments(pm: ParsedMessage) -> list[MimePart]:
    return [p for p in _parts(pm.mime) if p.filename]


@rule
def risky_attachments(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    for part in _attachments(pm):
        name = part.filename or ""
        ext = _ext(name)
        if ext in RISKY_EXTENSIONS:
            stem_ext = _ext(name.rsplit(".", 1)[0])
            disguised = stem_ext in ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "png", "txt")
            yield RISKY_ATTACHMENT(
                f"The attachment '{name}' is a .{ext} file. Files of this type can run code "
                "or hide web pages when opened, so Gmail, Microsoft 365 and most company "
                "filters block or quarantine them"
                + (
                    f"; the name also pretends to be a .{stem_ext} document, a common "
                    "malware disguise."
                    if disguised
                    else "."
                ),
                [f"part {part.path}: {part.content_type}, {part.size} bytes, sha256 {part.sha256}"],
                severity=Severity.CRITICAL if disguised else None,
            )
        bad = [m for m in part.archive_members if _ext(m) in EXECUTABLE_EXTENSIONS]
        if bad:
            yield ARCHIVE_EXECUTABLE(
                f"The archive '{name}' contains {len(bad)} program or script file(s). "
                "Receivers look inside archives and block these like the files themselves; "
                "this is how much malware is delivered.",
                [f"{name} contains {m}" for m in bad[:10]],
            )


@rule
def encrypted_archive(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    archives = [p for p in _attachments(pm) if _ext(p.filename or "") in ARCHIVE_EXTENSIONS]
    if not archives:
        return
    locked = [p for p in archives if p.archive_encrypted]
    hint = _PASSWORD_HINT.search(pm.text_body) or _PASSWORD_HINT.search(
        _TAG.sub(" ", pm.html_body[:MAX_SCAN])
    )
    if not locked and not hint:
        return
    evidence = [f"{p.filename}: password-protected zip" for p in locked]
    if hint:
        start = max(0, hint.start() - 40)
        text = pm.text_body if _PASSWORD_HINT.search(pm.text_body) else pm.html_body
        excerpt = _SPACE.sub(" ", text[start : hint.end() + 40]) if text else hint.group()
        evidence.append(f"text mentions a password: …{excerpt}…")
    yield ENCRYPTED_ARCHIVE(
        "An attached archive is locked with a password"
        + (" (the message text gives it)" if hint else "")
        + ". Scanners cannot look inside, which is why malware is often sent this way; many "
        "receivers quarantine such attachments on sight.",
        evidence,
    )


def _domains(urls: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for url in urls:
        try:
            host = urlsplit(url if "://" in url else "https:" + url).hostname or ""
        except ValueError:
            host = ""
        if host and host not in out:
            out.append(host)
    return out


@rule
def remote_content(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if pm.headers_only or not pm.html_body:
        return
    facts = scan_html(pm.html_body)
    if facts.remote_images:
        hosts = _domains(facts.remote_images)
        yield REMOTE_IMAGES(
            f"The HTML loads {len(facts.remote_images)} image(s) from "
            f"{', '.join(hosts[:5]) or 'the internet'}. This inspector never fetches them. "
            "Mail clients usually block such images until the reader allows them, since "
            "loading them tells the sender the message was opened.",
            [url[:160] for url in facts.remote_images[:8]],
        )
    if facts.pixels:
        yield TRACKING_PIXEL(
            f"{len(facts.pixels)} tiny or invisible remote image(s) are there only to report "
            "back when, and from where, the message is opened. This is routine in marketing "
            "mail and does not by itself affect delivery.",
            [url[:160] for url in facts.pixels[:5]],
        )
