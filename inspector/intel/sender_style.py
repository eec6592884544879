"""Marks a bulk-sending tool leaves that a mail program never does, and text disguised so
filters cannot read it: a space inside the From address's brackets, generated
``First_Last_12345`` addresses, a random token as X-Mailer, look-alike or invisible
characters hiding words in the Subject or display name, and a From domain on a TLD that
cheap throwaway registrations favour. All read from the headers, no network.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from inspector.data import load_json
from inspector.model.evidence import SenderStyleFact
from inspector.model.message import ParsedMessage

_TRAILING_SPACE = re.compile(r"<[^<>\s]+@[^<>\s]+\s+>")
_NUMBERED = re.compile(r"^[A-Za-z]+(?:_[A-Za-z0-9]+)+_\d{3,}$")
_TOKEN = re.compile(r"^[A-Za-z]{3,12}$")
_ODD_CASE = re.compile(r"[a-z][A-Z]{2}|[a-z][A-Z]$|^[A-Z]{2}[a-z]")
#: Single-word mailers whose odd capitals are their real name.
_KNOWN_MAILERS = frozenset({"kmail", "phpmailer", "iphone", "ipad", "vbulletin", "swiftmailer"})
#: Characters that draw nothing or change nothing a reader sees: used to split words so
#: filters do not recognise them (zero-width, joiners, direction marks, soft hyphen, CGJ).
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def risky_tlds() -> frozenset[str]:
    data = load_json("risky_tlds.json")
    return frozenset(str(t).lower() for t in data["tlds"])


@cache
def _multi_label_endings() -> tuple[str, ...]:
    """ ".co.uk"-style entries as endings, for one test before they are searched in order."""
    return tuple("." + t for t in risky_tlds() if "." in t)


def random_mailer(value: str | None) -> str | None:
    """The X-Mailer when it is one short token with capitals where no product name has them
    (``nvIDx``, ``LPrwZ``): a generator's random string, not a mail program."""
    if not value:
        return None
    token = value.strip()
    if not _TOKEN.match(token) or token.lower() in _KNOWN_MAILERS:
        return None
    return token if _ODD_CASE.search(token) else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def obfuscation(text: str | None) -> str:
    """Why ``text`` hides its words ("" when it does not): mathematical alphanumeric letters
    (U+1D400-1D7FF) that render as bold or script Latin, invisible characters inside it, or
    a word that mixes Latin with Cyrillic or Greek letters."""
    if text is not None and len(text) > _CACHED_TEXT:
        return _obfuscation(text)
    return _cached_obfuscation(text)


_CACHED_TEXT = 1000  # longer texts are rare and would make the cache large


def _obfuscation(text: str | None) -> str:
    if not text or text.isascii():
        return ""  # every disguise above is made of characters outside ASCII
    if any("\U0001d400" <= ch <= "\U0001d7ff" for ch in text):
        return "mathematical alphanumeric letters in place of plain ones"
    hidden = sorted({f"U+{ord(ch):04X}" for ch in text if ch in _INVISIBLE})
    if hidden:
        return "invisible characters (" + ", ".join(hidden[:4]) + ")"
    for word in _WORD.findall(text):
        scripts = {_script(ch) for ch in word if ch.isalpha()}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK", "ARMENIAN"}:
            return f"a word mixing Latin with {', '.join(sorted(scripts - {'LATIN'}))} letters"
    return ""


#: Cached for the display names and subjects a mailbox repeats: the script test looks up
#: every letter's Unicode name.
_cached_obfuscation = lru_cache(maxsize=1024)(_obfuscation)


def sender_style(pm: ParsedMessage) -> SenderStyleFact:
    raw_from = " ".join(
        h.value + " " + h.raw.decode("latin-1", "replace") for h in pm.get_all("From")
    )
    local = pm.from_[0].address.rpartition("@")[0] if pm.from_ else ""
    domain = pm.from_[0].domain if pm.from_ else ""
    hidden = []
    for where, text in (("Subject", pm.subject), ("display name", _display(pm))):
        why = obfuscation(text)
        if why:
            hidden.append(f"{where}: {why}")
    tld = domain.rpartition(".")[2] if "." in domain else ""
    multi = None
    if domain.endswith(_multi_label_endings()):
        multi = next((t for t in risky_tlds() if domain.endswith("." + t) and "." in t), None)
    cheap = multi or (tld if tld in risky_tlds() else None)
    return SenderStyleFact(
        from_trailing_space=bool(_TRAILING_SPACE.search(raw_from)),
        numbered_local_part=local if _NUMBERED.match(local) else None,
        random_mailer=random_mailer(pm.get("X-Mailer")),
        obfuscated=tuple(hidden),
        cheap_tld=cheap,
    )


def _display(pm: ParsedMessage) -> str:
    return pm.from_[0].display_name if pm.from_ else ""
