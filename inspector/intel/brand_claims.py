"""Which brand a display name or subject claims, and whether it is written in disguise.

A brand whose name is an ordinary word (Apple, Ledger, Target) says nothing inside running
text, so ``lookalike.brands_named_in`` leaves it out. In a display name it is another
matter: "Apple ID", "Ledger" or "Ledger Support" is a brand claim. Such brands count here
when the name consists of the brand plus only account or service words.

Matching runs on confusable skeletons (UTS #39, ``inspector.intel.confusables``) of the
visible text, so "Ꮇicrosoft", "Ϲoіոbаѕе", "MetɑMɑsk" and "Iedger" name their brands. A
brand that the skeleton finds but a plain reading does not is written in disguise: honest
senders spell their own name with ordinary letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from inspector.intel.brands import ALNUM_RUN, Brand, brands, brands_named_in, skeleton
from inspector.intel.confusables import (
    hidden_characters,
    is_disguise_char,
    plain_fold,
    visible,
)

_MAX_TEXT = 300
_SEPARATORS = re.compile(r"[\s\-_.,:;/'’&+()\[\]|]+")
_MIN_LABEL = 4  # shorter names (AAA, BT, UPS) match ordinary words and initials
#: Words that go with a brand name in a sender's name without changing who it claims to be.
_SERVICE_WORDS = frozenset(
    {
        "account", "accounts", "alert", "alerts", "app", "billing", "care", "center", "centre",
        "customer", "help", "helpdesk", "id", "info", "llc", "ltd", "inc", "no", "noreply",
        "notice", "notification", "notifications", "official", "online", "pay", "recovery",
        "reply", "secure", "security", "service", "services", "support", "team", "update",
        "updates", "verification", "verify", "wallet", "live", "store", "desk", "safety",
    }
)  # fmt: skip


@dataclass(frozen=True)
class BrandClaim:
    """``brand`` is named in the text; ``disguised`` when only its skeleton matches, with
    the look-alike characters that did it (empty for an I written for an l)."""

    brand: Brand
    disguised: bool
    characters: tuple[str, ...] = ()


def _words(shown: str) -> list[tuple[str, str]]:
    """Alphanumeric runs of the visible text: (as a filter reads it, skeleton)."""
    return [(plain_fold(word), skeleton(word)) for word in ALNUM_RUN.findall(shown)]


@lru_cache(maxsize=1)
def _label_shapes() -> tuple[tuple[Brand, str, str], ...]:
    """(brand, label, its skeleton) for every brand label, computed once."""
    return tuple(
        (brand, label, skeleton(label))
        for brand in brands()
        for label in brand.labels
        if len(label) >= _MIN_LABEL and label.isalnum()
    )


@lru_cache(maxsize=1)
def _labels_by_shape() -> dict[str, tuple[tuple[Brand, str], ...]]:
    """Skeleton -> (brand, label) of every brand label with that skeleton, in
    ``_label_shapes()`` order: a word is looked up, not compared with every label."""
    index: dict[str, list[tuple[Brand, str]]] = {}
    for brand, label, shape in _label_shapes():
        index.setdefault(shape, []).append((brand, label))
    return {shape: tuple(entries) for shape, entries in index.items()}


def _as_whole_name(words: list[tuple[str, str]]) -> list[Brand]:
    """Brands that the name consists of, give or take service words ("Apple ID")."""
    service = _service_shapes()
    rest = [shape for _plain, shape in words if shape not in service]
    if len(rest) not in (1, 2):
        return []
    joined = "".join(rest)
    return list(dict.fromkeys(brand for brand, _label in _labels_by_shape().get(joined, ())))


def _disguised_words(words: list[tuple[str, str]]) -> list[Brand]:
    """Brands one word imitates while not being spelt as the brand: "Ꮇicrosoft", "Iedger".
    Counted anywhere, even for ordinary-word brands: nobody disguises an ordinary word."""
    found: list[Brand] = []
    index = _labels_by_shape()
    for plain, shape in words:
        for brand, label in index.get(shape, ()):
            if plain != label and brand not in found:
                found.append(brand)
    return found


@lru_cache(maxsize=1)
def _service_shapes() -> frozenset[str]:
    return frozenset(skeleton(w) for w in _SERVICE_WORDS)


def claimed_brands(text: str, *, as_name: bool) -> tuple[BrandClaim, ...]:
    """Brands that ``text`` names. ``as_name`` for a display name, where a brand that is an
    ordinary word counts when the name is that word plus service words."""
    return _claimed_brands(text[:_MAX_TEXT], as_name)


@lru_cache(maxsize=1024)
def _claimed_brands(text: str, as_name: bool) -> tuple[BrandClaim, ...]:
    """Cached on the text actually read: rules read the same display name and subject
    several times per message, a mailbox repeats its senders, and every call compares the
    text with every brand."""
    seen = visible(text)
    words = _words(seen)
    found = list(brands_named_in(seen))
    if as_name:
        found += [b for b in _as_whole_name(words) if b not in found]
    found += [b for b in _disguised_words(words) if b not in found]
    plain = _SEPARATORS.sub("", plain_fold(text))
    odd = () if seen.isascii() else tuple(dict.fromkeys(c for c in seen if is_disguise_char(c)))
    odd += hidden_characters(text)
    claims: list[BrandClaim] = []
    for brand in found:
        labels = [label for label in brand.labels if label.isalnum()]
        shown = not labels or any(label in plain for label in labels)
        claims.append(BrandClaim(brand, not shown, () if shown else odd))
    return tuple(claims)
