"""A real DNS server on 127.0.0.1 for tests: UDP and TCP on one random port, zone in memory.

Why our own loop instead of ``dnslib.server.DNSServer``: tests need behaviour a well-behaved
server never shows (silence, random bytes, SERVFAIL/REFUSED, per-query delay served in
parallel, truncation at exactly 512 bytes unless EDNS asks for more). dnslib only packs and
parses the wire format, so the server side shares no code with dnspython on the client side:
a bug in one cannot hide a bug in the other.

Record values use the text forms of ``inspector.net.lookup.DnsAnswer``: ``"192.0.2.1"``,
``"10 mx.example."``, names with or without the trailing dot, TXT as plain unquoted text
(split into 255-byte character-strings automatically; give a list or tuple of strings for an
explicit multi-string TXT record). Other types take dnslib's zone syntax after the type.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType

import pytest
from dnslib import CNAME, QTYPE, RCODE, RR, TXT, DNSHeader, DNSRecord

MODES = ("normal", "silent", "garbage", "servfail", "refused")
TxtValue = str | Sequence[str]

_UDP_PLAIN_LIMIT = 512
_MAX_CNAME_CHAIN = 16
_MAX_WORKERS = 256  # concurrent delayed answers; more datagrams than this are dropped
_TCP_IDLE = 10.0  # seconds a TCP connection may sit idle before the server closes it
_POLL = 0.05  # how often blocking loops look at the stop flag


def _key(name: str) -> str:
    return name.lower().rstrip(".")


def _type_text(qtype: int) -> str:
    text = QTYPE.get(qtype, None)
    return text if isinstance(text, str) else f"TYPE{qtype}"


def _txt_strings(value: TxtValue) -> list[bytes]:
    """One TXT record's character-strings: a str is split every 255 bytes, a list is kept."""
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return [raw[i : i + 255] for i in range(0, len(raw), 255)] or [b""]
    strings = [s.encode("utf-8") if isinstance(s, str) else bytes(s) for s in value]
    if any(len(s) > 255 for s in strings):
        raise ValueError("an explicit TXT character-string is longer than 255 bytes")
    return strings or [b""]


