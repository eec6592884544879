"""RDAP client (RFC 9082/9083) with a bundled IANA bootstrap (RFC 9224), bounded in every way.

Why not whoisit (installed): it fetches through a process-wide ``requests`` session with
retries, keeps its bootstrap in module globals, applies only a per-socket-operation timeout
and reads whole bodies, so a server that trickles its answer forever, or sends gigabytes,
cannot be bounded per request; nor can requests be capped per message. This small client on
``http.client`` reads with a deadline (the socket timeout is reset to the time left before
every read), caps the body size, counts requests per message and caches answers batch-wide.

RDAP first (ICANN ended the gTLD port-43 requirement in 2025); for TLDs the bootstrap does not
cover, ``inspector.net.whois`` asks a port-43 server, bounded the same way and counted against
the same per-message cap. Names with neither answer "no_server".
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from inspector.data import load_json
from inspector.model.codes import RdapKind, RdapStatus
from inspector.net import whois
from inspector.net.bootstrap_file import read_bootstrap_json
from inspector.net.lookup import RdapAnswer
from inspector.net.rdap_snapshot import rdap_question
from inspector.options import AnalysisOptions

MAX_BYTES = 1_000_000
MAX_REDIRECTS = 3
_REGISTRIES = ("dns", "ipv4", "ipv6", "asn")
_USER_AGENT = "deliverability-inspector (RDAP)"
_ACCEPT = "application/rdap+json, application/json"
CAPPED_ERROR = "RDAP request limit for this message reached"

IpNet = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Bootstrap:
    """The IANA RDAP bootstrap registries: which server answers for which TLD or network."""

    dns: dict[str, tuple[str, ...]]
    ip: tuple[tuple[IpNet, tuple[str, ...]], ...]
    asn: tuple[tuple[int, int, tuple[str, ...]], ...]

    @classmethod
    def bundled(cls) -> Bootstrap:
        return cls.from_documents({r: load_json("rdap", f"{r}.json") for r in _REGISTRIES})

    @classmethod
    def load(cls, location: str | None) -> Bootstrap:
        """Bundled data, overridden by a directory of {dns,ipv4,ipv6,asn}.json or by one
        bootstrap file (its registry is recognised from its entries)."""
        docs = {r: load_json("rdap", f"{r}.json") for r in _REGISTRIES}
        if location:
            path = Path(location)
            if path.is_dir():
                for r in _REGISTRIES:
                    if (path / f"{r}.json").is_file():
                        docs[r] = read_bootstrap_json(path / f"{r}.json")
            else:
                doc = read_bootstrap_json(path)
                docs[_registry_of(doc)] = doc
        return cls.from_documents(docs)

    @classmethod
    def from_documents(cls, docs: dict[str, Any]) -> Bootstrap:
        dns: dict[str, tuple[str, ...]] = {}
        ips: list[tuple[IpNet, tuple[str, ...]]] = []
        asns: list[tuple[int, int, tuple[str, ...]]] = []
        for registry, doc in docs.items():
            for service in doc.get("services", []):
                if not (isinstance(service, list) and len(service) >= 2):
                    continue
                keys, urls = service[0], tuple(str(u) for u in service[1])
                for raw_key in keys:
                    key = str(raw_key).lower().strip(".")
                    if registry == "dns":
                        dns[key] = urls
                    elif registry in ("ipv4", "ipv6"):
                        try:
                            ips.append((ipaddress.ip_network(key, strict=False), urls))
                        except ValueError:
                            continue
                    elif registry == "asn":
                        low, _, high = key.partition("-")
                        if low.isdigit() and (high or low).isdigit():
                            asns.append((int(low), int(high or low), urls))
        ips.sort(key=lambda item: -item[0].prefixlen)
        return cls(dns, tuple(ips), tuple(asns))

    def servers_for_domain(self, name: str) -> tuple[str, ...]:
        labels = name.split(".")
        for i in range(len(labels)):
            found = self.dns.get(".".join(labels[i:]))
            if found:
                return found
        return ()

    def servers_for_ip(
        self, address: ipaddress.IPv4Address | ipaddress.IPv6Address
    ) -> tuple[str, ...]:
        for net, urls in self.ip:
            if net.version == address.version and address in net:
                return urls
        return ()


def _registry_of(doc: dict[str, Any]) -> str:
    for service in doc.get("services", []):
        for raw_key in service[0] if service else ():
            key = str(raw_key)
            if ":" in key:
                return "ipv6"
            if "/" in key:
                return "ipv4"
            if key.replace("-", "").isdigit():
                return "asn"
            return "dns"
    return "dns"


def _pick(urls: Iterable[str]) -> str | None:
    """Prefer https; accept http (the IANA files list both for some registries)."""
    urls = [u for u in urls if u.startswith(("https://", "http://"))]
    for url in urls:
        if url.startswith("https://"):
            return url if url.endswith("/") else url + "/"
    return (urls[0] if urls[0].endswith("/") else urls[0] + "/") if urls else None


class _Fetch:
    """One bounded HTTP GET (following a few redirects); result as status + data."""

    def __init__(self, timeout: float, max_bytes: int) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes

    def get(self, url: str, budget: _Budget) -> tuple[RdapStatus, dict[str, Any] | None, str, str]:
        """Returns (status, data, final url, error)."""
        deadline = time.monotonic() + self.timeout
        for _ in range(MAX_REDIRECTS + 1):
            if not budget.take():
                return RdapStatus.CAPPED, None, url, CAPPED_ERROR
            try:
                code, location, body = self._once(url, deadline)
            except TimeoutError:
                return (
                    RdapStatus.TIMEOUT,
                    None,
                    url,
                    f"no complete answer within {self.timeout:g} s",
                )
            except _TooBigError:
                return RdapStatus.ERROR, None, url, f"response larger than {self.max_bytes} bytes"
            except (OSError, http.client.HTTPException, ValueError) as exc:
                return RdapStatus.ERROR, None, url, f"{type(exc).__name__}: {exc}"[:200]
            if code in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                if not url.startswith(("https://", "http://")):
                    return RdapStatus.ERROR, None, url, "redirect to a non-HTTP location"
                continue
            if code == 404:
                return RdapStatus.NOT_FOUND, None, url, "HTTP 404"
            if code != 200:
                return RdapStatus.ERROR, None, url, f"HTTP {code}"
            try:
                data = json.loads(body.decode("utf-8", "replace"))
            except (ValueError, RecursionError):
                return RdapStatus.ERROR, None, url, "the answer is not JSON"
            if not isinstance(data, dict):
                return RdapStatus.ERROR, None, url, "the answer is not a JSON object"
            return RdapStatus.OK, data, url, ""
        return RdapStatus.ERROR, None, url, "too many redirects"

    def _once(self, url: str, deadline: float) -> tuple[int, str | None, bytes]:
        parts = urlsplit(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            ctx = ssl.create_default_context()
            conn = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=remaining, context=ctx
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=remaining)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            conn.request(
                "GET",
                path or "/",
                headers={
                    "Accept": _ACCEPT,
                    "User-Agent": _USER_AGENT,
                },
            )
            self._arm(conn, deadline)
            resp = conn.getresponse()
            location = resp.getheader("Location")
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise _TooBigError
            chunks: list[bytes] = []
            size = 0
            while True:
                self._arm(conn, deadline)
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise _TooBigError
                chunks.append(chunk)
            return resp.status, location, b"".join(chunks)
        finally:
            conn.close()

    @staticmethod
    def _arm(conn: http.client.HTTPConnection, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if conn.sock is not None:
            conn.sock.settimeout(remaining)


class _TooBigError(Exception):
    pass


class _Budget:
    """Requests left for one message (thread-safe)."""

    def __init__(self, limit: int) -> None:
        self._left = limit
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self._left <= 0:
                return False
            self._left -= 1
            return True


#: Asks someone else (a parent process holding the one cache of a batch) instead of the network.
RdapUpstream = Callable[[RdapKind, str], RdapAnswer]


class RdapClient:
    """RDAP lookups for domains and IP addresses; implements ``RdapLookup``.

    One client serves a batch (bootstrap and cache are shared); ``session()`` gives each
    message its own request cap. The client itself also counts against one cap. With an
    ``upstream``, a question not in this client's cache is asked there instead of the network
    (counted as one request against the cap: whoever answers bounds its own redirects).
    """

    def __init__(
        self,
        options: AnalysisOptions,
        *,
        bootstrap: Bootstrap | None = None,
        max_bytes: int = MAX_BYTES,
        upstream: RdapUpstream | None = None,
        _shared: tuple[dict[tuple[str, str], RdapAnswer], threading.Lock] | None = None,
    ) -> None:
        self.options = options
        self.upstream = upstream
        self._bootstrap = bootstrap
        self._bootstrap_error = ""
        self._fetch = _Fetch(options.rdap_timeout, max_bytes)
        self._budget = _Budget(options.rdap_max_requests)
        self._cache, self._lock = _shared or ({}, threading.Lock())
        self._whois_servers: dict[str, str] | None = None

    def session(self) -> RdapClient:
        """A per-message view: same bootstrap and cache, fresh request cap."""
        view = RdapClient(
            self.options,
            bootstrap=self._get_bootstrap(),
            max_bytes=self._fetch.max_bytes,
            upstream=self.upstream,
            _shared=(self._cache, self._lock),
        )
        view._bootstrap_error = self._bootstrap_error
        view._whois_servers = self._whois_servers
        return view

    def _get_bootstrap(self) -> Bootstrap | None:
        if self._bootstrap is None and not self._bootstrap_error:
            try:
                self._bootstrap = Bootstrap.load(self.options.rdap_bootstrap)
            except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
                self._bootstrap_error = f"unreadable RDAP bootstrap: {exc}"[:200]
        return self._bootstrap

    @property
    def offline(self) -> bool:
        return self.options.offline or not self.options.rdap

    def answers_used(self) -> tuple[RdapAnswer, ...]:
        """Every definite answer (found or not found) of the batch, for a recording."""
        with self._lock:
            return tuple(self._cache.values())

    def domain(self, name: str) -> RdapAnswer:
        query = rdap_question(RdapKind.DOMAIN, name, private_allowed=self._private_allowed)
        if isinstance(query, RdapAnswer):
            return query
        return self._lookup(RdapKind.DOMAIN, query, lambda b: b.servers_for_domain(query))

    def ip(self, address: str) -> RdapAnswer:
        query = rdap_question(RdapKind.IP, address, private_allowed=self._private_allowed)
        if isinstance(query, RdapAnswer):
            return query
        addr = ipaddress.ip_address(query)
        return self._lookup(RdapKind.IP, query, lambda b: b.servers_for_ip(addr))

    def _private_allowed(self, query: str) -> bool:
        """A custom bootstrap (a lab or test setup) may map private space to a server."""
        return bool(self.options.rdap_bootstrap)

    def _lookup(self, kind: RdapKind, query: str, servers: Any) -> RdapAnswer:
        if self.offline:
            return RdapAnswer(query, kind, RdapStatus.OFFLINE, error="not checked (offline)")
        with self._lock:
            cached = self._cache.get((kind, query))
        if cached is not None:
            return cached
        if self.upstream is not None:
            return self._ask_upstream(self.upstream, kind, query)
        bootstrap = self._get_bootstrap()
        if bootstrap is None:
            return RdapAnswer(query, kind, RdapStatus.ERROR, error=self._bootstrap_error)
        base = _pick(servers(bootstrap))
        if base is None and kind is RdapKind.DOMAIN:
            answer = self._whois(query)
            if answer is not None:
                if answer.status in (RdapStatus.OK, RdapStatus.NOT_FOUND):
                    with self._lock:
                        self._cache[(kind, query)] = answer
                return answer
        if base is None:
            return RdapAnswer(
                query, kind, RdapStatus.NO_SERVER, error="no RDAP server for this name"
            )
        url = base + f"{kind}/{quote(query, safe=':.')}"
        status, data, final, error = self._fetch.get(url, self._budget)
        answer = RdapAnswer(query, kind, status, data, final, error)
        if status in (RdapStatus.OK, RdapStatus.NOT_FOUND):
            with self._lock:
                self._cache[(kind, query)] = answer
        return answer

    def _ask_upstream(self, upstream: RdapUpstream, kind: RdapKind, query: str) -> RdapAnswer:
        if not self._budget.take():
            return RdapAnswer(query, kind, RdapStatus.CAPPED, error=CAPPED_ERROR)
        answer = upstream(kind, query)
        if answer.status in (RdapStatus.OK, RdapStatus.NOT_FOUND):
            with self._lock:
                self._cache[(kind, query)] = answer
        return answer

    def _whois(self, name: str) -> RdapAnswer | None:
        """Port-43 fallback for TLDs without RDAP; None when no whois server is known."""
        if self._whois_servers is None:
            try:
                self._whois_servers = whois.load_servers(self.options.rdap_bootstrap)
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._whois_servers = {}
        server = whois.server_for(name, self._whois_servers)
        if server is None:
            return None
        return whois.lookup(name, server, self.options.rdap_timeout, self._budget.take)
