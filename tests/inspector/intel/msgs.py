"""Build ParsedMessage values with the stdlib for the intel and rules tests, so they do not
depend on inspector.parse.message (another module) while it is being written."""

from __future__ import annotations

import email
import email.policy
import email.utils
from collections.abc import Iterable
from email.header import decode_header, make_header
from email.message import Message

from inspector.model.auth import AuthSummary
from inspector.model.bounces import Bounce
from inspector.model.findings import Finding
from inspector.model.intel import HopIntel, Link, PlatformMatch, SenderIntel
from inspector.model.message import Address, Header, ParsedMessage
from inspector.model.route import Hop, Route
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import Rule
from tests.support.context import findings_by_id, make_context, parsed_message


def _decode(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _addresses(values: list[str]) -> tuple[Address, ...]:
    out = []
    for name, addr in email.utils.getaddresses([_decode(v) for v in values]):
        if addr or name:
            out.append(Address(name, addr))
    return tuple(out)


def _bodies(msg: Message) -> tuple[str, str]:
    text: list[str] = []
    html: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        try:
            decoded = payload.decode(part.get_content_charset() or "utf-8", "replace")
        except LookupError:
            decoded = payload.decode("utf-8", "replace")
        (html if ctype == "text/html" else text).append(decoded)
    return "\n".join(text), "\n".join(html)


def parse(raw: bytes) -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    headers = tuple(
        Header(name, _decode(str(value)).replace("\r", "").replace("\n", ""), index=i)
        for i, (name, value) in enumerate(msg.items())
    )
    text, html = _bodies(msg)

    def first(name: str) -> str | None:
        for h in headers:
            if h.name.lower() == name:
                return h.value.strip()
        return None

    rp = first("return-path")
    sender = _addresses([first("sender") or ""])
    return parsed_message(
        headers,
        raw=raw,
        subject=first("subject"),
        from_=_addresses([h.value for h in headers if h.name.lower() == "from"]),
        to=_addresses([h.value for h in headers if h.name.lower() == "to"]),
        cc=_addresses([h.value for h in headers if h.name.lower() == "cc"]),
        reply_to=_addresses([h.value for h in headers if h.name.lower() == "reply-to"]),
        return_path=rp.strip("<> ") if rp is not None else None,
        sender=sender[0] if sender else None,
        date_raw=first("date"),
        message_id=first("message-id"),
        text_body=text,
        html_body=html,
        body_size=len(raw),
    )


def build(headers: list[tuple[str, str]], text: str = "", html: str = "") -> ParsedMessage:
    """A message from header pairs and bodies (multipart/alternative when both given)."""
    lines = [f"{n}: {v}" for n, v in headers]
    if html and text:
        b = "b1"
        lines += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{b}"', ""]
        lines += [f"--{b}", "Content-Type: text/plain; charset=utf-8", "", text]
        lines += [f"--{b}", "Content-Type: text/html; charset=utf-8", "", html, f"--{b}--"]
    elif html:
        lines += ["Content-Type: text/html; charset=utf-8", "", html]
    else:
        lines += ["Content-Type: text/plain; charset=utf-8", "", text]
    return parse("\r\n".join(lines).encode("utf-8"))


def context(
    pm: ParsedMessage,
    *,
    auth: AuthSummary | None = None,
    platform: PlatformMatch | None = None,
    links: tuple[Link, ...] = (),
    hops: tuple[Hop, ...] = (),
    hops_intel: tuple[HopIntel, ...] = (),
    route: Route | None = None,
    offline: bool = False,
    bounce: Bounce | None = None,
) -> AnalysisContext:
    """An AnalysisContext around a hand-built message, for the rules tests."""
    return make_context(
        pm,
        hops=hops,
        route=route,
        auth=auth,
        sender=SenderIntel(platform=platform, hops_intel=hops_intel, links=links),
        bounce=bounce,
        offline=offline,
    )


def ids(rules: Iterable[Rule], ctx: AnalysisContext) -> dict[str, Finding]:
    """Run rules; every finding must be complete (explanation, evidence, remedy, refs)."""
    return findings_by_id(rules, ctx)
