"""The well-known brands (``inspector/data/brands.json``), the domains each owns, the free
webmail domains, and which brands a text names. A claim to be a brand is judged against this
catalogue: who owns a domain, which brand a display name or subject names.

Names are compared by their confusable skeleton (UTS #39 plus the folds phishers use: Cyrillic
``а`` for ``a``, ``rn`` for ``m``, digits for letters), so a disguised name still names its
brand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from inspector.data import load_json
from inspector.intel.confusables import skeleton as uts39_skeleton
from inspector.intel.org_domains import clean_domain, org_domain, public_suffix_of

#: A run of characters ``str.isalnum`` accepts: the pattern's word characters (the same
#: Unicode letter and number test) less the underscore.
ALNUM_RUN = re.compile(r"[^\W_]+")
_MAX_WORDS_TEXT = 300  # brand names are looked for in the first 300 characters of a text
# Brand labels that are ordinary words: matching them inside other names says nothing.
ORDINARY_WORD_LABELS = frozenset(
    {
        "apple", "target", "orange", "square", "visa", "discover", "signal", "delta",
        "united", "spectrum", "kraken", "steam", "chase", "meta", "wise", "max", "sky",
        "zoom", "slack", "uber", "canva", "caixa", "allegro", "posten", "post", "live",
        "office", "outlook", "cash", "ledger", "trust", "venmo", "xbox", "crypto", "okta",
        "wix", "booking", "expedia", "sony", "norton", "revolut", "bitpanda",
        "discord", "telegram", "twitch", "intuit", "canada", "service", "ripple", "exodus",
        "phantom",
    }
)  # fmt: skip
# Confusable characters folded to the Latin letter they imitate (after NFKD, which already
# strips accents). Digits that pass for letters are folded too.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "l",
        "ј": "j", "ԁ": "d", "ɡ": "g", "ѕ": "s", "ӏ": "l", "ү": "y", "к": "k", "м": "m",
        "т": "t", "н": "h", "в": "b", "ь": "b", "ԛ": "q", "ԝ": "w", "һ": "h", "ɩ": "l",
        "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "l", "κ": "k", "ε": "e",
        "υ": "u", "χ": "x", "ı": "l", "ł": "l", "ø": "o", "0": "o", "1": "l", "i": "l",
        "3": "e", "5": "s", "|": "l", "!": "l", "$": "s", "@": "a",
    }
)  # fmt: skip


def skeleton(text: str) -> str:
    """Fold a label to what it looks like: Unicode confusables mapped to their Latin
    prototypes (before any NFKC-style folding, which would hide them), accents dropped,
    i/l/1 and o/0 merged, rn -> m."""
    folded = uts39_skeleton(text).lower()
    if not folded.isascii():  # ASCII has no compatibility forms and no combining marks
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.translate(_CONFUSABLES)
    return folded.replace("rn", "m").replace("vv", "w")


@dataclass(frozen=True)
class Brand:
    name: str
    domains: tuple[str, ...]
    tokens: tuple[str, ...] = ()
    any_tld: bool = False  # owns its name under (nearly) every TLD: google.com.gi is real

    @property
    def labels(self) -> tuple[str, ...]:
        """The distinctive names: registrable labels of its domains plus extra tokens."""
        out: list[str] = []
        for d in self.domains:
            label = brand_label(d)
            if label and label not in out:
                out.append(label)
        out.extend(t for t in self.tokens if t not in out)
        return tuple(out)


def brand_label(domain: str) -> str:
    """``paypal`` for paypal.com, ``bankofamerica`` for bankofamerica.com."""
    org = org_domain(domain)
    suffix = public_suffix_of(org)
    if not suffix or org == suffix:
        return ""
    return org[: -len(suffix) - 1]


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[Brand, ...], frozenset[str]]:
    raw = load_json("brands.json")
    brands = tuple(
        Brand(
            str(b["brand"]),
            tuple(b["domains"]),
            tuple(b.get("tokens", ())),
            bool(b.get("any_tld", False)),
        )
        for b in raw["brands"]
    )
    return brands, frozenset(str(d) for d in raw["free_webmail"])


def brands() -> tuple[Brand, ...]:
    return _data()[0]


_ANY_TLD_WEBMAIL = frozenset({"yahoo", "hotmail", "gmx", "yandex", "outlook"})


def is_free_webmail(domain: str | None) -> bool:
    """gmail.com, yahoo.* and the like: anyone can get an address there."""
    d = clean_domain(domain)
    if not d:
        return False
    free = _data()[1]
    org = org_domain(d)
    if d in free or org in free:
        return True
    # brand_label is the part of org before its suffix: a webmail name must begin org
    return org.partition(".")[0] in _ANY_TLD_WEBMAIL and brand_label(d) in _ANY_TLD_WEBMAIL


def brand_of(domain: str | None) -> Brand | None:
    """The brand that owns ``domain`` (same organizational domain as one of its domains)."""
    return _brand_of(clean_domain(domain))


@lru_cache(maxsize=4096)
def _brand_of(d: str) -> Brand | None:
    """Cached per cleaned name (at most 253 characters): a miss compares the name with every
    brand domain, and several stages ask about the same From, signing and link domains."""
    if not d:
        return None
    owners = _owners()
    found = owners.get(org_domain(d))
    if found is not None:
        return found
    # the owner domains d ends in are its own dot-suffixes; the first listed wins
    ranked = _ranked_owners()
    labels = d.split(".")
    suffixes = (".".join(labels[i:]) for i in range(1, len(labels)))
    first = min((ranked[s] for s in suffixes if s in ranked), default=None)
    return first[1] if first is not None else None


@lru_cache(maxsize=1)
def _owners() -> dict[str, Brand]:
    """Brand domains (and their organizational domains) -> brand."""
    owners: dict[str, Brand] = {}
    for brand in brands():
        for own in brand.domains:
            owners.setdefault(own, brand)
            owners.setdefault(org_domain(own), brand)
    return owners


@lru_cache(maxsize=1)
def _ranked_owners() -> dict[str, tuple[int, Brand]]:
    """Owner domain -> (its position in ``_owners()``, the order they are tried in; brand)."""
    return {own: (rank, brand) for rank, (own, brand) in enumerate(_owners().items())}


def brands_named_in(text: str) -> tuple[Brand, ...]:
    """Brands whose name appears as a word in ``text`` (a display name, say). Ordinary-word
    brand names are left out: "Target" in a display name proves nothing."""
    return _brands_named_in(text[:_MAX_WORDS_TEXT])


@lru_cache(maxsize=1024)
def _brands_named_in(text: str) -> tuple[Brand, ...]:
    """Cached on the text actually read, for the display names and subjects that several
    stages read."""
    words = _words(text)
    squashed = "".join(words)
    whole, by_prefix = _brand_shapes()
    hits: set[int] = set()
    for word in set(words):
        hits.update(whole.get(word, ()))
    for start in range(len(squashed) - _INSIDE_WORD + 1):
        for shape, position in by_prefix.get(squashed[start : start + _INSIDE_WORD], ()):
            if squashed.startswith(shape, start):
                hits.add(position)
    every = brands()
    return tuple(dict.fromkeys(every[position] for position in sorted(hits)))


_INSIDE_WORD = 6  # a brand shape this long counts inside a longer run of words


@lru_cache(maxsize=1)
def _brand_shapes() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[tuple[str, int], ...]]]:
    """Each brand's distinctive label shapes, computed once (it takes some 250 public-suffix
    lookups; per message that was the costliest rule of all), as two indexes of brand
    positions: by whole shape (a word of the text), and the long shapes by their first
    letters (found inside the squashed text by looking up each position's prefix)."""
    whole: dict[str, list[int]] = {}
    by_prefix: dict[str, list[tuple[str, int]]] = {}
    for position, brand in enumerate(brands()):
        for label in brand.labels:
            if len(label) < 4 or label in ORDINARY_WORD_LABELS:
                continue
            shape = skeleton(label)
            whole.setdefault(shape, []).append(position)
            if len(shape) >= _INSIDE_WORD:
                by_prefix.setdefault(shape[:_INSIDE_WORD], []).append((shape, position))
    return (
        {shape: tuple(found) for shape, found in whole.items()},
        {prefix: tuple(found) for prefix, found in by_prefix.items()},
    )


def _words(text: str) -> list[str]:
    return ALNUM_RUN.findall(skeleton(text[:_MAX_WORDS_TEXT]))
