"""Domains made to look like a well-known brand's, free-webmail domains, org domains.

A phishing From domain rarely copies a brand exactly (DMARC stops that); it imitates it:
one letter changed (``paypa1.com``), a confusable glyph (``rn`` for ``m``, Cyrillic ``а``),
an IDN that renders like the brand (``xn--...``), the brand inside another domain's
subdomain (``paypal.com.secure-login.example``) or name (``paypal-security.com``), or the
brand's name under another TLD (``paypal.co``). The brand list is data
(``inspector/data/brands.json``).

Written here because no maintained PyPI package does brand lookalike detection offline; the
registrable (organizational) domain comes from ``publicsuffixlist``, which ships the list
and never goes online.
"""

from __future__ import annotations

import contextlib
import ipaddress
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from inspector.auth.orgdomain import public_suffix_list
from inspector.data import load_json
from inspector.intel.confusables import skeleton as uts39_skeleton

_MAX_DOMAIN = 253
_K = TypeVar("_K")
_MAX_WORDS_TEXT = 300  # brand names are looked for in the first 300 characters of a text
# Brand labels that are ordinary words: matching them inside other names says nothing.
_COMMON_WORDS = frozenset(
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


def _clean(domain: str | None) -> str:
    return (domain or "").strip().strip(".").lower()[:_MAX_DOMAIN]


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def org_domain(domain: str | None) -> str:
    """The registrable (organizational) domain, RFC 7489 style; the input itself when the
    list has no answer (a bare suffix, an IP address, a single label)."""
    d = _clean(domain)
    if not d or _is_ip(d):
        return d
    try:
        found = public_suffix_list().privatesuffix(d)
    except Exception:  # hostile labels must not break the analysis
        found = None
    return found or d


def same_org(a: str | None, b: str | None) -> bool:
    """Do two domains belong to the same organizational domain?"""
    return bool(a) and bool(b) and org_domain(a) == org_domain(b)


def _suffix(domain: str) -> str:
    try:
        return public_suffix_list().publicsuffix(domain) or ""
    except Exception:  # as above
        return ""


def _under_known_tld(domain: str) -> bool:
    try:
        return public_suffix_list().publicsuffix(domain, accept_unknown=False) is not None
    except Exception:  # hostile labels must not break the analysis
        return False


def to_unicode(domain: str) -> str:
    """Decode ``xn--`` labels for display and comparison; undecodable labels stay as given."""
    labels = []
    for label in _clean(domain).split("."):
        shown = label
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):
                shown = label.encode("ascii").decode("idna")
        labels.append(shown)
    return ".".join(labels)


def skeleton(text: str) -> str:
    """Fold a label to what it looks like: Unicode confusables mapped to their Latin
    prototypes (before any NFKC-style folding, which would hide them), accents dropped,
    i/l/1 and o/0 merged, rn -> m."""
    folded = unicodedata.normalize("NFKD", uts39_skeleton(text).lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.translate(_CONFUSABLES)
    return folded.replace("rn", "m").replace("vv", "w")


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment), giving up at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


# --------------------------------------------------------------------------- data


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
            label = _label(d)
            if label and label not in out:
                out.append(label)
        out.extend(t for t in self.tokens if t not in out)
        return tuple(out)


def _label(domain: str) -> str:
    """``paypal`` for paypal.com, ``bankofamerica`` for bankofamerica.com."""
    org = org_domain(domain)
    suffix = _suffix(org)
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
    d = _clean(domain)
    if not d:
        return False
    free = _data()[1]
    return d in free or org_domain(d) in free or _label(d) in _ANY_TLD_WEBMAIL


def brand_of(domain: str | None) -> Brand | None:
    """The brand that owns ``domain`` (same organizational domain as one of its domains)."""
    return _brand_of(_clean(domain))


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
            if len(label) < 4 or label in _COMMON_WORDS:
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
    folded = skeleton(text[:_MAX_WORDS_TEXT])
    out: list[str] = []
    cur = ""
    for ch in folded:
        if ch.isalnum():
            cur += ch
        elif cur:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- lookalikes


@dataclass(frozen=True)
class Lookalike:
    """``domain`` imitates ``imitates`` (a domain of ``brand``) by ``technique``:
    homoglyph, idn, tld-swap, subdomain, combo, typo."""

    domain: str
    imitates: str
    brand: str
    technique: str
    detail: str


@dataclass(frozen=True)
class _Target:
    brand: str
    own: str
    label: str
    shape: str
    suffix: str
    common: bool
    chars: frozenset[str] = frozenset()
    any_tld: bool = False


@lru_cache(maxsize=1)
def _targets() -> tuple[_Target, ...]:
    """Every brand domain with its label and skeleton, computed once."""
    out: list[_Target] = []
    for brand in brands():
        for own in brand.domains:
            label = _label(own)
            if label:
                suffix = own[len(label) + 1 :] if own.startswith(label + ".") else ""
                common = label in _COMMON_WORDS
                shape = skeleton(label)
                out.append(
                    _Target(
                        brand.name,
                        own,
                        label,
                        shape,
                        suffix,
                        common,
                        frozenset(label),
                        brand.any_tld,
                    )
                )
    return tuple(out)


@lru_cache(maxsize=4096)
def find_lookalike(domain: str | None) -> Lookalike | None:
    """The well-known domain this one imitates, or None (also None for the brand's own)."""
    return _find_lookalike(_clean(domain))


