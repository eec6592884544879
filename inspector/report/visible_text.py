r"""Text that can always be printed or encoded, with undecodable bytes shown rather than lost.

On Linux a file name is bytes; Python hands over the ones that are not UTF-8 as lone
surrogates (``surrogateescape``: byte 0xff becomes U+DCFF). Such a string cannot be encoded to
UTF-8 (JSON, HTML and PDF files and an ordinary terminal raise UnicodeEncodeError) and Qt drops
the characters silently, so a name would print as a different, existing-looking name. Every
output shows them as ``\xff``, the way Python and ``ls -b`` write a raw byte; other lone
surrogates (from malformed text) as ``\udxxx``.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every lone surrogate replaced by a visible backslash escape."""
    if text.isascii():
        return text
    return _SURROGATE.sub(_escape, text)
