"""Port-43 whois (RFC 3912) as a fallback for TLDs without RDAP (de, it, eu, io, jp, ...).

The answer is free text in a different layout per registry, so it is read into the same
shape as an RDAP domain object (registration event, registrar and registrant entities with
jCards, status, nameservers, remarks), and everything downstream (ownership, masking) works
unchanged. Bounded like RDAP: a deadline for connect and every read, a size cap, and one
request taken from the caller's per-message budget. Own code because the PyPI whois clients
shell out to the ``whois`` binary or read without a deadline.

Servers come from ``data/rdap/whois.json`` (facts from the IANA root zone database), or from
a ``whois.json`` beside the RDAP bootstrap files given with ``--rdap-bootstrap`` (tests point
it at a loopback server as ``"host:port"``).
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.data import load_json
from inspector.model.codes import RdapKind, RdapStatus
from inspector.net.bootstrap_file import read_bootstrap_json
from inspector.net.lookup import RdapAnswer

MAX_BYTES = 256_000
_NOT_FOUND = re.compile(
    r"^\s*(no match|not found|no entries found|no data found|domain not found|"
    r"no object found|status:\s*free|status:\s*available|%% no matching|"
    r"the queried object does not exist)",
    re.IGNORECASE | re.MULTILINE,
)
_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 /()_.-]{0,60}?)\s*(?:\.{2,})?\s*:\s*(.*?)\s*$")
_CREATED = (
    "creation date", "created", "created on", "registered on", "registration date",
    "registration time", "domain registration date", "activated", "registered",
    "domain record activated", "created date",
)  # fmt: skip
_REGISTRAR = ("registrar", "sponsoring registrar", "registrar name", "registrar organization")
_REG_ORG = ("registrant organization", "registrant organisation", "registrant org", "org")
_REG_NAME = ("registrant name", "registrant", "holder", "registrant contact name")
_REG_COUNTRY = ("registrant country", "registrant country code")
_NS = ("name server", "nserver", "nameserver", "name servers", "nameservers", "dns")
_STATUS = ("domain status", "status", "state")
_PRIVACY = re.compile(r"redacted|gdpr|privacy|withheld|not disclosed|data protection", re.I)
_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d", "%Y/%m/%d", "%d-%b-%Y", "%d.%m.%Y", "%d/%m/%Y",
    "%Y%m%d", "%d-%m-%Y",
)  # fmt: skip


def load_servers(location: str | None) -> dict[str, str]:
    """TLD (or suffix) -> whois server, bundled and then overridden by ``location``."""
    servers = {k.lower(): str(v) for k, v in load_json("rdap", "whois.json")["servers"].items()}
    if location:
        path = Path(location)
        extra = path / "whois.json" if path.is_dir() else path.with_name("whois.json")
        if extra.is_file():
            doc = read_bootstrap_json(extra)
            servers.update({k.lower(): str(v) for k, v in doc.get("servers", {}).items()})
    return servers


def server_for(name: str, servers: dict[str, str]) -> str | None:
    labels = name.split(".")
    for i in range(1, len(labels)):
        found = servers.get(".".join(labels[i:]))
        if found:
            return found
    return None


def _fetch(server: str, name: str, timeout: float, max_bytes: int) -> bytes:
    host, _, port = server.partition(":")
    deadline = time.monotonic() + timeout
    with socket.create_connection((host, int(port) if port.isdigit() else 43), timeout) as sock:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        sock.sendall(name.encode("ascii", "replace") + b"\r\n")
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > max_bytes:
                raise OverflowError
            chunks.append(chunk)


def lookup(
    name: str,
    server: str,
    timeout: float,
    take: Callable[[], bool],
    max_bytes: int = MAX_BYTES,
) -> RdapAnswer:
    """Ask ``server`` about ``name``; the answer carries an RDAP-shaped ``data`` dict."""
    url = f"whois://{server}/{name}"
    if not take():
        return RdapAnswer(
            name, RdapKind.DOMAIN, RdapStatus.CAPPED, None, url, "request limit reached"
        )
    try:
        raw = _fetch(server, name, timeout, max_bytes)
    except TimeoutError:
        return RdapAnswer(
            name, RdapKind.DOMAIN, RdapStatus.TIMEOUT, None, url, f"no answer within {timeout:g} s"
        )
    except OverflowError:
        return RdapAnswer(
            name, RdapKind.DOMAIN, RdapStatus.ERROR, None, url, f"answer over {max_bytes} bytes"
        )
    except (OSError, ValueError) as exc:
        return RdapAnswer(
            name, RdapKind.DOMAIN, RdapStatus.ERROR, None, url, f"{type(exc).__name__}: {exc}"[:200]
        )
    text = raw.decode("utf-8", "replace")
    if _NOT_FOUND.search(text):
        return RdapAnswer(name, RdapKind.DOMAIN, RdapStatus.NOT_FOUND, None, url, "whois: no match")
    return RdapAnswer(name, RdapKind.DOMAIN, RdapStatus.OK, whois_to_rdap(name, text, server), url)


def parse_date(value: str) -> datetime | None:
    text = value.strip().split(" (")[0].replace("Z", "+0000").replace("UTC", "").strip()
    if re.fullmatch(r".*[+-]\d\d:\d\d", text):
        text = text[:-3] + text[-2:]
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _vcard(**props: str | None) -> list[Any]:
    card: list[list[Any]] = [["version", {}, "text", "4.0"]]
    for key in ("fn", "org"):
        if props.get(key):
            card.append([key, {}, "text", props[key]])
    if props.get("cc"):
        card.append(["adr", {"cc": props["cc"]}, "text", ["", "", "", "", "", "", ""]])
    return ["vcard", card]


def whois_to_rdap(name: str, text: str, server: str = "") -> dict[str, Any]:
    """Free-text whois -> the subset of an RDAP domain object the rest of the code reads."""
    fields: dict[str, list[str]] = {}
    remarks: list[str] = []
    for line in text.splitlines()[:2000]:
        if _PRIVACY.search(line) and len(remarks) < 5:
            remarks.append(line.strip()[:200])
        match = _LINE.match(line)
        if match and match.group(2):
            fields.setdefault(match.group(1).strip().lower(), []).append(match.group(2)[:200])

    def first(keys: tuple[str, ...]) -> str | None:
        for key in keys:
            if fields.get(key):
                return fields[key][0]
        return None

    data: dict[str, Any] = {"objectClassName": "domain", "ldhName": name, "port43": server}
    created = first(_CREATED)
    when = parse_date(created) if created else None
    if when:
        data["events"] = [{"eventAction": "registration", "eventDate": when.isoformat()}]
    entities: list[dict[str, Any]] = []
    registrar = first(_REGISTRAR)
    if registrar:
        entities.append({"roles": ["registrar"], "vcardArray": _vcard(fn=registrar)})
    org, person, cc = first(_REG_ORG), first(_REG_NAME), first(_REG_COUNTRY)
    if org or person:
        card = _vcard(fn=person or org, org=org, cc=cc if cc and len(cc) == 2 else None)
        entities.append({"roles": ["registrant"], "vcardArray": card})
    data["entities"] = entities
    servers = [v.split()[0].lower().rstrip(".") for k in _NS for v in fields.get(k, []) if v]
    data["nameservers"] = [{"ldhName": ns} for ns in dict.fromkeys(servers)][:13]
    statuses = [v.split()[0] for k in _STATUS for v in fields.get(k, []) if v]
    data["status"] = list(dict.fromkeys(statuses))[:10]
    if remarks:
        data["remarks"] = [{"title": "whois", "description": remarks}]
    return data