@lru_cache(maxsize=8192)
def _find_lookalike(d: str) -> Lookalike | None:
    """Cached per domain: a mailbox names the same senders and link domains again and
    again, and each new name is compared with every brand. A name under no top-level domain
    that exists (``santander.com.brou``, a typo in a real bank's link text) cannot be
    registered, so nobody imitates anyone with it: it is a broken link, not a lookalike."""
    if not d or "." not in d or _is_ip(d) or brand_of(d) is not None or is_free_webmail(d):
        return None
    if not _under_known_tld(d):
        return None
    org = org_domain(d)
    suffix = _suffix(org)
    label = org[: -len(suffix) - 1] if suffix and org != suffix else org.split(".")[0]
    uni_label = to_unicode(label)
    sub_labels = d[: -len(org)].strip(".").split(".") if d != org else []
    seen = _Seen(
        domain=d,
        label=uni_label,
        shape=skeleton(uni_label),
        suffix=suffix,
        sub_labels=sub_labels,
        idn=to_unicode(d) != d,
        chars=frozenset(uni_label),
        sub_text=".".join(sub_labels),
        parts=tuple(uni_label.split("-")),
    )
    targets = _targets()
    for position in _candidates(seen):
        found = _compare(seen, targets[position])
        if found:
            technique, detail = found
            target = targets[position]
            return Lookalike(d, target.own, target.brand, technique, detail)
    return None


@dataclass(frozen=True)
class _TargetIndex:
    """Positions in ``_targets()`` by what ``_compare`` tests, so a new domain is compared
    with the few targets that can match instead of all of them."""

    by_shape: dict[str, tuple[int, ...]]
    by_label: dict[str, tuple[int, ...]]
    typo_by_length: dict[int, tuple[int, ...]]  # targets the typo test applies to


@lru_cache(maxsize=1)
def _target_index() -> _TargetIndex:
    by_shape: dict[str, list[int]] = {}
    by_label: dict[str, list[int]] = {}
    by_length: dict[int, list[int]] = {}
    for position, target in enumerate(_targets()):
        by_shape.setdefault(target.shape, []).append(position)
        by_label.setdefault(target.label, []).append(position)
        if not target.common and len(target.label) >= 5:
            by_length.setdefault(len(target.label), []).append(position)

    def frozen(index: dict[_K, list[int]]) -> dict[_K, tuple[int, ...]]:
        return {key: tuple(positions) for key, positions in index.items()}

    return _TargetIndex(frozen(by_shape), frozen(by_label), frozen(by_length))


def _candidates(seen: _Seen) -> list[int]:
    """The targets ``_compare`` can match, in ``_targets()`` order (the first match wins):
    same shape (homoglyph, idn), a label equal to the domain's label or one of its words
    (tld-swap, combo, brand subdomain), a domain inside its subdomain, or, for the typo test,
    a label within the edit limit in length and letters used."""
    index = _target_index()
    found = set(index.by_shape.get(seen.shape, ()))
    for word in {seen.label, *seen.parts, *seen.sub_labels}:
        found.update(index.by_label.get(word, ()))
    targets = _targets()
    if "." in seen.sub_text:  # every target domain has a dot (it has a public suffix)
        found.update(i for i, t in enumerate(targets) if t.own in seen.sub_text)
    size = len(seen.label)
    for length in range(size - 2, size + 3):
        limit = 2 if length >= 9 else 1
        if abs(size - length) > limit:
            continue
        for position in index.typo_by_length.get(length, ()):
            if len(seen.chars ^ targets[position].chars) <= 2 * limit:
                found.add(position)
    return sorted(found)


@dataclass(frozen=True)
class _Seen:
    """The domain under test, taken apart once."""

    domain: str
    label: str
    shape: str
    suffix: str
    sub_labels: list[str]
    idn: bool
    chars: frozenset[str] = frozenset()
    sub_text: str = ""  # the subdomain labels joined again, for substring tests
    parts: tuple[str, ...] = ()  # the label's hyphenated words


def _compare(seen: _Seen, t: _Target) -> tuple[str, str] | None:
    domain, label = seen.domain, seen.label
    if len(t.label) >= 4 and label != t.label and seen.shape == t.shape:
        technique = "idn" if seen.idn else "homoglyph"
        how = "an internationalised name that renders" if seen.idn else "characters that look"
        return technique, f"{domain} uses {how} like {t.own}"
    if label == t.label and t.any_tld:
        return None
    if label == t.label and not t.common and len(t.label) >= 4 and seen.suffix != t.suffix:
        return "tld-swap", f"{domain} is {t.label} under .{seen.suffix} instead of {t.own}"
    if t.own in seen.sub_text and _contains_labels(seen.sub_labels, t.own.split(".")):
        return "subdomain", f"{t.own} appears inside the subdomain of another domain ({domain})"
    if not t.common and len(t.label) >= 5:
        parts = seen.parts
        if len(parts) > 1 and t.label in parts:
            return "combo", f"{domain} joins the brand name {t.label} with other words"
        if t.label in seen.sub_labels:
            return "subdomain", f"the brand name {t.label} is a subdomain of {domain}"
        limit = 2 if len(t.label) >= 9 else 1
        # each edit changes at most two letters of the alphabet used: a cheap pre-filter
        if abs(len(label) - len(t.label)) <= limit and len(seen.chars ^ t.chars) <= 2 * limit:
            dist = edit_distance(label, t.label, limit + 1)
            if 0 < dist <= limit:
                return "typo", f"{domain} differs from {t.own} by {dist} character(s)"
    return None


def _contains_labels(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
