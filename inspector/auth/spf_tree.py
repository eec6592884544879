"""The whole SPF include/redirect tree of a domain, walked statically, with its lookup cost.

pyspf stops at the first mechanism that matches, so the lookups it counts depend on the
client IP: a record can pass for one sender while costing more than RFC 7208's limit of 10
for another. This walk reads every record in the tree (through the same DNS session, whose
cache already holds most of them) and counts the DNS-querying terms (include, a, mx, ptr,
exists, redirect) once each. It also notes what a postmaster should fix: several SPF records
at one name, ``ptr`` (deprecated), ``+all``/``?all``, include loops. Own code because pyspf
has no "explain the record" mode. Bounded: at most ``_MAX_NODES`` records are fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from inspector.model.auth import SpfNode, SpfVia
from inspector.model.codes import AuthStatus
from inspector.net.lookup import DnsLookup

LOOKUP_TERMS = frozenset({"include", "a", "mx", "ptr", "exists"})
_MAX_NODES = 40
_MAX_TERMS = 100
LOOP = "loop"


@dataclass(frozen=True)
class TreeWalk:
    root: SpfNode | None
    lookups: int
    problems: tuple[str, ...]


def spf_records(texts: tuple[str, ...]) -> list[str]:
    """The TXT strings that are SPF records (RFC 7208 4.5: "v=spf1" then space or end)."""
    return [t for t in texts if t.lower() == "v=spf1" or t.lower().startswith("v=spf1 ")]


def split_terms(record: str) -> list[tuple[str, str, str]]:
    """(qualifier, name, argument) for each term after the version; modifiers keep '='."""
    terms: list[tuple[str, str, str]] = []
    for raw in record.split(" ")[1 : _MAX_TERMS + 1]:
        if not raw:
            continue
        qualifier = raw[0] if raw[0] in "+-~?" else ""
        body = raw[len(qualifier) :]
        name, sep, arg = body.partition("=") if "=" in body.split(":")[0] else ("", "", "")
        if sep:
            terms.append(("", name.lower() + "=", arg))
            continue
        name, _, arg = body.partition(":")
        name = name.split("/")[0]
        terms.append((qualifier, name.lower(), arg))
    return terms


class _Walker:
    def __init__(self, dns: DnsLookup) -> None:
        self.dns = dns
        self.nodes = 0
        self.lookups = 0
        self.problems: list[str] = []

    def note(self, text: str) -> None:
        if text not in self.problems and len(self.problems) < 30:
            self.problems.append(text)

    def fetch(self, domain: str) -> tuple[str | None, AuthStatus | None, str]:
        """(record, result, detail) for one name: the record when there is exactly one, else
        the RFC 7208 result its absence gives, or the DNS status that left it unknown."""
        self.nodes += 1
        answer = self.dns.query(domain, "TXT")
        if not answer.ok:
            return None, None, answer.status.value
        found = spf_records(answer.records)
        if len(found) > 1:
            self.note(f"multiple SPF records at {domain} ({len(found)}): a permanent error")
            return None, AuthStatus.PERMERROR, "multiple SPF records"
        if not found:
            return None, AuthStatus.NONE, ""
        return found[0], None, ""

    def walk(self, domain: str, via: SpfVia, path: tuple[str, ...]) -> SpfNode:
        if domain in path:
            self.note(f"include loop: {' -> '.join((*path, domain))}")
            return SpfNode(domain, None, via, detail=LOOP)
        if self.nodes >= _MAX_NODES:
            return SpfNode(domain, None, via, detail="not followed (too many records)")
        record, result, detail = self.fetch(domain)
        if record is None:
            status = result.value if result else detail
            if via is SpfVia.INCLUDE:
                self.note(f"include:{domain} has no usable SPF record ({status})")
            elif via is SpfVia.REDIRECT:
                self.note(f"redirect={domain} has no usable SPF record ({status})")
            return SpfNode(domain, None, via, result, detail=detail)
        children: list[SpfNode] = []
        redirect: str | None = None
        has_all = False
        for qualifier, name, arg in split_terms(record):
            if name in LOOKUP_TERMS:
                self.lookups += 1
            if name == "ptr":
                self.note(f"{domain} uses the deprecated ptr mechanism (RFC 7208 5.5)")
            if name == "all":
                has_all = True
                if qualifier in ("", "+"):
                    self.note(
                        f"{domain} ends with '{qualifier}all': every server on the "
                        "Internet may send as this domain"
                    )
                elif qualifier == "?" and via is SpfVia.TOP:
                    self.note(f"{domain} ends with '?all': unlisted servers get neutral")
            if name == "include" and arg:
                children.append(self._follow(arg, SpfVia.INCLUDE, (*path, domain)))
            if name == "redirect=":
                redirect = arg
        if redirect and not has_all:
            self.lookups += 1
            children.append(self._follow(redirect, SpfVia.REDIRECT, (*path, domain)))
        return SpfNode(domain, record, via, None, tuple(children))

    def _follow(self, target: str, via: SpfVia, path: tuple[str, ...]) -> SpfNode:
        if "%" in target:
            return SpfNode(target, None, via, detail="not followed (macro)")
        name = target.rstrip(".").lower()
        if not name or len(name) > 253:
            return SpfNode(target[:255], None, via, detail="invalid name")
        return self.walk(name, via, path)


def walk_tree(dns: DnsLookup, domain: str) -> TreeWalk:
    """Read the SPF tree under ``domain``; never raises, bounded in records fetched."""
    walker = _Walker(dns)
    try:
        root = walker.walk(domain.rstrip(".").lower(), SpfVia.TOP, ())
    except Exception as exc:  # explanation only; the verdict comes from pyspf
        walker.note(f"SPF tree could not be read completely ({type(exc).__name__})")
        return TreeWalk(None, walker.lookups, tuple(walker.problems))
    if root.record is None:
        return TreeWalk(None, walker.lookups, tuple(walker.problems))
    return TreeWalk(root, walker.lookups, tuple(walker.problems))


def merge_results(static: SpfNode, evaluated: SpfNode | None) -> SpfNode:
    """The static tree with each node's result from the evaluation, where it got that far."""
    if evaluated is None:
        return static
    pending = list(evaluated.children)
    children: list[SpfNode] = []
    for child in static.children:
        match = next((e for e in pending if e.domain == child.domain and e.via == child.via), None)
        if match is not None:
            pending.remove(match)
            children.append(merge_results(child, match))
        else:
            children.append(child)
    reached = evaluated.result is not None or bool(evaluated.detail)
    source = evaluated if reached and static.detail != LOOP else static
    return replace(static, result=source.result, detail=source.detail, children=tuple(children))
