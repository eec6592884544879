"""Every way a recipient's address can be written inside a message, as regular expressions.

Mail systems rarely carry an address only as ``user@domain``: senders put it in Message-IDs
and In-Reply-To, in VERP bounce addresses and unsubscribe mailtos (``bounce-user=domain@esp``),
URL-encoded or base64-encoded in tracking links, hashed as list identifiers, next to the
recipient's display name, and encoders split it with quoted-printable soft line breaks. A
redacted report must hold it in none of these forms, so each secret is matched loosely:

- each character may appear percent-encoded (``%40``) or quoted-printable-encoded (``=40``),
  quotes and ampersands also HTML- or JSON-escaped (``&quot;``, ``\\"``),
  a space also as ``+``, ``_`` or folding white space (soft line breaks, ``=`` CRLF, are
  removed from a text before it is matched: see ``inspector.report.redact_index``);
- base64 is matched by its *stable core* for each of the three alignments the address can
  have inside a longer encoded string: the characters that depend only on the address's own
  bits, so padding or neighbouring data cannot hide it (standard and URL-safe alphabets);
- MD5, SHA-1 and SHA-256 hex digests of the lower-cased address, as tracking ids.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from enum import Enum

#: Base64 cores shorter than this would match unrelated encoded data by chance.
MIN_BASE64_CORE = 8
#: Local parts and names shorter than this are too common as words to redact everywhere.
MIN_WORD = 3

_SPACE = r"(?:[ \t]*\r?\n[ \t]+|[ \t]+|\+|_|%20|=20)"
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"


#: How HTML and JSON write the characters an address may contain that they escape: rendered
#: report parts and JSON lines are redacted again once every recipient of a mailbox is known.
_ESCAPED = {
    '"': (r'\\"', "&quot;", "&#0*34;", "&#x0*22;"),
    "'": ("&#x0*27;", "&#0*39;", "&apos;"),
    "&": ("&amp;", "&#0*38;"),
    "\\": (r"\\\\",),
}


class SecretKind(Enum):
    """What a matched form stands for, which decides the token that replaces it."""

    ADDRESS = "address"
    VERP = "verp"
    LOCAL_PART = "local_part"
    DISPLAY_NAME = "display_name"
    ENCODED = "encoded"
    DIGEST = "digest"


def split_address(address: str) -> tuple[str, str]:
    """``(local part without quotes, domain)`` of ``local@domain``."""
    local, _, domain = address.rpartition("@")
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        local = local[1:-1]
    return local, domain


def domain_spellings(domain: str) -> set[str]:
    """The domain as written, and as IDNA (``xn--``) or Unicode where it converts."""
    spellings = {domain}
    if domain.startswith("["):
        return spellings
    with contextlib.suppress(UnicodeError):
        spellings.add(domain.encode("idna").decode("ascii"))
    with contextlib.suppress(UnicodeError):
        spellings.add(domain.encode("ascii").decode("idna"))
    return {s for s in spellings if s}


def address_spellings(address: str) -> set[str]:
    """``address`` with and without the quotes of its local part, each domain spelling."""
    written, _, _ = address.rpartition("@")
    local, domain = split_address(address)
    return {f"{lp}@{d}" for lp in {written, local} for d in domain_spellings(domain)}


def _char_pattern(char: str) -> str:
    if char.isascii() and char.isalnum():
        return char
    if char == " ":
        return _SPACE
    encoded = char.encode("utf-8")
    percent = "".join(f"%{b:02X}" for b in encoded)
    quoted_printable = "".join(f"={b:02X}" for b in encoded)
    escaped = _ESCAPED.get(char, ())
    return "(?:" + "|".join([re.escape(char), percent, quoted_printable, *escaped]) + ")"


def loose_pattern(text: str) -> str:
    """``text`` as a case-insensitive pattern that also matches it percent- or QP-encoded."""
    return "".join(_char_pattern(c) for c in text.lower())


def word_pattern(text: str) -> str:
    """Like ``loose_pattern`` but only as a whole word (not inside a longer name)."""
    return _WORD_START + loose_pattern(text) + _WORD_END


def base64_cores(text: str) -> set[str]:
    """The stable middle of ``text``'s base64 for each of its three possible alignments."""
    data = text.encode("utf-8")
    cores: set[str] = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data).decode("ascii")
        first = -(-shift * 8 // 6)  # the first character made of the data's bits alone
        end = (shift + len(data)) * 8 // 6
        core = encoded[first:end]
        cores.update({core, core.translate(str.maketrans("+/", "-_"))})
    return {c for c in cores if len(c) >= MIN_BASE64_CORE}


def base64_pattern(core: str) -> str:
    """A base64 core, case-sensitive, with ``+`` and ``/`` also percent-encoded."""
    body = "".join(
        "(?:\\+|%2[bB])" if c == "+" else "(?:/|%2[fF])" if c == "/" else re.escape(c) for c in core
    )
    return f"(?-i:{body})"


def digests(address: str) -> set[str]:
    data = address.lower().encode("utf-8")
    return {hashlib.new(name, data).hexdigest() for name in ("md5", "sha1", "sha256")}


def secret_patterns(address: str, display_name: str) -> list[tuple[SecretKind, str, str]]:
    """``(kind, text, pattern)`` for every form of one recipient's address and name."""
    local, domain = split_address(address)
    found: list[tuple[SecretKind, str, str]] = []
    for spelling in address_spellings(address):
        found.append((SecretKind.ADDRESS, spelling, loose_pattern(spelling)))
    for d in domain_spellings(domain):
        verp = f"{local}={d}"
        found.append((SecretKind.VERP, verp, loose_pattern(verp)))
    if len(local) >= MIN_WORD:
        found.append((SecretKind.LOCAL_PART, local, word_pattern(local)))
    name = " ".join(display_name.split())
    if len(name) >= MIN_WORD and "@" not in name:
        found.append((SecretKind.DISPLAY_NAME, name, word_pattern(name)))
    encoded_sources = {address, address.lower(), *({name} if len(name) >= MIN_WORD else set())}
    encoded_sources |= {s.lower() for s in address_spellings(address)} | address_spellings(address)
    for source in sorted(encoded_sources):
        for core in sorted(base64_cores(source)):
            found.append((SecretKind.ENCODED, core, base64_pattern(core)))
    for digest in sorted(digests(address)):
        found.append((SecretKind.DIGEST, digest, digest))
    return found
