"""Remote content: images and tracking pixels loaded from other hosts, which clients
block by default and filters read as tracking."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

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


def _domains(urls: tuple[str, ...], limit: int) -> list[str]:
    """The first ``limit`` distinct hosts, in order: a newsletter loads dozens of images from
    the same few hosts, and only the first are named."""
    out: list[str] = []
    for url in urls:
        if len(out) >= limit:
            break
        try:
            host = urlsplit(url if "://" in url else "https:" + url).hostname or ""
        except ValueError:
            host = ""
        if host and host not in out:
            out.append(host)
    return out


@rule
def remote_content(ctx: AnalysisContext) -> Iterator[Finding]:
    facts = ctx.html
    if facts is None:
        return
    if facts.remote_images:
        hosts = _domains(facts.remote_images, 5)
        yield REMOTE_IMAGES(
            f"The HTML loads {len(facts.remote_images)} image(s) from "
            f"{', '.join(hosts) or 'the internet'}. This inspector never fetches them. "
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
