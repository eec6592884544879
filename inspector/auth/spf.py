"""SPF (RFC 7208): check_host for the MAIL FROM and the HELO identities of one message.

pyspf is the evaluator: it passes the OpenSPF suite, and a second evaluator of our own would only
add disagreements. Out of the box it resolves through the module-level ``spf.DNSLookup`` on
dnspython's process-wide default resolver, which is neither per message nor thread-safe.
``query.dns`` is the one method through which pyspf reaches DNS, so ``_SessionQuery`` overrides
it to ask the message's own ``DnsLookup`` session: concurrent checks with different sessions
never share state, every question lands in that session's evidence log, and timeouts, offline
mode and replayed snapshots behave as everywhere else. ``check1`` is wrapped as well, to record
the include/redirect tree as pyspf walks it.

Expected outcomes are values: pyspf's TempError/PermError, and anything a hostile record makes
it raise (``dns.name.NameTooLong``, ``ValueError``, ``RecursionError``), become temperror or
permerror with a reason. The static tree walk in ``spf_tree`` adds the lookup cost of the whole
record (pyspf stops counting at the first match).
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field
from typing import Any

import spf as pyspf

from inspector.auth.spf_tree import merge_results, walk_tree
from inspector.model.auth import SPF_RESULTS, SpfNode, SpfResult, SpfVia
from inspector.model.codes import AuthStatus, DnsStatus
from inspector.net.lookup import OFFLINE_REASON, DnsLookup, not_checked_reason

MAX_LOOKUPS = 10  # RFC 7208 4.6.4
MAX_VOID_LOOKUPS = 2  # RFC 7208 4.6.4
_MAX_QUESTIONS = 150  # DNS questions per check_host, whatever the record says
_MAX_RECORDS_PER_ANSWER = 100
_DEADLINE_SECONDS = 30.0  # wall clock per check_host; the session has its own budget too

_STATUS = {
    "pass": AuthStatus.PASS,
    "fail": AuthStatus.FAIL,
    "softfail": AuthStatus.SOFTFAIL,
    "neutral": AuthStatus.NEUTRAL,
    "none": AuthStatus.NONE,
    "permerror": AuthStatus.PERMERROR,
    "temperror": AuthStatus.TEMPERROR,
    "ambiguous": AuthStatus.NEUTRAL,
}


class _OfflineError(Exception):
    """The session is offline or replaying without this answer: stop, nothing was checked."""


@dataclass
class _Node:
    domain: str
    record: str | None
    via: SpfVia
    depth: int
    result: AuthStatus | None = None
    detail: str = ""
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> SpfNode:
        return SpfNode(
            self.domain,
            self.record,
            self.via,
            self.result,
            tuple(c.freeze() for c in self.children),
            self.detail,
        )

    def record_outcome(self, word: str) -> None:
        """pyspf's result word for this record: an RFC 7208 result, or kept as the detail."""
        status = AuthStatus.read(word)
        if status in SPF_RESULTS:
            self.result = status
        else:
            self.detail = word


