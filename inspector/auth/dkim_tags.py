"""DKIM-Signature tag parsing and signed-header coverage (replay and injection analysis).

Tags are parsed with dkimpy's own tag=value parser so that what we show matches what the
verifier used. Coverage is our own code: dkimpy only answers "valid or not", while a reader
needs to know which important headers an attacker could still add or replace without
breaking the signature (RFC 6376 5.4.2 over-signing, 8.15 replay).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from dkim.util import InvalidTagValueList, parse_tag_value

#: Headers whose replacement or addition changes what a recipient sees or does.
IMPORTANT_HEADERS = (
    "from",
    "to",
    "subject",
    "date",
    "reply-to",
    "message-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "content-type",
)

#: A signature header larger than this is hostile (a 16384-bit RSA b= is ~2.8 kB).
MAX_SIGNATURE_HEADER = 65536


@dataclass(frozen=True)
class SignatureTags:
    """The tags of one DKIM-Signature as text, plus the fields a reader wants."""

    tags: dict[str, str]
    domain: str | None
    selector: str | None
    algorithm: str | None
    canonicalization: str
    identity: str | None
    signed_headers: tuple[str, ...]
    timestamp: datetime | None
    expiration: datetime | None
    body_length: int | None


#: A folding line end with its white space. Spelled as an alternation of two literal starts:
#: the search then skips to the next CR or LF, where an optional first character made it
#: try the pattern at every position of the value.
_FOLD = re.compile(rb"(?:\r\n|\n)[ \t]")


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _epoch(value: str | None) -> datetime | None:
    if value is None or not value.isdigit() or len(value) > 12:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_signature(value: bytes) -> SignatureTags | str:
    """Parse a DKIM-Signature value; return an error text when the tag list is malformed."""
    if len(value) > MAX_SIGNATURE_HEADER:
        return f"signature header is {len(value)} bytes long (hostile or broken)"
    unfolded = _FOLD.sub(b" ", value) if b"\n" in value else value
    try:
        raw = parse_tag_value(unfolded)
    except InvalidTagValueList as exc:
        return f"malformed tag list: {_text(bytes(str(exc), 'utf-8'))[:200]}"
    tags = {_text(k): _text(v) for k, v in raw.items()}
    h = tags.get("h")
    # split at colons, names stripped of white space (as \s, str.strip takes Unicode's)
    signed = tuple(n for p in h.lower().split(":") if (n := p.strip())) if h else ()
    length = tags.get("l")
    return SignatureTags(
        tags=tags,
        domain=tags.get("d", "").lower().rstrip(".") or None,
        selector=tags.get("s") or None,
        algorithm=tags.get("a", "").lower() or None,
        canonicalization=tags.get("c") or "simple/simple",
        identity=tags.get("i") or None,
        signed_headers=signed,
        timestamp=_epoch(tags.get("t")),
        expiration=_epoch(tags.get("x")),
        body_length=int(length) if length and length.isdigit() and len(length) <= 76 else None,
    )


@dataclass(frozen=True)
class Coverage:
    unsigned_important: tuple[str, ...]
    not_oversigned: tuple[str, ...]
    added_after_signing: tuple[str, ...]


def header_coverage(signed: tuple[str, ...], present: Mapping[str, int]) -> Coverage:
    """Compare h= against the header names present in the message (lowercase name -> how
    often it occurs, counted once per message however many signatures it carries).

    - unsigned_important: an important header the message has but h= does not list, so it
      can be changed freely;
    - not_oversigned: an important header that h= lists but no more often than it occurs,
      so a second copy can be added on top (what most mail programs display) without
      breaking the signature;
    - added_after_signing: a signed header name occurring more often than h= covers: the
      extra copies were added after signing (or the signer under-signed)."""
    in_h = Counter(signed)
    in_msg = present.get
    unsigned = tuple(n for n in IMPORTANT_HEADERS if in_msg(n, 0) and not in_h.get(n, 0))
    not_over = tuple(n for n in IMPORTANT_HEADERS if 0 < in_h.get(n, 0) <= in_msg(n, 0))
    added = tuple(sorted(n for n, k in in_h.items() if n != "dkim-signature" and in_msg(n, 0) > k))
    return Coverage(unsigned, not_over, added)
