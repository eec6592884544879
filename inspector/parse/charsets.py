"""Text decoding for hostile mail: charsets (with the aliases mailers really use), header
bytes, RFC 2047 encoded-words, and making control and bidi-override characters visible.

Header parsing, the MIME walk and the index all need the same forgiving decoders. Written
here rather than using ``email.header`` because that raises on unknown charsets;
here every problem degrades to U+FFFD.
"""

from __future__ import annotations

import binascii
import codecs
import re

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*)\?=")
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BODY_UNSAFE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

_CHARSET_ALIASES = {
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "x-user-defined": "windows-1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "iso-10646-ucs-2": "utf-16-be",
    # WHATWG Encoding Standard: mailers label GBK text gb2312; GBK is its superset.
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "x-gbk": "gbk",
}


def _make_visible(char: re.Match[str]) -> str:
    code = ord(char.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def make_safe(text: str) -> str:
    """Show control and bidi-override characters as visible symbols instead of acting on them
    (a RIGHT-TO-LEFT OVERRIDE in a display name would reorder what the reader sees)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, answered at C speed: no control character at all
    return _UNSAFE.sub(_make_visible, text) if _UNSAFE.search(text) else text


#: The controls a body keeps (tab, line feed, form feed, carriage return).
_BODY_CONTROLS = b"\t\n\x0c\r"


def make_safe_body(text: str) -> str:
    """Bodies keep newlines and tabs; other controls and bidi overrides become visible."""
    if text.isascii() and (
        text.encode("ascii").translate(None, _BODY_CONTROLS).decode("ascii").isprintable()
    ):
        return text  # plain ASCII answered by three C passes, where the pattern tests each char
    return _BODY_UNSAFE.sub(_make_visible, text) if _BODY_UNSAFE.search(text) else text


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the named charset; unknown, unsafe or broken ones fall back to UTF-8 with
    replacement characters. Never raises."""
    name = (charset or "utf-8").strip().strip('"').lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
        if not info._is_text_encoding:
            raise LookupError(name)
    except Exception:
        return data.decode("utf-8", "replace")
    try:
        return data.decode(info.name)
    except UnicodeDecodeError:
        pass
    try:
        # The label lies, but the bytes are valid UTF-8 (common with iso-2022-jp labels).
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(info.name, "replace")


def bytes_to_str(data: bytes) -> str:
    """Header bytes: ASCII, else UTF-8 (RFC 6532), else Windows-1252 as mailers really send."""
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


def _decode_word(encoding: str, text: str) -> bytes | None:
    raw = text.encode("utf-8", "replace")
    try:
        if encoding in "bB":
            raw = raw.rstrip(b"=")
            return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4))
        return binascii.a2b_qp(raw, header=True)
    except (binascii.Error, ValueError):
        return None


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words. Adjacent words are joined before decoding (a multibyte
    character may be split across them) and the whitespace between them dropped. The value is
    cut by one ``split`` (text, then charset, encoding and data of each word) rather than
    a match object per word: long headers hold a hundred words."""
    if "=?" not in value:
        return value
    pieces = _ENCODED_WORD.split(value)
    out: list[str] = []
    pending: list[bytes] = []
    pending_cs: str | None = None
    after_word = False
    for at in range(1, len(pieces), 4):
        gap = pieces[at - 1]
        if not (after_word and not gap.strip()):
            if pending_cs is not None:
                out.append(decode_bytes(b"".join(pending), pending_cs))
                pending, pending_cs = [], None
            out.append(gap)
        label, encoding, text = pieces[at : at + 3]
        charset = label.split("*", 1)[0].lower()
        data = _decode_word(encoding, text)
        if pending_cs is not None and (data is None or charset != pending_cs):
            out.append(decode_bytes(b"".join(pending), pending_cs))
            pending, pending_cs = [], None
        if data is None:
            out.append(f"=?{label}?{encoding}?{text}?=")
            after_word = False
        else:
            pending.append(data)
            pending_cs = charset
            after_word = True
    if pending_cs is not None:
        out.append(decode_bytes(b"".join(pending), pending_cs))
    out.append(pieces[-1])
    return "".join(out)
