"""The one DNS resolver of an analysis run: dnspython underneath, our policy on top.

dnspython does the wire work (UDP, TCP on truncation, retries across servers). Around it this
module adds what a batch of hostile messages needs and dnspython does not offer: a
batch-wide cache with a size bound, one packet for identical questions asked at the same
moment by different threads, a per-message time budget (a message can never spend longer than
``dns_budget`` waiting on DNS), an evidence log per message, offline and replay modes that
never open a socket, and outcomes as ``DnsStatus`` values instead of exceptions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import wait as wait_futures
from datetime import UTC, datetime
from types import TracebackType

import dns.exception
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver

from inspector.errors import InspectorError
from inspector.model.codes import DnsStatus
from inspector.model.dns import DnsQuery, ResolverMode
from inspector.net.dns_cache import CACHE_MAX_CHARS, DnsCache, Key, Outcome
from inspector.net.dns_wire import parse_question, record_text, servfail_kind
from inspector.net.lookup import DnsAnswer, RdapAnswer
from inspector.net.server_spec import parse_server_spec, server_label
from inspector.net.snapshot import (
    MAX_ANSWERS,
    Snapshot,
    load_snapshot,
    save_snapshot,
    snapshot_key,
)
from inspector.options import AnalysisOptions

EDNS_PAYLOAD = 1232  # the DNS Flag Day 2020 size: fits one packet on nearly every path
MIN_TTL = 300.0  # keep answers at least this long, so one batch sees one consistent world
MAX_TTL = 86400.0
MAX_EVIDENCE = 5000  # log entries per message; a message needing more is hostile
FAILURE_TTL = 10.0  # remember a server failure briefly so the next message does not wait again
_EVIDENCE_NAME_MAX = 512  # a hostile 100 kB "name" is shown cut, it was never asked anyway
_NOT_CACHED = frozenset({DnsStatus.OFFLINE, DnsStatus.NOT_IN_REPLAY})
#: Asked instead of the network with a normalized question and the time left to wait: how a
#: worker process shares one cache with the others (``inspector.mailbox.dns_relay``).
Upstream = Callable[[str, str, float], Outcome]


class Resolver:
    """Batch-wide DNS service; hand each message its own ``session()``.

    Modes, decided once from the options: offline (every answer OFFLINE, no socket),
    replay (answers only from the snapshot file), network (explicit servers, else the
    system's configuration; if that cannot be read, every answer is ERROR). In network mode
    an ``upstream`` answers what the cache does not hold, in place of the servers.
    """

    def __init__(
        self,
        options: AnalysisOptions,
        *,
        cache_size: int = 8192,
        cache_chars: int = CACHE_MAX_CHARS,
        workers: int = 32,
        min_ttl: float = MIN_TTL,
        upstream: Upstream | None = None,
    ) -> None:
        self.options = options
        self._upstream = upstream
        self._min_ttl = min_ttl
        self._lock = threading.Lock()
        self._cache = DnsCache(cache_size, cache_chars)
        self._inflight: dict[Key, Future[Outcome]] = {}
        self._used: dict[Key, DnsAnswer] = {}
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self._backend: dns.resolver.Resolver | None = None
        self._snapshot: Snapshot | None = None
        self._rdap_used: Callable[[], Iterable[RdapAnswer]] = tuple
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
            self.servers = ", ".join(server_label(a, p) for a, p in parsed)
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
    def mode(self) -> ResolverMode:
        if self.options.offline:
            return ResolverMode.OFFLINE
        return ResolverMode.REPLAY if self._snapshot is not None else ResolverMode.NETWORK

    def session(self, budget: float | None = None) -> DnsSession:
        """A per-message view: shared cache, own evidence log, own time budget."""
        return DnsSession(self, self.options.dns_budget if budget is None else budget)

    @property
    def snapshot(self) -> Snapshot | None:
        """The recording being replayed, if any (its RDAP answers serve the RDAP replay)."""
        return self._snapshot

    def shared_outcome(self, name: str, rdtype: str, lifetime: float) -> Outcome:
        """The answer to one question asked on another resolver's behalf: from this cache,
        from a packet already in flight for it, or from the network."""
        parsed = parse_question(name, rdtype)
        if isinstance(parsed, str):
            return Outcome(DnsStatus.ERROR, (), "", parsed, keep=False)
        if self.mode is not ResolverMode.NETWORK or self._backend is None:
            return Outcome(DnsStatus.ERROR, (), "", self.unavailable or f"{self.mode} resolver")
        if self._closed:
            return Outcome(DnsStatus.ERROR, (), "", "resolver already closed")
        return self._fetch(snapshot_key(name, rdtype), *parsed, lifetime)

    def record_rdap_from(self, answers_used: Callable[[], Iterable[RdapAnswer]]) -> None:
        """Save these RDAP answers with the DNS answers, so one file replays both."""
        self._rdap_used = answers_used

    def answers_used(self) -> tuple[DnsAnswer, ...]:
        with self._lock:
            return tuple(self._used.values())

    def save_snapshot(self, path: str | None = None) -> None:
        """Write every answer any session used (to ``path`` or ``options.save_dns``)."""
        target = path or self.options.save_dns
        if not target:
            raise InspectorError("no snapshot path given and options.save_dns is not set")
        save_snapshot(target, self.answers_used(), rdap=self._rdap_used())

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

    def _replayed(self, key: Key) -> Outcome:
        assert self._snapshot is not None
        found = self._snapshot.get(*key)
        if found is None:
            return Outcome(DnsStatus.NOT_IN_REPLAY, (), "replay", "not in the DNS snapshot")
        return Outcome(found.status, found.records, "replay")

    def _cached(self, key: Key) -> Outcome | None:
        with self._lock:
            return self._cache.get(key, time.monotonic())

    def _fetch(
        self, key: Key, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, lifetime: float
    ) -> Outcome:
        """Ask the network once per key at a time; later askers wait for the first."""
        with self._lock:
            hit = self._cache.get(key, time.monotonic())
            if hit is not None:
                return Outcome(hit.status, hit.records, "cache", hit.detail, hit.ttl)
            pending = self._inflight.get(key)
            mine: Future[Outcome] = Future()
            if pending is None:
                self._inflight[key] = mine
        if pending is not None:
            try:
                return pending.result(timeout=lifetime)
            except FutureTimeout:
                return Outcome(DnsStatus.TIMEOUT, (), self.servers, "no answer in time")
        outcome = Outcome(DnsStatus.ERROR, (), self.servers, "internal error")
        try:
            if self._upstream is not None:
                outcome = self._upstream(key[0], key[1], lifetime)
            else:
                outcome = self._ask_network(qname, rdtype, lifetime)
        finally:
            with self._lock:
                self._store(key, outcome, lifetime)
                del self._inflight[key]
            mine.set_result(outcome)
        return outcome

    def _store(self, key: Key, outcome: Outcome, lifetime: float) -> None:
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
    ) -> Outcome:
        backend = self._backend
        assert backend is not None
        servers = self.servers
        try:
            answer = backend.resolve(
                qname, rdtype, raise_on_no_answer=False, lifetime=lifetime, search=False
            )
        except dns.resolver.NXDOMAIN:
            return Outcome(DnsStatus.NXDOMAIN, (), servers, ttl=self._min_ttl)
        except dns.resolver.NoAnswer:
            return Outcome(DnsStatus.NODATA, (), servers, ttl=self._min_ttl)
        except dns.exception.Timeout:
            return Outcome(DnsStatus.TIMEOUT, (), servers, f"no answer within {lifetime:.1f} s")
        except dns.resolver.NoNameservers as exc:
            status, detail = servfail_kind(exc)
            return Outcome(status, (), servers, detail)
        except dns.exception.DNSException as exc:
            return Outcome(DnsStatus.ERROR, (), servers, f"{type(exc).__name__}: {exc}"[:200])
        except Exception as exc:  # a dnspython bug or an OS error must not end the analysis
            return Outcome(DnsStatus.ERROR, (), servers, f"{type(exc).__name__}: {exc}"[:200])
        server = server_label(str(answer.nameserver), answer.port or 53)
        ttl = max(0.0, float(answer.expiration) - time.time())
        if answer.rrset is None:
            return Outcome(DnsStatus.NODATA, (), server, ttl=ttl)
        records = tuple(record_text(rdata) for rdata in answer.rrset)
        return Outcome(DnsStatus.ANSWER, records, server, ttl=ttl)


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
            outcome = Outcome(DnsStatus.ERROR, (), "", "question is not text", keep=False)
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

    def _outcome(self, name: str, rdtype: str) -> Outcome:
        resolver = self._resolver
        if resolver.mode is ResolverMode.OFFLINE:
            return Outcome(DnsStatus.OFFLINE, (), "offline", "not checked (offline)")
        parsed = parse_question(name, rdtype)
        if isinstance(parsed, str):  # same verdict live and in replay, so never saved
            return Outcome(DnsStatus.ERROR, (), "", parsed, keep=False)
        key = snapshot_key(name, rdtype)
        if resolver.mode is ResolverMode.REPLAY:
            return resolver._replayed(key)
        if resolver._backend is None:
            return Outcome(DnsStatus.ERROR, (), "", resolver.unavailable)
        hit = resolver._cached(key)
        if hit is not None:
            return Outcome(hit.status, hit.records, "cache", hit.detail)
        if resolver._closed:
            return Outcome(DnsStatus.ERROR, (), "", "resolver already closed")
        lifetime = min(resolver.options.dns_timeout, self.remaining())
        if lifetime <= 0.0:
            return Outcome(
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
        if (
            self._resolver.mode is not ResolverMode.NETWORK
            or len(firsts) == 1
            or self._resolver._closed
        ):
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
