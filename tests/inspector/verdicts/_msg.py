"""Build a ParsedMessage for verdict and bounce tests.

Uses inspector.parse.message.parse_message when it is importable; otherwise a small stdlib-based
stand-in (headers in order, unfolded decoded values, text body) so these tests do not depend
on the parser's progress.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
from email.header import decode_header, make_header

from inspector.model.message import Header, ParsedMessage
from tests.support.context import parsed_message


def _fallback(raw: bytes) -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    headers = []
    for i, (name, value) in enumerate(msg.items()):
        text = str(value).replace("\r\n", "\n")
        unfolded = " ".join(line.strip() for line in text.split("\n")).strip()
        with contextlib.suppress(Exception):
            unfolded = str(make_header(decode_header(unfolded)))
        headers.append(Header(name, unfolded, b"", i))
    text_parts = []
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                text_parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return parsed_message(
        headers,
        raw=raw,
        subject=msg.get("Subject"),
        text_body="\n".join(text_parts),
        body_size=len(raw),
    )


def parse(raw: bytes | str) -> ParsedMessage:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        from inspector.parse.message import parse_message
    except ImportError:
        return _fallback(data)
    return parse_message(data)
