"""Which sending platform (ESP, mailbox provider, helpdesk) handled a message, and for whom.

Decided from the trace first: the host that connected at the trust boundary (its rDNS and
HELO), a DKIM signature that verified or that the trusted receiver recorded as passing, a
bounce domain SPF passed for. Supporting clues (Return-Path/VERP shape, a DKIM d= nobody
verified, Feedback-ID) count only in pairs or beside the trace; decoration headers any script
can copy (X-Mailer, X-MC-User, X-SG-*, Message-ID shapes) only corroborate, never decide.
Weights combine as independent clues (``1 - prod(1 - w)``). See ``platform_clues`` for the
traps (receiver-stamped Message-IDs, replayed traces, forwarders at the boundary).

Written here rather than taken from a library because no maintained fingerprint library
exists; the fingerprints themselves are data (``platform_catalogue``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from inspector.intel.org_domains import org_domain
from inspector.intel.platform_catalogue import (
    DOMAIN_TYPES,
    MIN_CONFIDENCE,
    Platform,
    Signal,
    clue_key,
    load_platforms,
)
from inspector.intel.platform_clues import Clue, TraceView, gather_clues, read_trace
from inspector.intel.platform_index import (
    catalogue_headers,
    matching_signals,
    signal_matches,
)
from inspector.model.auth import AuthSummary, DkimResult
from inspector.model.codes import EvidenceStrength
from inspector.model.intel import ClueKind, PlatformKind, PlatformMatch
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop


def _evidence_line(signal: Signal, clue: Clue) -> str:
    if signal.type is ClueKind.HEADER_PRESENT:
        return f"header {signal.pattern} present"
    return clue.label


@dataclass(frozen=True)
class _Score:
    platform: Platform
    confidence: float
    total: float
    evidence: tuple[str, ...]
    traced: bool
    supported: int  # distinct signal types of SIGNED strength that matched
    at_entry: bool  # the entry hop itself is the platform's


def _index(clues: Iterable[Clue]) -> dict[str, list[Clue]]:
    """Clues grouped so a signal only looks at the ones it could match."""
    index: dict[str, list[Clue]] = {}
    for clue in clues:
        index.setdefault(clue_key(clue.type, clue.header), []).append(clue)
    return index


def _suffixes(index: dict[str, list[Clue]]) -> dict[str, dict[str, list[Clue]]]:
    """Per clue type, every name and every parent of it (a.b.example -> b.example, example)
    with the clues that carry it: a plain domain signal matches exactly when its pattern is
    among them, and a glob ending in literal labels can match only the clues carrying them."""
    out: dict[str, dict[str, list[Clue]]] = {}
    for kind in DOMAIN_TYPES:
        names: dict[str, list[Clue]] = {}
        for clue in index.get(kind, ()):
            name = clue.lowered
            names.setdefault(name, []).append(clue)
            dot = name.find(".")
            while dot >= 0:
                names.setdefault(name[dot + 1 :], []).append(clue)
                dot = name.find(".", dot + 1)
        out[kind] = names
    return out


def _score(
    platform: Platform, signals: Iterable[Signal], index: dict[str, list[Clue]]
) -> _Score | None:
    """The platform's score from its signals that match the message's clues."""
    evidence: list[str] = []
    miss = 1.0
    total = 0.0
    matched_types: set[str] = set()
    signed_types: set[str] = set()
    traced = at_entry = False
    for signal in signals:
        candidates = index[signal.key]
        best: tuple[float, Clue] | None = None
        for clue in candidates:
            if signal_matches(signal, clue):
                weight = signal.weight * clue.factor
                if best is None or weight > best[0]:
                    best = (weight, clue)
        if best is None:
            continue
        line = _evidence_line(signal, best[1])
        if line in evidence:
            continue
        evidence.append(line)
        matched_types.add(signal.type)
        strength = best[1].strength
        traced |= strength is EvidenceStrength.TRACE
        at_entry |= strength is EvidenceStrength.TRACE and "of sending host" in line
        if strength is EvidenceStrength.SIGNED:
            signed_types.add(signal.type)
        miss *= 1.0 - min(best[0], 0.99)
        total += best[0]
    if not evidence:
        return None
    if platform.requires and not matched_types & set(platform.requires):
        return None
    return _Score(
        platform,
        round(1.0 - miss, 3),
        total,
        tuple(evidence),
        traced,
        len(signed_types),
        at_entry,
    )


def _accepted(score: _Score, view: TraceView, has_hops: bool) -> bool:
    """Trace evidence decides; two independent supporting clues may stand in for it only
    when the trace does not contradict them (no replay, no hops at all or an entry host
    that is nobody's known platform)."""
    if score.confidence < MIN_CONFIDENCE:
        return False
    if score.traced:
        return True
    if view.replayed:
        return False
    return score.supported >= 2 or (not has_hops and score.supported >= 1)


def _customer(platform: Platform, message: ParsedMessage, dkim_domains: list[str]) -> str | None:
    """The organisation the platform sent for: the From domain, else a signing domain,
    whichever is not the platform's own."""
    from_domain = message.from_[0].domain if message.from_ else ""
    for domain in [from_domain, *dkim_domains]:
        if domain and "." in domain and not platform.owns(domain):
            return org_domain(domain)
    return None


def _rank(scores: list[_Score]) -> _Score | None:
    if not scores:
        return None
    if any(s.at_entry for s in scores):
        # the host that connected is a platform's: platforms without trace step aside
        scores = [s for s in scores if s.traced]
    names = {s.platform.name for s in scores}
    beaten = {o for s in scores for o in s.platform.over if o in names}
    remaining = [s for s in scores if s.platform.name not in beaten] or scores
    return max(remaining, key=lambda s: (s.at_entry, s.confidence, s.total))


def _best(
    message: ParsedMessage,
    dkim: Sequence[DkimResult],
    hops: Sequence[Hop],
    auth: AuthSummary | None,
    view: TraceView,
) -> tuple[_Score | None, list[Clue]]:
    clues = gather_clues(message, dkim, hops, auth, view, catalogue_headers())
    index = _index(clues)
    known = _suffixes(index)
    has_hops = view.entry is not None or bool(view.upstream)
    platforms = load_platforms()
    scores = [
        s
        for p, reached in matching_signals(index, known).items()
        if (s := _score(platforms[p], [platforms[p].signals[i] for i in reached], index))
        and _accepted(s, view, has_hops)
    ]
    return _rank(scores), clues


def identify_platform(
    message: ParsedMessage,
    dkim: Sequence[DkimResult] = (),
    hops: Sequence[Hop] = (),
    auth: AuthSummary | None = None,
    *,
    view: TraceView | None = None,
) -> PlatformMatch | None:
    """The most likely sending platform, or None when the trace does not support one.
    ``view`` is ``read_trace(message, hops)`` when the caller has read it for other stages
    too."""
    if view is None:
        view = read_trace(message, hops)
    best, clues = _best(message, dkim, hops, auth, view)
    if best is not None and best.platform.kind is PlatformKind.FORWARDER and view.upstream:
        # the recipient's own forwarder handed it in: the sender is the host before it
        forwarder = best.platform.name
        shifted = replace(
            view,
            entry=view.upstream[0],
            upstream=view.upstream[1:],
            forwarded_by=forwarder,
            notes=(*view.notes, f"forwarded by {forwarder}: the host before it is the sender's"),
        )
        best, clues = _best(message, dkim, hops, auth, shifted)
        if best is not None and best.platform.kind is PlatformKind.FORWARDER:
            best = None
        view = shifted
    if best is None:
        return None
    dkim_domains = [c.value for c in clues if c.type is ClueKind.DKIM_DOMAIN]
    return PlatformMatch(
        name=best.platform.name,
        evidence=best.evidence + view.notes,
        confidence=best.confidence,
        customer=_customer(best.platform, message, dkim_domains),
        kind=best.platform.kind,
        traced=best.traced,
    )