class LoopbackDns:
    """Authoritative answers from an in-memory zone, on UDP and TCP of one 127.0.0.1 port.

    ``mode``: "normal", "silent" (receives, never answers), "garbage" (random bytes after the
    query id), "servfail", "refused". ``mode`` and ``delay`` may be changed while running.
    ``queries`` lists every question received as (lowercased name without dot, TYPE);
    ``transports`` lists "udp"/"tcp" for each, in the same order.
    """

    host: str = "127.0.0.1"

    def __init__(
        self,
        records: Mapping[tuple[str, str], Sequence[TxtValue] | str] | None = None,
        *,
        delay: float = 0.0,
        mode: str = "normal",
        ttl: int = 300,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode = mode
        self.delay = delay
        self.ttl = ttl
        self.port = 0
        self.queries: list[tuple[str, str]] = []
        self.transports: list[str] = []
        self._zone: dict[str, list[RR]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers = threading.BoundedSemaphore(_MAX_WORKERS)
        self._udp: socket.socket | None = None
        self._tcp: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        for (name, rdtype), values in (records or {}).items():
            for value in [values] if isinstance(values, str) else values:
                self.add(name, rdtype, value)

    # ------------------------------------------------------------------ zone data

    @property
    def server_spec(self) -> str:
        """The "host:port" form that ``--dns-server`` and ``AnalysisOptions.dns_servers`` take."""
        return f"{self.host}:{self.port}"

    def add(self, name: str, rdtype: str, value: TxtValue, *, ttl: int | None = None) -> None:
        """Add one record. TXT/SPF values are plain text (or a list of character-strings)."""
        rdtype = rdtype.upper()
        owner = _key(name) + "."
        life = self.ttl if ttl is None else ttl
        if rdtype in ("TXT", "SPF"):
            rr = RR(owner, QTYPE.reverse[rdtype], ttl=life, rdata=TXT(_txt_strings(value)))
            self._put(rr)
            return
        if not isinstance(value, str):
            raise TypeError(f"{rdtype} values are text")
        rrs = RR.fromZone(f"{owner} {life} IN {rdtype} {value}")
        if not rrs:
            raise ValueError(f"cannot parse {rdtype} record {value!r}")
        for rr in rrs:
            self._put(rr)

    def add_zone_text(self, text: str, origin: str = "") -> None:
        """Add records written in zone-file syntax (``$TTL``/``$ORIGIN`` understood)."""
        for rr in RR.fromZone(text, origin=origin, ttl=self.ttl):
            self._put(rr)

    def clear(self) -> None:
        """Forget all records and all recorded queries."""
        with self._lock:
            self._zone.clear()
            self.queries.clear()
            self.transports.clear()

    def _put(self, rr: RR) -> None:
        with self._lock:
            self._zone.setdefault(_key(str(rr.rname)), []).append(rr)

    def _exists(self, name: str) -> bool:
        """A name exists if it owns records or is an empty non-terminal (RFC 8020)."""
        if name in self._zone:
            return True
        suffix = "." + name
        return any(other.endswith(suffix) for other in self._zone)

    # ------------------------------------------------------------------ answering

    def _resolve(self, request: DNSRecord) -> DNSRecord:
        reply = request.reply(ra=0, aa=1)
        question = request.q
        qtype = question.qtype
        name = _key(str(question.qname))
        with self._lock:
            for _ in range(_MAX_CNAME_CHAIN):
                rrs = self._zone.get(name)
                if rrs is None:
                    if not self._exists(name):
                        reply.header.rcode = RCODE.NXDOMAIN
                    return reply
                matches = [rr for rr in rrs if rr.rtype == qtype or qtype == QTYPE.ANY]
                if matches:
                    reply.add_answer(*matches)
                    return reply
                cnames = [rr for rr in rrs if rr.rtype == QTYPE.CNAME]
                if not cnames:
                    return reply  # NODATA
                reply.add_answer(cnames[0])
                target = cnames[0].rdata
                assert isinstance(target, CNAME)
                name = _key(str(target.label))
        return reply

    def _reply_wire(self, data: bytes, tcp: bool) -> bytes | None:
        """The bytes to send back for one query, or None to stay silent."""
        try:
            request = DNSRecord.parse(data)
        except Exception:  # hostile bytes of any shape
            if len(data) < 2 or self.mode == "silent":
                return None
            header = DNSHeader(id=int.from_bytes(data[:2], "big"), qr=1, rcode=RCODE.FORMERR)
            return bytes(DNSRecord(header).pack())
        if not request.questions:
            if self.mode == "silent":
                return None
            return bytes(request.reply(ra=0, aa=0).pack())
        question = request.q
        with self._lock:
            self.queries.append((_key(str(question.qname)), _type_text(question.qtype)))
            self.transports.append("tcp" if tcp else "udp")
        if self.delay > 0 and self._stop.wait(self.delay):
            return None
        mode = self.mode
        if mode == "silent":
            return None
        if mode == "garbage":
            return data[:2] + os.urandom(random.randint(0, 60))
        if mode in ("servfail", "refused"):
            reply = request.reply(ra=0, aa=0)
            reply.header.rcode = RCODE.SERVFAIL if mode == "servfail" else RCODE.REFUSED
            return bytes(reply.pack())
        reply = self._resolve(request)
        limit = 65535
        edns = [rr for rr in request.ar if rr.rtype == QTYPE.OPT]
        if edns:
            reply.add_ar(RR(".", QTYPE.OPT, rclass=4096, ttl=0, rdata=[]))
        if not tcp:
            limit = max(_UDP_PLAIN_LIMIT, min(edns[0].rclass, 65535)) if edns else 512
        wire = bytes(reply.pack())
        if len(wire) > limit:
            # Keep the question so the client accepts the reply as its own, then retries on TCP.
            short = DNSRecord(
                DNSHeader(id=request.header.id, bitmap=reply.header.bitmap, qr=1, aa=1, tc=1),
                q=question,
            )
            if not tcp:
                return bytes(short.pack())
            short.header.tc = 0
            short.header.rcode = RCODE.SERVFAIL
            return bytes(short.pack())
        return wire

    # ------------------------------------------------------------------ sockets

    def start(self) -> LoopbackDns:
        """Bind UDP and TCP to the same free port and serve in background threads."""
        for _ in range(50):
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind((self.host, 0))
            port = udp.getsockname()[1]
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                tcp.bind((self.host, port))
            except OSError:
                udp.close()
                tcp.close()
                continue
            tcp.listen(64)
            break
        else:
            raise OSError("no free port for both UDP and TCP on 127.0.0.1")
        udp.settimeout(_POLL)
        tcp.settimeout(_POLL)
        self._udp, self._tcp, self.port = udp, tcp, port
        self._stop.clear()
        for target in (self._serve_udp, self._serve_tcp):
            thread = threading.Thread(target=target, name=f"dns-{port}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()
        for sock in (self._udp, self._tcp):
            if sock is not None:
                sock.close()
        self._udp = self._tcp = None

    def __enter__(self) -> LoopbackDns:
        return self.start() if self._udp is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _spawn(self, target: object, *args: object) -> None:
        if not self._workers.acquire(blocking=False):
            return  # overloaded: drop, as a real server would

        def run() -> None:
            try:
                target(*args)  # type: ignore[operator]
            finally:
                self._workers.release()

        threading.Thread(target=run, daemon=True).start()

    def _serve_udp(self) -> None:
        sock = self._udp
        assert sock is not None
        while not self._stop.is_set():
            try:
                data, peer = sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._answer_udp, sock, data, peer)

    def _answer_udp(self, sock: socket.socket, data: bytes, peer: tuple[str, int]) -> None:
        wire = self._reply_wire(data, tcp=False)
        if wire is not None and not self._stop.is_set():
            with contextlib.suppress(OSError):
                sock.sendto(wire, peer)

    def _serve_tcp(self) -> None:
        sock = self._tcp
        assert sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._answer_tcp, conn)

    def _read_exact(self, conn: socket.socket, size: int) -> bytes | None:
        chunks = bytearray()
        idle = 0.0
        while len(chunks) < size:
            if self._stop.is_set() or idle > _TCP_IDLE:
                return None
            try:
                chunk = conn.recv(size - len(chunks))
            except TimeoutError:
                idle += _POLL
                continue
            except OSError:
                return None
            if not chunk:
                return None
            chunks += chunk
            idle = 0.0
        return bytes(chunks)

    def _answer_tcp(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(_POLL)
            while True:
                head = self._read_exact(conn, 2)
                if head is None:
                    return
                data = self._read_exact(conn, int.from_bytes(head, "big"))
                if data is None:
                    return
                wire = self._reply_wire(data, tcp=True)
                if wire is None:
                    continue
                try:
                    conn.settimeout(5)
                    conn.sendall(len(wire).to_bytes(2, "big") + wire)
                    conn.settimeout(_POLL)
                except OSError:
                    return


@pytest.fixture
def dns_server() -> Iterator[LoopbackDns]:
    """A started loopback DNS server with no records; add them with ``dns_server.add``."""
    with LoopbackDns() as server:
        yield server
