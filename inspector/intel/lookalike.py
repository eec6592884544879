"""Domains made to look like a well-known brand's.

A phishing From domain rarely copies a brand exactly (DMARC stops that); it imitates it:
one letter changed (``paypa1.com``), a confusable glyph (``rn`` for ``m``, Cyrillic ``а``),
an IDN that renders like the brand (``xn--...``), the brand inside another domain's
subdomain (``paypal.com.secure-login.example``) or name (``paypal-security.com``), or the
brand's name under another TLD (``paypal.co``). The brands are ``inspector.intel.brands``.

Written here because no maintained PyPI package does brand lookalike detection offline.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from inspector.intel.brands import (
    ORDINARY_WORD_LABELS,
    brand_label,
    brand_of,
    brands,
    is_free_webmail,
    skeleton,
)
from inspector.intel.org_domains import (
    clean_domain,
    is_ip_literal,
    org_domain,
    public_suffix_of,
    under_known_tld,
)

_K = TypeVar("_K")


def to_unicode(domain: str) -> str:
    """Decode ``xn--`` labels for display and comparison; undecodable labels stay as given."""
    labels = []
    for label in clean_domain(domain).split("."):
        shown = label
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):
                shown = label.encode("ascii").decode("idna")
        labels.append(shown)
    return ".".join(labels)


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


def _one_edit_apart(a: str, b: str) -> bool:
    """Exactly one substitution, insertion, deletion or swap of neighbours apart (an
    optimal-string-alignment distance of 1), found from the first difference by comparing
    the rests: the typo test of the short brand labels, without the distance table."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    shared = min(len(a), len(b))
    first = next((i for i in range(shared) if a[i] != b[i]), shared)
    if len(a) == len(b):
        if a[first + 1 :] == b[first + 1 :]:
            return True
        return (
            a[first] == b[first + 1]
            and a[first + 1] == b[first]
            and a[first + 2 :] == b[first + 2 :]
        )
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[first + 1 :] == shorter[first:]


