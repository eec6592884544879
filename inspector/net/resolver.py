"""The one DNS resolver of an analysis run: dnspython underneath, our policy on top.

dnspython does the wire work (UDP, TCP on truncation, retries across servers). Around it this
module adds what a batch of hostile messages needs and dnspython does not offer: a
batch-wide cache with a size bound, one packet for identical questions asked at the same
moment by different threads, a per-message time budget (a message can never spend longer than
``dns_budget`` waiting on DNS), an evidence log per message, offline and replay modes that
never open a socket, and outcomes as ``DnsStatus`` values instead of exceptions.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import dns.exception
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver

from inspector.errors import InspectorError
from inspector.model import DnsQuery, DnsStatus
from inspector.net.lookup import DnsAnswer
from inspector.net.snapshot import (
    MAX_ANSWERS,
    Snapshot,
    load_snapshot,
    save_snapshot,
    snapshot_key,
)
from inspector.options import AnalysisOptions

Key = tuple[str, str]

EDNS_PAYLOAD = 1232  # the DNS Flag Day 2020 size: fits one packet on nearly every path
MIN_TTL = 300.0  # keep answers at least this long, so one batch sees one consistent world
MAX_TTL = 86400.0
CACHE_MAX_CHARS = 64 * 1024 * 1024  # record text the cache may hold, all entries together
MAX_EVIDENCE = 5000  # log entries per message; a message needing more is hostile
FAILURE_TTL = 10.0  # remember a server failure briefly so the next message does not wait again
_EVIDENCE_NAME_MAX = 512  # a hostile 100 kB "name" is shown cut, it was never asked anyway
_NOT_CACHED = frozenset({DnsStatus.OFFLINE, DnsStatus.NOT_IN_REPLAY})


class DnsConfigError(InspectorError, ValueError):
    """A DNS server given in the options cannot be used (bad address or port)."""


def parse_server_spec(spec: str) -> tuple[str, int]:
    """``"192.0.2.1"``, ``"192.0.2.1:5353"``, ``"::1"``, ``"[::1]:5353"`` -> (address, port)."""
    text = spec.strip()
    host, port_text = text, ""
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            raise DnsConfigError(f"DNS server {spec!r}: missing ']'")
        host, rest = text[1:close], text[close + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise DnsConfigError(f"DNS server {spec!r}: expected ':port' after ']'")
            port_text = rest[1:]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    port = 53
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise DnsConfigError(f"DNS server {spec!r}: port must be 1-65535")
        port = int(port_text)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise DnsConfigError(f"DNS server {spec!r}: not an IPv4 or IPv6 address") from None
    return str(address), port


def _server_label(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


@dataclass(frozen=True)
class _Outcome:
    """What the network (or the cache) said about one normalized question."""

    status: DnsStatus
    records: tuple[str, ...] = ()
    server: str = ""
    detail: str = ""
    ttl: float = 0.0
    keep: bool = True  # False: the question itself was unaskable; no snapshot entry needed


def _cost(outcome: _Outcome) -> int:
    return 128 + sum(len(record) for record in outcome.records)


class _Cache:
    """LRU dictionary with expiry, bounded in entries and in record text (hostile messages
    can make us fetch many 64 kB TXT records); callers hold the resolver's lock."""

    def __init__(self, size: int, max_chars: int = CACHE_MAX_CHARS) -> None:
        self._size = size
        self._max_chars = max_chars
        self._chars = 0
        self._items: OrderedDict[Key, tuple[float, _Outcome]] = OrderedDict()

    def get(self, key: Key, now: float) -> _Outcome | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] <= now:
            self._drop(key)
            return None
        self._items.move_to_end(key)
        return item[1]

    def put(self, key: Key, outcome: _Outcome, expires: float) -> None:
        if key in self._items:
            self._drop(key)
        self._items[key] = (expires, outcome)
        self._chars += _cost(outcome)
        while len(self._items) > self._size or self._chars > self._max_chars:
            self._drop(next(iter(self._items)))

    def _drop(self, key: Key) -> None:
        _, outcome = self._items.pop(key)
        self._chars -= _cost(outcome)

    def __len__(self) -> int:
        return len(self._items)


