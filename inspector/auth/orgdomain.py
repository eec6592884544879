"""Organizational domains for DMARC: the Public Suffix List (RFC 7489 3.2) or the DMARCbis walk.

RFC 7489 defines the Organizational Domain with a public suffix list. ``publicsuffixlist``
bundles the list in the package and never goes online, so the answer is offline and
reproducible (tldextract fetches at run time unless told not to). The full list is used,
private section included, as receivers do: ``alice.github.io`` is its own organization.

DMARCbis (RFC 9989) replaces the list with a DNS tree walk over ``_dmarc`` records, which
``tree_walk_names`` and ``org_from_records`` implement; the DNS part lives in ``dmarc``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

from inspector.model.codes import Alignment, PsdFlag

MAX_WALK_QUERIES = 8  # DMARCbis 4.10: at most 8 _dmarc queries per walk


@lru_cache(maxsize=1)
def public_suffix_list() -> PublicSuffixList:
    """The one Public Suffix List of the process (the bundled list; never fetched). Parsing
    it takes a noticeable fraction of a second, so every module shares this instance."""
    return PublicSuffixList()


@lru_cache(maxsize=1)
def icann_suffix_list() -> PublicSuffixList:
    """The ICANN section only (registry suffixes, no private ones such as github.io)."""
    return PublicSuffixList(only_icann=True)


def normalize_domain(domain: str | None) -> str | None:
    """Lowercase A-label form without the trailing dot, or None when it is not a domain."""
    if not domain:
        return None
    text = domain.strip().rstrip(".").lower()
    if not text or len(text) > 253 or text.startswith("["):
        return None
    if not text.isascii():
        try:
            text = text.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    labels = text.split(".")
    if any(not 0 < len(label) < 64 for label in labels):
        return None
    if any(c.isspace() or c in "@;,<>\"'\\/" for c in text):
        return None
    return text


@lru_cache(maxsize=4096)
def org_domain(domain: str) -> str:
    """RFC 7489 Organizational Domain: the public suffix plus one label.

    A name that is itself a public suffix (or shorter) is its own organizational domain."""
    found = public_suffix_list().privatesuffix(domain)
    return str(found) if found else domain


def tree_walk_names(domain: str) -> list[str]:
    """The names DMARCbis asks ``_dmarc.<name>`` for, longest first, at most 8 queries.

    The author domain first; when it has more than 8 labels the walk jumps to its last 7
    labels, then drops one label at a time down to the top-level domain."""
    labels = domain.split(".")
    names = [domain]
    start = min(len(labels) - 1, MAX_WALK_QUERIES - 1)
    for keep in range(start, 0, -1):
        names.append(".".join(labels[-keep:]))
    return names


def org_from_records(domain: str, records: Mapping[str, PsdFlag | None]) -> str:
    """DMARCbis Organizational Domain from the psd= values of the records the walk found.

    ``records`` maps each walked name (longest first) to its record's psd= flag (None for a
    record without psd=), leaving out names without a record. psd=n marks
    the organizational domain itself; psd=y (above the starting name) makes the name one label
    below it the organizational domain; otherwise the record with the fewest labels wins; with
    no record at all the domain is its own organizational domain."""
    names = tree_walk_names(domain)
    shortest: str | None = None
    for name in names:
        if name not in records:
            continue
        psd = records[name]
        if psd is PsdFlag.NO:
            return name
        if psd is PsdFlag.YES and name != domain:
            # one label below the PSD, taken from the domain (the walk may have skipped labels)
            return ".".join(domain.split(".")[-(len(name.split(".")) + 1) :])
        shortest = name
    return shortest or domain


def aligned(a: str, b: str, mode: Alignment, orgs: Mapping[str, str] | None = None) -> bool:
    """Identifier alignment (RFC 7489 3.1): strict = same name; relaxed = same org domain.

    ``orgs`` supplies organizational domains already found (tree walk); else the PSL."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    if mode is Alignment.STRICT:
        return False
    org_a = orgs.get(a) if orgs else None
    org_b = orgs.get(b) if orgs else None
    return (org_a or org_domain(a)) == (org_b or org_domain(b))