class _SessionQuery(pyspf.query):  # type: ignore[misc]
    """A pyspf query that resolves through one DnsLookup session and records its tree."""

    def __init__(self, session: DnsLookup, ip: str, sender: str, helo: str) -> None:
        super().__init__(ip, sender, helo, strict=True)
        self._session = session
        self._questions = 0
        self._deadline = time.monotonic() + _DEADLINE_SECONDS
        self._stack: list[_Node] = []
        self.root: _Node | None = None

    # pyspf calls this for every DNS question (A, AAAA, MX, PTR, TXT); the answer shapes are
    # pyspf's: addresses as text, MX as (preference, name), PTR names, TXT as tuples of bytes.
    def dns(
        self,
        name: Any,
        qtype: str,
        cnames: Any = None,
        ignore_void: bool = False,
    ) -> list[Any]:
        name = str(name).rstrip(".").lower()
        labels = name.split(".")
        if not name or len(name) > 253 or any(not 0 < len(lab) < 64 for lab in labels):
            return []  # not a valid DNS name: no data, as pyspf itself treats it
        key = (name, qtype)
        cached = self.cache.get(key)
        if cached:
            return list(cached)
        if qtype == "SPF":
            return []  # RR type 99 is gone since RFC 7208; strict mode never asks
        self._questions += 1
        if self._questions > _MAX_QUESTIONS:
            raise pyspf.PermError(f"more than {_MAX_QUESTIONS} DNS questions for one check")
        if time.monotonic() > self._deadline:
            raise pyspf.TempError("SPF evaluation ran out of time")
        answer = self._session.query(name, qtype)
        if answer.status in (DnsStatus.OFFLINE, DnsStatus.NOT_IN_REPLAY):
            raise _OfflineError(not_checked_reason(answer))
        if answer.temporary:
            raise pyspf.TempError(f"DNS {answer.status.value} for {name} {qtype}")
        result = _convert(qtype, answer.records[:_MAX_RECORDS_PER_ANSWER])
        if result:
            self.cache[key] = result
        elif not ignore_void:
            self.void_lookups += 1
            if self.void_lookups > MAX_VOID_LOOKUPS:
                raise pyspf.PermError(f"Void lookup limit of {MAX_VOID_LOOKUPS} exceeded")
        return list(result)

    def check1(self, spf: Any, domain: str, recursion: int) -> Any:
        record = spf if isinstance(spf, str) else None
        if not self._stack:
            via = SpfVia.TOP
        else:
            via = SpfVia.INCLUDE if recursion > self._stack[-1].depth else SpfVia.REDIRECT
        node = _Node(str(domain), record, via, recursion)
        if self._stack:
            self._stack[-1].children.append(node)
        else:
            self.root = node
        self._stack.append(node)
        try:
            outcome = super().check1(spf, domain, recursion)
            node.record_outcome(str(outcome[0]))
            return outcome
        except pyspf.PermError:
            node.result = AuthStatus.PERMERROR
            raise
        except pyspf.TempError:
            node.result = AuthStatus.TEMPERROR
            raise
        finally:
            self._stack.pop()


def _convert(qtype: str, records: tuple[str, ...]) -> list[Any]:
    """DnsAnswer text records -> the shapes pyspf's resolver functions return."""
    out: list[Any] = []
    for text in records:
        if qtype in ("TXT", "SPF"):
            out.append((text.encode("utf-8", "surrogateescape"),))
        elif qtype == "MX":
            pref, _, exchange = text.strip().partition(" ")
            try:
                out.append((int(pref), exchange.strip().rstrip(".")))
            except ValueError:
                continue
        elif qtype == "PTR":
            out.append(text.strip().rstrip("."))
        else:
            out.append(text.strip())
    return out


@dataclass(frozen=True)
class HostCheck:
    """One check_host() run: the verdict and what it rests on."""

    result: AuthStatus
    reason: str
    domain: str | None
    record: str | None = None
    mechanism: str | None = None
    lookups: int = 0
    void_lookups: int = 0
    tree: SpfNode | None = None
    explanation: str = ""


def check_host(dns: DnsLookup, *, client_ip: str, sender: str, helo: str) -> HostCheck:
    """RFC 7208 check_host() for one identity; an empty ``sender`` means postmaster@helo."""
    domain = sender.rpartition("@")[2] if sender else helo
    if not domain:
        return HostCheck(AuthStatus.NONE, "no domain to check", None)
    if dns.offline:
        return HostCheck(AuthStatus.SKIPPED, OFFLINE_REASON, domain)
    try:
        query = _SessionQuery(dns, client_ip, sender, helo)
    except Exception as exc:  # pyspf's PermError for an address it cannot use
        return HostCheck(AuthStatus.PERMERROR, f"cannot check {client_ip!r}: {exc}"[:300], domain)
    try:
        verdict, _code, explanation = query.check()
    except _OfflineError as exc:
        return HostCheck(AuthStatus.SKIPPED, str(exc) or OFFLINE_REASON, domain)
    except Exception as exc:  # hostile records: never raise (pyspf handles its own errors)
        reason = f"record could not be evaluated ({type(exc).__name__}: {exc})"
        return HostCheck(AuthStatus.PERMERROR, reason[:300], domain)
    status = _STATUS.get(str(verdict), AuthStatus.PERMERROR)
    root = query.root
    record = root.record if root else None
    mechanism = query.mechanism if isinstance(query.mechanism, str) else None
    problem = str(getattr(query, "prob", "") or "")
    reason = _reason(status, client_ip, domain, mechanism, problem)
    if root is not None and root.result is None and not root.detail:
        root.result = status
    tree = root.freeze() if root else SpfNode(domain, None, SpfVia.TOP, status)
    return HostCheck(
        status,
        reason,
        domain,
        record,
        mechanism,
        int(query.lookups),
        int(query.void_lookups),
        tree,
        str(explanation) if status in (AuthStatus.FAIL, AuthStatus.SOFTFAIL) else "",
    )