def _edits_apart(a: str, b: str) -> int:
    """The optimal-string-alignment distance when it is at most two, else 3: the first
    difference is undone each way an edit can (substitution, deletion, insertion, swap of
    neighbours) and the rests must be one edit apart. The typo test of the long brand labels
    asks this of every name that passes the letter screen."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 2:
        return 3
    if _one_edit_apart(a, b):
        return 1
    shared = min(len(a), len(b))
    first = next((i for i in range(shared) if a[i] != b[i]), shared)
    rests = [(a[first + 1 :], b[first + 1 :]), (a[first + 1 :], b[first:])]
    rests.append((a[first:], b[first + 1 :]))
    if first + 1 < shared and a[first] == b[first + 1] and a[first + 1] == b[first]:
        rests.append((a[first + 2 :], b[first + 2 :]))
    return 2 if any(x == y or _one_edit_apart(x, y) for x, y in rests) else 3


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
    letters: int | None = None  # ``letter_mask`` of the label


@lru_cache(maxsize=1)
def _targets() -> tuple[_Target, ...]:
    """Every brand domain with its label and skeleton, computed once."""
    out: list[_Target] = []
    for brand in brands():
        for own in brand.domains:
            label = brand_label(own)
            if label:
                suffix = own[len(label) + 1 :] if own.startswith(label + ".") else ""
                common = label in ORDINARY_WORD_LABELS
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
                        letter_mask(label),
                    )
                )
    return tuple(out)


@lru_cache(maxsize=4096)
def find_lookalike(domain: str | None) -> Lookalike | None:
    """The well-known domain this one imitates, or None (also None for the brand's own)."""
    return _find_lookalike(clean_domain(domain))


@lru_cache(maxsize=8192)
def _find_lookalike(d: str) -> Lookalike | None:
    """Cached per domain: a mailbox names the same senders and link domains again and
    again, and each new name is compared with every brand. A name under no top-level domain
    that exists (``santander.com.brou``, a typo in a real bank's link text) cannot be
    registered, so nobody imitates anyone with it: it is a broken link, not a lookalike."""
    if not d or "." not in d or is_ip_literal(d) or brand_of(d) is not None or is_free_webmail(d):
        return None
    if not under_known_tld(d):
        return None
    org = org_domain(d)
    suffix = public_suffix_of(org)
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
        letters=letter_mask(uni_label),
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
    by_own: dict[str, tuple[int, ...]]  # the brand domain itself, for the subdomain test
    own_labels: int  # the most labels a brand domain has
    typo_by_length: dict[int, tuple[int, ...]]  # targets the typo test applies to


@lru_cache(maxsize=1)
def _target_index() -> _TargetIndex:
    by_shape: dict[str, list[int]] = {}
    by_label: dict[str, list[int]] = {}
    by_own: dict[str, list[int]] = {}
    by_length: dict[int, list[int]] = {}
    for position, target in enumerate(_targets()):
        by_shape.setdefault(target.shape, []).append(position)
        by_label.setdefault(target.label, []).append(position)
        by_own.setdefault(target.own, []).append(position)
        if not target.common and len(target.label) >= 5:
            by_length.setdefault(len(target.label), []).append(position)

    def frozen(index: dict[_K, list[int]]) -> dict[_K, tuple[int, ...]]:
        return {key: tuple(positions) for key, positions in index.items()}

    own_labels = max((own.count(".") + 1 for own in by_own), default=0)
    return _TargetIndex(
        frozen(by_shape), frozen(by_label), frozen(by_own), own_labels, frozen(by_length)
    )


def _candidates(seen: _Seen) -> list[int]:
    """The targets ``_compare`` can match, in ``_targets()`` order (the first match wins):
    same shape (homoglyph, idn), a label equal to the domain's label or one of its words
    (tld-swap, combo, brand subdomain), a domain whose labels run inside its subdomain's
    (looked up per run of labels, as long as a brand domain has, not searched for in every
    target), or, for the typo test, a label within the edit limit in length and letters
    used."""
    index = _target_index()
    found = set(index.by_shape.get(seen.shape, ()))
    for word in {seen.label, *seen.parts, *seen.sub_labels}:
        found.update(index.by_label.get(word, ()))
    targets = _targets()
    if "." in seen.sub_text:  # every target domain has a dot (it has a public suffix)
        labels = seen.sub_labels
        for start in range(len(labels)):
            for stop in range(start + 1, min(len(labels), start + index.own_labels) + 1):
                found.update(index.by_own.get(".".join(labels[start:stop]), ()))
    masks, others = _typo_screens(len(seen.label))
    letters = seen.letters
    if letters is not None:
        found.update(
            position
            for position, mask, most_apart in masks
            if (letters ^ mask).bit_count() <= most_apart
        )
        near = others
    else:
        near = tuple(position for position, _mask, _most in masks) + others
    for position in near:
        target = targets[position]
        if _letters_apart(seen, target) <= 2 * _typo_limit(target):
            found.add(position)
    return sorted(found)


def _typo_limit(target: _Target) -> int:
    """The edits the typo test allows against a brand label: two for long labels."""
    return 2 if len(target.label) >= 9 else 1


@lru_cache(maxsize=64)
def _typo_screens(size: int) -> tuple[tuple[tuple[int, int, int], ...], tuple[int, ...]]:
    """The targets of the typo test whose label length is within their edit limit of
    ``size``: those with a letter mask as (position, mask, most letters apart), so an ASCII
    name is screened by a comprehension over integers instead of a function call per target
    (some fifty per new name), and the positions of the rest."""
    targets = _targets()
    masks: list[tuple[int, int, int]] = []
    others: list[int] = []
    for length, positions in _target_index().typo_by_length.items():
        for position in positions:
            target = targets[position]
            limit = _typo_limit(target)
            if abs(size - length) > limit:
                continue
            if target.letters is None:
                others.append(position)
            else:
                masks.append((position, target.letters, 2 * limit))
    return tuple(masks), tuple(others)


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
    letters: int | None = None  # ``letter_mask`` of the label
    sub_text: str = ""  # the subdomain labels joined again, for substring tests
    parts: tuple[str, ...] = ()  # the label's hyphenated words


def letter_mask(label: str) -> int | None:
    """The set of an ASCII label's characters as bits of an integer (None for other labels):
    the typo pre-filter compares the letters of a new name with those of some fifty brand
    labels, and an integer's exclusive or and bit count are far cheaper than a set's."""
    if not label.isascii():
        return None
    mask = 0
    for char in set(label):
        mask |= 1 << ord(char)
    return mask


def _letters_apart(seen: _Seen, t: _Target) -> int:
    """How many characters one of the two labels uses and the other does not."""
    if seen.letters is not None and t.letters is not None:
        return (seen.letters ^ t.letters).bit_count()
    return len(seen.chars ^ t.chars)


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
        if abs(len(label) - len(t.label)) <= limit and _letters_apart(seen, t) <= 2 * limit:
            if limit == 1:
                dist = 1 if _one_edit_apart(label, t.label) else 0
            else:
                dist = _edits_apart(label, t.label)
            if 0 < dist <= limit:
                return "typo", f"{domain} differs from {t.own} by {dist} character(s)"
    return None


def _contains_labels(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
