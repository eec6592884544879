"""Which recipients a piece of text may mention, in time linear in its length.

Matching every loose form of every recipient at every position of every string costs
(recipients x forms x text) and made redacting a mailbox take seconds per message. Instead
each form is keyed by an *anchor*, its longest run of ASCII letters and digits (percent- and
quoted-printable encoding never touch those), and a text is cut into such runs and looked up:
only recipients whose anchor occurs have their patterns run on it. Base64 runs are decoded at
each of the four offsets and in both alphabets, so an address encoded inside a longer string
is found by its anchor too (runs shorter than 12 characters, or that read as one word, are
not base64 of an address); hex digests are runs themselves.
"""

from __future__ import annotations

import base64
import binascii
import re

_RUN = re.compile(r"[a-z0-9]+")
_BASE64_RUN = re.compile(r"(?:[A-Za-z0-9+/_-]|%2[bBfF]){12,}")
_NOT_A_WORD = re.compile(r"[0-9+/_%-]|[A-Z].*[A-Z]")  # a word has at most its first capital
_SOFT_BREAK = re.compile(r"=\r?\n")
_HEX_PAIR = re.compile(r"[0-9a-f]{2}")
_MIN_ANCHOR = 2
_MIN_ENCODED_ANCHOR = 3


def anchor(text: str) -> str | None:
    """The longest ASCII letter-and-digit run of ``text`` (lower case), None if too short."""
    runs = _RUN.findall(text.lower())
    best = max(runs, key=len, default="")
    return best if len(best) >= _MIN_ANCHOR else None


_URL_SAFE = str.maketrans("-_", "+/")


def _decoded_variants(run: str) -> list[str]:
    """``run`` decoded as base64 from each of its first four offsets (either alphabet: the
    URL-safe one is mapped onto the standard one, as no run mixes them)."""
    if "%" in run:
        run = run.replace("%2B", "+").replace("%2b", "+").replace("%2F", "/").replace("%2f", "/")
    run = run.translate(_URL_SAFE)
    texts: list[str] = []
    for offset in range(4):
        chunk = run[offset:]
        chunk = chunk[: len(chunk) - len(chunk) % 4]
        if not chunk:
            continue
        try:
            data = base64.b64decode(chunk)
        except (binascii.Error, ValueError):
            continue
        texts.append(data.decode("utf-8", "ignore").lower())
    return texts


class AnchorIndex:
    """Anchor -> the numbers of the recipients that have a form with that anchor."""

    def __init__(self) -> None:
        self._by_anchor: dict[str, set[int]] = {}
        self._by_encoded_anchor: dict[str, set[int]] = {}
        self._always: set[int] = set()  # recipients with a form that has no usable anchor
        self._always_encoded: set[int] = set()

    def add(self, text: str, number: int) -> None:
        key = anchor(text)
        if key is None:
            self._always.add(number)
        else:
            self._by_anchor.setdefault(key, set()).add(number)

    def add_encoded(self, text: str, number: int) -> None:
        """Index ``text`` for base64 detection. A base64 fragment that starts or ends inside
        the text decodes without up to two of its bytes at either end, so the anchor is also
        indexed with one or two characters cut from either end."""
        key = anchor(text)
        if key is None:
            self._always_encoded.add(number)
            return
        variants = {key, key[1:], key[2:], key[:-1], key[:-2]}
        for variant in variants:
            if len(variant) >= _MIN_ENCODED_ANCHOR or variant == key:
                self._by_encoded_anchor.setdefault(variant, set()).add(number)

    def _lookup(self, text: str, found: set[int], *, encoded: bool = False) -> None:
        by_anchor = self._by_encoded_anchor if encoded else self._by_anchor
        for run in _RUN.findall(text):
            hits = by_anchor.get(run)
            if hits:
                found |= hits
            # "%40client" or "=40client": an encoded character glues its hex digits on
            if len(run) > 2 and _HEX_PAIR.match(run):
                hits = by_anchor.get(run[2:])
                if hits:
                    found |= hits

    def candidates(self, text: str) -> tuple[set[int], set[int]]:
        """Recipients ``text`` may mention written out (percent- or QP-encoded included), and
        those it may mention base64-encoded: supersets that never miss an anchor."""
        plain = set(self._always)
        encoded = set(self._always_encoded)
        if not self._by_anchor or not text:
            return plain, encoded
        lowered = text.lower()
        self._lookup(unbroken(lowered), plain)
        for run in _BASE64_RUN.findall(text):
            if not _NOT_A_WORD.search(run):
                continue
            for decoded in _decoded_variants(run):
                self._lookup(decoded, encoded, encoded=True)
        return plain, encoded


def unbroken(text: str) -> str:
    """``text`` without quoted-printable soft line breaks (``=`` at the end of a line)."""
    return _SOFT_BREAK.sub("", text) if "=\n" in text or "=\r\n" in text else text
