"""A real RDAP server on 127.0.0.1 for tests: serves JSON from dicts.

Paths ``/domain/<name>`` and ``/ip/<addr>``; unknown names get 404. ``mode`` switches the
whole server to misbehaviour: "hang" sends headers and part of a body, then never finishes;
"huge" streams a body far over any sane cap; "redirect" answers every path with a 302 to
itself under /r/. ``write_bootstrap`` writes IANA-style bootstrap files pointing at it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


class RdapServer:
    def __init__(self) -> None:
        self.domains: dict[str, dict[str, Any]] = {}
        self.ips: dict[str, dict[str, Any]] = {}
        self.mode = "normal"
        #: answers for names nobody added, or None for 404
        self.fallback: Callable[[str, str], dict[str, Any] | None] | None = None
        self.requests: list[str] = []
        #: seconds every answer waits (so that questions asked together overlap)
        self.delay = 0.0
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server.requests.append(self.path)
                server._handle(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def add_domain(self, name: str, data: dict[str, Any]) -> None:
        self.domains[name.lower()] = data

    def add_ip(self, address: str, data: dict[str, Any]) -> None:
        self.ips[address] = data

    def start(self) -> RdapServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        if self.delay > 0 and self._stop.wait(self.delay):
            return
        if self.mode == "hang":
            req.send_response(200)
            req.send_header("Content-Type", "application/rdap+json")
            req.send_header("Content-Length", "100000")
            req.end_headers()
            req.wfile.write(b'{"objectClassName": "domain", ')
            req.wfile.flush()
            self._stop.wait(30)
            return
        if self.mode == "huge":
            req.send_response(200)
            req.send_header("Content-Type", "application/rdap+json")
            req.end_headers()
            req.wfile.write(b'{"remarks": "')
            try:
                for _ in range(400):  # 400 * 8 KiB = 3.2 MB, no Content-Length
                    req.wfile.write(b"x" * 8192)
            except OSError:
                pass
            return
        if self.mode == "redirect":
            req.send_response(302)
            req.send_header("Location", "/r" + req.path)
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        path = req.path.split("?", 1)[0]
        if path.startswith("/r/"):
            path = path[2:]
        kind, _, key = path.lstrip("/").partition("/")
        table = {"domain": self.domains, "ip": self.ips}.get(kind, {})
        data = table.get(key.lower() if kind == "domain" else key)
        if data is None and self.fallback is not None:
            data = self.fallback(kind, key.lower())
        if data is None:
            body = json.dumps({"errorCode": 404, "title": "Not Found"}).encode()
            req.send_response(404)
        else:
            body = json.dumps(data).encode()
            req.send_response(200)
        req.send_header("Content-Type", "application/rdap+json")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)


def write_bootstrap(
    directory: Path,
    base_url: str,
    *,
    tlds: Sequence[str] = ("test", "example", "com", "net", "org"),
    ipv4: Sequence[str] = ("0.0.0.0/0",),
    ipv6: Sequence[str] = ("::/0",),
) -> Path:
    """Write dns/ipv4/ipv6/asn.json sending every lookup to ``base_url``; returns the dir."""
    directory.mkdir(parents=True, exist_ok=True)

    def doc(keys: Sequence[str]) -> dict[str, Any]:
        return {
            "version": "1.0",
            "publication": "2026-01-01T00:00:00Z",
            "services": [[list(keys), [base_url]]] if keys else [],
        }

    (directory / "dns.json").write_text(json.dumps(doc(tlds)))
    (directory / "ipv4.json").write_text(json.dumps(doc(ipv4)))
    (directory / "ipv6.json").write_text(json.dumps(doc(ipv6)))
    (directory / "asn.json").write_text(json.dumps(doc(["0-4294967295"])))
    return directory


@pytest.fixture
def rdap_server() -> Iterator[RdapServer]:
    server = RdapServer().start()
    try:
        yield server
    finally:
        server.stop()


def _vcard(fn: str | None = None, org: str | None = None, **extra: str) -> list[Any]:
    props: list[list[Any]] = [["version", {}, "text", "4.0"]]
    if fn is not None:
        props.append(["fn", {}, "text", fn])
    if org is not None:
        props.append(["org", {}, "text", org])
    if "email" in extra:
        props.append(["email", {}, "text", extra["email"]])
    if "cc" in extra:
        props.append(["adr", {"cc": extra["cc"]}, "text", ["", "", "", "", "", "", ""]])
    return ["vcard", props]


def rdap_domain(
    name: str,
    *,
    registered: str = "2015-03-01T10:00:00Z",
    registrar: str = "Example Registrar, Inc.",
    registrant: dict[str, str] | None = None,
    redacted: bool = False,
    remarks: Sequence[str] = (),
) -> dict[str, Any]:
    """An RDAP domain object (RFC 9083) written for these tests."""
    entities: list[dict[str, Any]] = [
        {
            "objectClassName": "entity",
            "roles": ["registrar"],
            "handle": "9999",
            "vcardArray": _vcard(fn=registrar),
        }
    ]
    if registrant is not None:
        entities.append(
            {
                "objectClassName": "entity",
                "roles": ["registrant"],
                "vcardArray": _vcard(**registrant),
            }
        )
    data: dict[str, Any] = {
        "objectClassName": "domain",
        "ldhName": name.upper(),
        "status": ["client transfer prohibited"],
        "events": [
            {"eventAction": "registration", "eventDate": registered},
            {"eventAction": "expiration", "eventDate": "2030-03-01T10:00:00Z"},
        ],
        "nameservers": [
            {"objectClassName": "nameserver", "ldhName": "NS1.EXAMPLE.NET"},
            {"objectClassName": "nameserver", "ldhName": "NS2.EXAMPLE.NET"},
        ],
        "entities": entities,
    }
    if redacted:
        data["redacted"] = [
            {
                "name": {"type": "Registrant Name"},
                "prePath": "$.entities[?(@.roles[0]=='registrant')].vcardArray[1][?(@[0]=='fn')]",
                "method": "removal",
                "reason": {"type": "Server policy"},
            }
        ]
    if remarks:
        data["remarks"] = [{"title": r, "description": [r]} for r in remarks]
    return data


def sample_domains(now_iso_yesterday: str) -> dict[str, dict[str, Any]]:
    """The four test domains: behind a proxy, GDPR-redacted, public, registered yesterday."""
    return {
        "proxied.test": rdap_domain(
            "proxied.test",
            registrant={"fn": "Registration Private", "org": "Domains By Proxy, LLC", "cc": "US"},
        ),
        "redacted.test": rdap_domain(
            "redacted.test",
            registrant={"fn": "REDACTED FOR PRIVACY", "cc": "DE"},
            redacted=True,
            remarks=("REDACTED FOR PRIVACY",),
        ),
        "public.test": rdap_domain(
            "public.test",
            registrant={"fn": "Jane Doe", "org": "Example Widgets GmbH", "cc": "AT"},
        ),
        "fresh.test": rdap_domain(
            "fresh.test",
            registered=now_iso_yesterday,
            registrant={"fn": "REDACTED FOR PRIVACY"},
        ),
    }


class WhoisServer:
    """A port-43 whois server on 127.0.0.1 (RFC 3912): one line in, text out, close.

    ``answers`` maps a lowercased query to its text; others get "No match". Modes: "hang"
    (sends a line, then nothing until stopped) and "huge" (about 1 MB of text)."""

    def __init__(self) -> None:
        import socketserver

        self.answers: dict[str, str] = {}
        self.mode = "normal"
        self.queries: list[str] = []
        self._stop = threading.Event()
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(1024).decode("ascii", "replace").strip()
                owner.queries.append(line)
                if owner.mode == "hang":
                    self.wfile.write(b"% partial answer\r\n")
                    self.wfile.flush()
                    owner._stop.wait(30)
                    return
                if owner.mode == "huge":
                    try:
                        for _ in range(130):
                            self.wfile.write(b"% " + b"x" * 8190 + b"\n")
                    except OSError:
                        pass
                    return
                text = owner.answers.get(line.lower(), f'No match for "{line}".\r\n')
                self.wfile.write(text.encode("utf-8"))

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def spec(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host!s}:{port}"

    def start(self) -> WhoisServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()


def write_whois_map(directory: Path, spec: str, tlds: Sequence[str] = ("whoistld",)) -> Path:
    """Write whois.json beside the bootstrap files, sending ``tlds`` to the loopback server."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "whois.json").write_text(json.dumps({"servers": dict.fromkeys(tlds, spec)}))
    return directory


@pytest.fixture
def whois_server() -> Iterator[WhoisServer]:
    server = WhoisServer().start()
    try:
        yield server
    finally:
        server.stop()