def _reason(status: AuthStatus, ip: str, domain: str, mech: str | None, problem: str) -> str:
    matched = f" (matched '{mech}')" if mech else ""
    if status is AuthStatus.PASS:
        return f"{ip} is authorized by the SPF record of {domain}{matched}"
    if status is AuthStatus.FAIL:
        return f"{ip} is not authorized by the SPF record of {domain}{matched}"
    if status is AuthStatus.SOFTFAIL:
        return f"{ip} is probably not authorized by {domain} (softfail){matched}"
    if status is AuthStatus.NEUTRAL:
        return f"the SPF record of {domain} makes no statement about {ip}{matched}"
    if status is AuthStatus.NONE:
        return f"{domain} publishes no SPF record"
    if status is AuthStatus.TEMPERROR:
        return f"temporary DNS error while checking {domain}: {problem}"
    return f"SPF record of {domain} is broken: {problem}"


def _clean_mail_from(mail_from: str | None) -> str:
    """The envelope sender without angle brackets; '' for the null sender <>."""
    text = (mail_from or "").strip()
    if text.startswith("<"):
        text = text[1:]
        text = text.split(">", 1)[0]
    return text.strip()


def _helo_is_domain(helo: str) -> bool:
    if not helo or helo.startswith("["):
        return False
    try:
        ipaddress.ip_address(helo)
    except ValueError:
        return True
    return False


def check_spf(
    dns: DnsLookup, *, client_ip: str | None, helo: str | None, mail_from: str | None
) -> SpfResult:
    """Check SPF for one message as the receiving server would have.

    ``result`` is the MAIL FROM identity's verdict (postmaster@HELO when the envelope sender
    is null or unknown); ``helo`` is the HELO identity's own verdict."""
    sender = _clean_mail_from(mail_from)
    helo_name = (helo or "").strip().rstrip(".")
    ip_text = (client_ip or "").strip().strip("[]")
    if ip_text.lower().startswith("ipv6:"):
        ip_text = ip_text[5:]
    if not ip_text:
        return SpfResult(AuthStatus.SKIPPED, "no client IP address known for the message")
    try:
        ipaddress.ip_address(ip_text)
    except ValueError:
        return SpfResult(
            AuthStatus.SKIPPED, f"client IP {ip_text[:60]!r} is not an IP address", ip_text[:60]
        )
    if not sender and not helo_name:
        return SpfResult(
            AuthStatus.SKIPPED, "neither MAIL FROM nor HELO is known", ip_text, mail_from=None
        )
    helo_check: HostCheck | None = None
    if _helo_is_domain(helo_name):
        helo_check = check_host(dns, client_ip=ip_text, sender="", helo=helo_name)
    if sender:
        main = check_host(dns, client_ip=ip_text, sender=sender, helo=helo_name)
    elif helo_check is not None:
        main = helo_check
    else:
        main = HostCheck(AuthStatus.NONE, f"HELO {helo_name[:80]!r} is not a domain name", None)
    tree, tree_lookups = main.tree, main.lookups
    problems: tuple[str, ...] = ()
    if main.domain and main.result not in (AuthStatus.SKIPPED, AuthStatus.TEMPERROR):
        walked = walk_tree(dns, main.domain)
        if walked.root is not None:
            tree = merge_results(walked.root, main.tree)
            tree_lookups = walked.lookups
        problems = walked.problems
    reason = main.reason
    if not sender and main.domain:
        why = "null sender <>" if mail_from is not None else "no Return-Path known"
        reason = f"{reason} ({why}: the HELO identity postmaster@{main.domain} was checked)"
    if main.explanation and main.explanation not in pyspf.EXPLANATIONS.values():
        reason = f"{reason}; the domain's explanation: {main.explanation[:200]}"
    return SpfResult(
        result=main.result,
        reason=reason,
        client_ip=ip_text,
        domain=main.domain,
        mail_from=sender or None,
        helo=helo_check.result if helo_check else (AuthStatus.NONE if helo_name else None),
        helo_domain=helo_name or None,
        helo_reason=helo_check.reason if helo_check else "",
        record=main.record,
        mechanism=main.mechanism,
        lookups=main.lookups,
        void_lookups=main.void_lookups,
        tree=tree,
        tree_lookups=tree_lookups,
        problems=problems,
        explanation=main.explanation[:500],
    )
