"""The body's shape: HTML without a text alternative, mostly images, text hidden from the
reader, and a size receivers clip or refuse; all of them are scored by filters."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import ParsedMessage
from inspector.parse.body_facts import mime_parts
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

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
    Severity.MEDIUM,
    Category.CONTENT,
    "The HTML contains text the reader cannot see",
    "Remove the invisible words; keep at most a short hidden preheader (one preview line).",
    ("SpamAssassin rules HTML_FONT_LOW_CONTRAST, TINY_FONT, HTML_FONT_SIZE_*",),
)
HIDDEN_PREHEADER = spec(
    "content.hidden_preheader",
    Severity.INFO,
    Category.CONTENT,
    "A hidden preview line (preheader)",
    "Nothing to fix: a short preheader is ordinary newsletter markup.",
    ("Litmus and Email on Acid guides to preheader text",),
)
#: Hidden word characters beyond which the hidden text is more than a preview line; inbox
#: previews show roughly 40 to 140 characters, so a preheader stays well under this.
PREHEADER_LIMIT = 200
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


def _has_text_alternative(pm: ParsedMessage) -> bool:
    if pm.text_body.strip():
        return True
    return any(
        p.content_type == "text/plain" and p.disposition != "attachment" and p.size > 0
        for p in mime_parts(pm.mime)
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
        [f"part {p.path or 'root'}: {p.content_type}" for p in mime_parts(pm.mime)][:8],
    )


@rule
def image_heavy(ctx: AnalysisContext) -> Iterator[Finding]:
    facts = ctx.html
    if facts is None:
        return
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
    """Hidden words, told apart from a preheader: the short preview line newsletters hide at
    the top of the body (padded with zero-width characters so the preview stops there) is
    ordinary markup; blocks of hidden words or white-on-white text are the filter trick."""
    facts = ctx.html
    if facts is None or not facts.hidden:
        return
    hows = ", ".join(sorted({why for why, _ in facts.hidden}))
    evidence = [f"{why}: {excerpt!r}" for why, excerpt in facts.hidden[:6]]
    white = any(why.startswith("white text") for why, _ in facts.hidden)
    if white or facts.hidden_word_chars >= PREHEADER_LIMIT:
        yield HIDDEN_TEXT(
            f"About {facts.hidden_word_chars} characters of words are made invisible ({hows}). "
            "Hidden words are a classic trick to feed filters text the reader never sees, and "
            "filters penalise them.",
            evidence,
        )
        return
    yield HIDDEN_PREHEADER(
        f"A short text ({facts.hidden_word_chars} characters of words, {hows}) is hidden: the "
        "preview line mail programs show beside the subject. That is common and harmless.",
        evidence,
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