def _record_text(rdata: object) -> str:
    strings = getattr(rdata, "strings", None)
    if isinstance(strings, tuple):  # TXT and SPF: one text, as SPF and DKIM read it
        return b"".join(strings).decode("utf-8", errors="replace")
    return str(rdata)


def _servfail_kind(exc: dns.resolver.NoNameservers) -> tuple[DnsStatus, str]:
    errors = exc.kwargs.get("errors") or []
    texts = [str(err[3]) for err in errors if len(err) > 3]
    if "REFUSED" in texts:
        return DnsStatus.REFUSED, "server refused the query"
    if "SERVFAIL" in texts:
        return DnsStatus.SERVFAIL, "server failure (SERVFAIL)"
    detail = "; ".join(dict.fromkeys(texts))[:200] or "no server gave a usable answer"
    return DnsStatus.ERROR, detail


class Resolver:
    """Batch-wide DNS service; hand each message its own ``session()``.

    Modes, decided once from the options: offline (every answer OFFLINE, no socket),
    replay (answers only from the snapshot file), network (explicit servers, else the
    system's configuration; if that cannot be read, every answer is ERROR).
    """

    def __init__(
        self,
        options: AnalysisOptions,
        *,
        cache_size: int = 8192,
        cache_chars: int = CACHE_MAX_CHARS,
        workers: int = 32,
        min_ttl: float = MIN_TTL,
    ) -> None:
        self.options = options
        self._min_ttl = min_ttl
        self._lock = threading.Lock()
        self._cache = _Cache(cache_size, cache_chars)
        self._inflight: dict[Key, Future[_Outcome]] = {}
        self._used: dict[Key, DnsAnswer] = {}
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self._backend: dns.resolver.Resolver | None = None
        self._snapshot: Snapshot | None = None
        self.unavailable = ""  # why the network mode has no usable server, if it has none
        self.servers = ""  # evidence label for network answers
        if options.offline:
            return
        if options.replay_dns:
            self._snapshot = load_snapshot(options.replay_dns)
            return
        self._backend = self._make_backend(options.dns_servers)

    def _make_backend(self, specs: tuple[str, ...]) -> dns.resolver.Resolver | None:
        if specs:
            parsed = [parse_server_spec(spec) for spec in specs]
            backend = dns.resolver.Resolver(configure=False)
            backend.nameservers = [dns.nameserver.Do53Nameserver(a, p) for a, p in parsed]
            self.servers = ", ".join(_server_label(a, p) for a, p in parsed)
        else:
            try:
                backend = dns.resolver.Resolver(configure=True)
            except Exception as exc:  # missing/unreadable resolv.conf, registry errors
                self.unavailable = f"no usable system DNS configuration ({type(exc).__name__})"
                return None
            self.servers = ", ".join(str(ns) for ns in backend.nameservers)
        backend.cache = None
        backend.use_edns(0, 0, EDNS_PAYLOAD)
        backend.timeout = max(self.options.dns_timeout, 0.001)
        backend.lifetime = max(self.options.dns_timeout, 0.001)
        backend.search = []
        return backend

    @classmethod
    def for_tests(cls, server_spec: str, *, timeout: float = 1.0, budget: float = 5.0) -> Resolver:
        """A resolver asking only the given loopback server."""
        options = AnalysisOptions(
            dns_servers=(server_spec,), dns_timeout=timeout, dns_budget=budget
        )
        return cls(options)

    # ------------------------------------------------------------------ public

    @property
    def offline(self) -> bool:
        return self.options.offline

    @property
    def mode(self) -> str:
        """ "offline", "replay" or "network" (the label the report shows)."""
        if self.options.offline:
            return "offline"
        return "replay" if self._snapshot is not None else "network"

    def session(self, budget: float | None = None) -> DnsSession:
        """A per-message view: shared cache, own evidence log, own time budget."""
        return DnsSession(self, self.options.dns_budget if budget is None else budget)

    def answers_used(self) -> tuple[DnsAnswer, ...]:
        with self._lock:
            return tuple(self._used.values())

    def save_snapshot(self, path: str | None = None) -> None:
        """Write every answer any session used (to ``path`` or ``options.save_dns``)."""
        target = path or self.options.save_dns
        if not target:
            raise InspectorError("no snapshot path given and options.save_dns is not set")
        save_snapshot(target, self.answers_used())

    def close(self) -> None:
        """Stop the worker threads; write the snapshot when ``save_dns`` asks for one."""
        if self._closed:
            return
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self.options.save_dns:
            self.save_snapshot()

    def __enter__(self) -> Resolver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ internals

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="dns")
            return self._pool

    def _remember(self, key: Key, answer: DnsAnswer) -> None:
        """Keep the answer for the snapshot; a real answer beats a temporary failure."""
        if answer.status in _NOT_CACHED:
            return
        with self._lock:
            old = self._used.get(key)
            if old is None and len(self._used) >= MAX_ANSWERS:
                return  # a snapshot larger than the loader accepts would be useless
            if old is None or old.temporary or not answer.temporary:
                self._used[key] = DnsAnswer(key[0], key[1], answer.status, answer.records)

    def _replayed(self, key: Key) -> _Outcome:
        assert self._snapshot is not None
        found = self._snapshot.get(*key)
        if found is None:
            return _Outcome(DnsStatus.NOT_IN_REPLAY, (), "replay", "not in the DNS snapshot")
        return _Outcome(found.status, found.records, "replay")

    def _cached(self, key: Key) -> _Outcome | None:
        with self._lock:
            return self._cache.get(key, time.monotonic())

    def _fetch(
        self, key: Key, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, lifetime: float
    ) -> _Outcome:
        """Ask the network once per key at a time; later askers wait for the first."""
        with self._lock:
            hit = self._cache.get(key, time.monotonic())
            if hit is not None:
                return _Outcome(hit.status, hit.records, "cache", hit.detail, hit.ttl)
            pending = self._inflight.get(key)
            mine: Future[_Outcome] = Future()
            if pending is None:
                self._inflight[key] = mine
        if pending is not None:
            try:
                return pending.result(timeout=lifetime)
            except FutureTimeout:
                return _Outcome(DnsStatus.TIMEOUT, (), self.servers, "no answer in time")
        outcome = _Outcome(DnsStatus.ERROR, (), self.servers, "internal error")
        try:
            outcome = self._ask_network(qname, rdtype, lifetime)
        finally:
            with self._lock:
                self._store(key, outcome, lifetime)
                del self._inflight[key]
            mine.set_result(outcome)
        return outcome

    def _store(self, key: Key, outcome: _Outcome, lifetime: float) -> None:
        now = time.monotonic()
        if outcome.status is DnsStatus.TIMEOUT and lifetime < self.options.dns_timeout:
            return  # cut short by a message's budget: says nothing about the server
        if outcome.status in (DnsStatus.ANSWER, DnsStatus.NXDOMAIN, DnsStatus.NODATA):
            life = min(max(outcome.ttl, self._min_ttl), MAX_TTL)
        else:
            life = FAILURE_TTL
        self._cache.put(key, outcome, now + life)

    def _ask_network(
        self, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, lifetime: float
    ) -> _Outcome:
        backend = self._backend
        assert backend is not None
        servers = self.servers
        try:
            answer = backend.resolve(
                qname, rdtype, raise_on_no_answer=False, lifetime=lifetime, search=False
            )
        except dns.resolver.NXDOMAIN:
            return _Outcome(DnsStatus.NXDOMAIN, (), servers, ttl=self._min_ttl)
        except dns.resolver.NoAnswer:
            return _Outcome(DnsStatus.NODATA, (), servers, ttl=self._min_ttl)
        except dns.exception.Timeout:
            return _Outcome(DnsStatus.TIMEOUT, (), servers, f"no answer within {lifetime:.1f} s")
        except dns.resolver.NoNameservers as exc:
            status, detail = _servfail_kind(exc)
            return _Outcome(status, (), servers, detail)
        except dns.exception.DNSException as exc:
            return _Outcome(DnsStatus.ERROR, (), servers, f"{type(exc).__name__}: {exc}"[:200])
        except Exception as exc:  # a dnspython bug or an OS error must not end the analysis
            return _Outcome(DnsStatus.ERROR, (), servers, f"{type(exc).__name__}: {exc}"[:200])
        server = _server_label(str(answer.nameserver), answer.port or 53)
        ttl = max(0.0, float(answer.expiration) - time.time())
        if answer.rrset is None:
            return _Outcome(DnsStatus.NODATA, (), server, ttl=ttl)
        records = tuple(_record_text(rdata) for rdata in answer.rrset)
        return _Outcome(DnsStatus.ANSWER, records, server, ttl=ttl)


def _parse_question(name: str, rdtype: str) -> tuple[dns.name.Name, dns.rdatatype.RdataType] | str:
    """The wire form of a question, or the reason it cannot be asked."""
    if not name.strip(". \t"):
        return "empty name"
    try:
        qname = dns.name.from_text(name.strip())
    except dns.name.NameTooLong:
        return "name longer than 255 octets"
    except dns.name.LabelTooLong:
        return "label longer than 63 octets"
    except dns.name.EmptyLabel:
        return "empty label in name"
    except Exception as exc:  # IDNA errors and other syntax problems
        return f"not a valid DNS name ({type(exc).__name__})"
    if qname == dns.name.root:
        return "empty name"
    try:
        qtype = dns.rdatatype.from_text(rdtype.strip())
    except Exception:
        return f"unknown record type {rdtype[:20]!r}"
    if dns.rdatatype.is_metatype(qtype) or qtype == dns.rdatatype.NONE:
        return f"record type {rdtype[:20]!r} cannot be asked"
    return qname, qtype


class DnsSession:
    """One message's view of the resolver (implements ``inspector.net.lookup.DnsLookup``).

    The budget counts wall-clock time during which at least one of this session's questions
    was waiting; once it is spent, questions come back TIMEOUT at once without a packet.
    """

    def __init__(self, resolver: Resolver, budget: float) -> None:
        self._resolver = resolver
        self.budget = max(0.0, budget)
        self._lock = threading.Lock()
        self._log: list[DnsQuery] = []
        self.evidence_dropped = 0  # questions past MAX_EVIDENCE, answered but not logged
        self._spent = 0.0
        self._active = 0
        self._busy_since = 0.0

    @property
    def offline(self) -> bool:
        return self._resolver.offline

    def remaining(self) -> float:
        """Seconds of DNS waiting this message may still spend."""
        with self._lock:
            spent = self._spent
            if self._active:
                spent += time.monotonic() - self._busy_since
        return max(0.0, self.budget - spent)

    def evidence(self) -> tuple[DnsQuery, ...]:
        with self._lock:
            return tuple(self._log)

    def query(self, name: str, rdtype: str) -> DnsAnswer:
        asked_at = datetime.now(UTC)
        started = time.monotonic()
        if isinstance(name, str) and isinstance(rdtype, str):
            outcome = self._outcome(name, rdtype)
        else:  # a caller's bug must not become a crash in the middle of a batch
            name, rdtype = str(name), str(rdtype)
            outcome = _Outcome(DnsStatus.ERROR, (), "", "question is not text", keep=False)
        answer = DnsAnswer(name, rdtype, outcome.status, outcome.records)
        elapsed_ms = (time.monotonic() - started) * 1000.0
        entry = DnsQuery(
            name=name[:_EVIDENCE_NAME_MAX],
            rdtype=rdtype.upper()[:_EVIDENCE_NAME_MAX],
            status=outcome.status,
            answers=outcome.records,
            server=outcome.server,
            asked_at=asked_at,
            elapsed_ms=round(elapsed_ms, 3),
            detail=outcome.detail,
        )
        with self._lock:
            if len(self._log) < MAX_EVIDENCE:
                self._log.append(entry)
            else:
                self.evidence_dropped += 1
        if outcome.keep:
            self._resolver._remember(snapshot_key(name, rdtype), answer)
        return answer

    def _outcome(self, name: str, rdtype: str) -> _Outcome:
        resolver = self._resolver
        if resolver.mode == "offline":
            return _Outcome(DnsStatus.OFFLINE, (), "offline", "not checked (offline)")
        parsed = _parse_question(name, rdtype)
        if isinstance(parsed, str):  # same verdict live and in replay, so never saved
            return _Outcome(DnsStatus.ERROR, (), "", parsed, keep=False)
        key = snapshot_key(name, rdtype)
        if resolver.mode == "replay":
            return resolver._replayed(key)
        if resolver._backend is None:
            return _Outcome(DnsStatus.ERROR, (), "", resolver.unavailable)
        hit = resolver._cached(key)
        if hit is not None:
            return _Outcome(hit.status, hit.records, "cache", hit.detail)
        if resolver._closed:
            return _Outcome(DnsStatus.ERROR, (), "", "resolver already closed")
        lifetime = min(resolver.options.dns_timeout, self.remaining())
        if lifetime <= 0.0:
            return _Outcome(
                DnsStatus.TIMEOUT, (), "budget", "DNS time budget for this message spent"
            )
        self._enter()
        try:
            return resolver._fetch(key, *parsed, lifetime)
        finally:
            self._leave()

    def _enter(self) -> None:
        with self._lock:
            if self._active == 0:
                self._busy_since = time.monotonic()
            self._active += 1

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0:
                self._spent += time.monotonic() - self._busy_since

    def query_many(self, questions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], DnsAnswer]:
        """Ask concurrently on the resolver's pool; each distinct question is asked once."""
        asked = list(questions)
        firsts: dict[Key, tuple[str, str]] = {}
        for question in asked:
            firsts.setdefault(snapshot_key(*question), question)
        results: dict[Key, DnsAnswer] = {}
        if self._resolver.mode != "network" or len(firsts) == 1 or self._resolver._closed:
            for key, (name, rdtype) in firsts.items():
                results[key] = self.query(name, rdtype)
        else:
            pool = self._resolver._executor()
            futures: dict[Key, Future[DnsAnswer]] = {}
            for key, (name, rdtype) in firsts.items():
                try:
                    futures[key] = pool.submit(self.query, name, rdtype)
                except RuntimeError:  # the resolver was closed meanwhile
                    futures[key] = Future()
            wait_futures(list(futures.values()), timeout=self.remaining() + 1.0)
            for future in futures.values():
                future.cancel()  # still queued behind other messages' questions: give up
            for key, future in futures.items():
                name, rdtype = firsts[key]
                if future.done() and not future.cancelled() and future.exception() is None:
                    results[key] = future.result()
                else:
                    results[key] = DnsAnswer(name, rdtype, DnsStatus.TIMEOUT)
        return {
            (name, rdtype): _as_asked(results[snapshot_key(name, rdtype)], name, rdtype)
            for name, rdtype in asked
        }


def _as_asked(answer: DnsAnswer, name: str, rdtype: str) -> DnsAnswer:
    if answer.name == name and answer.rdtype == rdtype:
        return answer
    return DnsAnswer(name, rdtype, answer.status, answer.records)
