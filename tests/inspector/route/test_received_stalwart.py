"""Conformance: parse_received against the 181 real Received headers (with expected fields) of
stalwartlabs/mail-parser's resources/received.json (read from ../shared, never copied).

Agreement is computed per field over every header and printed as a table (run with -s).
The suite's expectations are mail-parser's own reading; where it is debatable, the case is
listed in DEBATABLE with the reason and the value we hold to be right, and the table shows
both the raw agreement with the suite and the agreement with those corrections. The floors
are what this parser achieves, so a regression fails the test.

Field mapping: suite ``from`` (the name or address right after "from") = Hop.from_host;
``by`` = Hop.by; ``ip`` = suite ``from_ip``, else the suite's ``from`` when that is an address
(``from [192.0.2.1] by ...``) = Hop.ip; ``date`` compared as an instant; ``with`` = Hop.protocol
(we keep protocols outside the suite's vocabulary verbatim, e.g. "mapi", "ECSTREAM"; the suite
has none for those); ``helo``, ``from_iprev`` (reverse DNS), ``tls_version`` and ``tls_cipher``
are compared on the headers where the suite records them. Names compare case-insensitively
without brackets or trailing dot; addresses in canonical form (IPv4-mapped IPv6 as IPv4).
The suite's ``ident`` and ``via`` have no Hop field and are not compared.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from inspector.model.route import Hop
from inspector.route.ipinfo import normalize_ip
from inspector.route.received import parse_received

_MISSING = object()


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc,arg-type]


# index -> {field: (value we hold right, why)}
DEBATABLE: dict[int, dict[str, tuple[object, str]]] = {
    13: {"date": (_utc(2003, 2, 7, 18, 18, 12), "asctime order with a zone; suite reads garbage")},
    28: {"id": ("EE/20-30863-33CE1054", "ecelerity ids contain '/'; the suite cuts at it")},
    29: {"id": ("8B/57-16227-3764EB44", "same as 28")},
    30: {"id": ("52/92-02454-89FBA054", "same as 28")},
    43: {"ip": ("10.0.8.6", "'[10.0.8.6.13219]' is an address with a dotted port")},
    50: {"rdns": ("one.develooper.com", "sendmail's 'IDENT:user@rdns [ip]' names the rDNS")},
    64: {"ip": ("213.228.0.169", "qmail writes '(remoteinfo@ip)': the client address")},
    67: {"date": (_utc(2003, 2, 12, 22, 22, 21), "PST is -0800 (RFC 5322 4.3); suite ignores it")},
    69: {"date": (_utc(2003, 2, 20, 23, 13, 20), "the date is there, only the ';' is missing")},
    81: {"ip": ("63.251.66.24", "'[63.251.66.24.63559]' is an address with a dotted port")},
    86: {"ip": ("207.213.27.129", "qmail '(remoteinfo@ip)', as 64")},
    87: {"ip": ("80.167.158.170", "qmail '(remoteinfo@ip)', as 64")},
    89: {"date": (_utc(2003, 3, 27, 2, 43, 24), "two-digit year 03 is 2003 (RFC 5322 4.3)")},
    90: {"date": (_utc(2004, 2, 27, 22, 16, 56), "two-digit year 04 is 2004 (RFC 5322 4.3)")},
    97: {"ip": ("200.69.254.217", "qmail '(user@ip with plain)', as 64")},
    116: {"ip": ("64.253.199.166", "qmail '(remoteinfo@ip)', as 64")},
    117: {"date": (_utc(2005, 11, 13, 14, 50, 12), "asctime without zone; suite reads garbage")},
    118: {"date": (_utc(2005, 11, 13, 15, 38, 52), "asctime without zone; suite reads garbage")},
    119: {"ip": ("93.124.107.183", "Yahoo '(user@ip with login)': the client address")},
    123: {"by": ("alpha", "'by alpha by uid 7791': the second 'by' is a qmail-scanner note")},
    125: {"from": ("Unknown/Local", "the from text is 'Unknown/Local'; the suite cuts at '/'")},
    128: {"date": (_utc(2003, 3, 20, 9, 6, 43), "two-digit year 03 is 2003 (RFC 5322 4.3)")},
    129: {"rdns": ("casper", "sendmail '(user@rdns [ip])'")},
    144: {
        "date": (
            datetime(2020, 4, 2, 7, 53, 55, 516000, tzinfo=UTC),
            "SendGrid fractional seconds; the suite drops the seconds",
        )
    },
    151: {"date": (_utc(2018, 9, 14, 18, 36, 56), "asctime with EDT; suite reads garbage")},
    153: {"for": ("address", "the header says 'for <address>' (redacted); the suite drops it")},
    163: {"date": (_utc(2006, 6, 2, 15, 15, 21), "PDT is -0700 (RFC 5322 4.3); suite ignores it")},
    165: {"from": (None, "'(qmail N invoked from network)' is a comment, not a from clause")},
    171: {"from": (None, "'(Postfix, from userid 1002)' is a comment, not a from clause")},
}

# The suite's protocol vocabulary; our other protocol values are kept verbatim and count as
# agreeing with the suite's "none".
SUITE_PROTOCOLS = frozenset(
    {
        "SMTP",
        "ESMTP",
        "ESMTPS",
        "ESMTPA",
        "ESMTPSA",
        "LMTP",
        "LMTPA",
        "HTTP",
        "IMAP",
        "POP3",
        "LOCAL",
    }
)

# Agreement floors (fractions), what the parser achieves today: raw = against the suite as
# written, fixed = with the DEBATABLE corrections.
FLOORS_RAW = {"from": 0.983, "by": 0.994, "ip": 0.955, "date": 0.939}
FLOORS_FIXED = {"from": 1.0, "by": 1.0, "ip": 1.0, "date": 1.0}


def _name(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get("Name") or value.get("IpAddr")
    return str(value)


def _norm(value: object) -> object:
    if not isinstance(value, str):
        return value
    s = value.strip().strip("[]").rstrip(".")
    return (normalize_ip(s) or s).lower() or None


def _date(e: dict[str, int] | None) -> datetime | str | None:
    if not e:
        return None
    sign = -1 if e["tz_before_gmt"] else 1
    offset = timezone(timedelta(minutes=sign * (e["tz_hour"] * 60 + e["tz_minute"])))
    try:
        return datetime(
            e["year"], e["month"], e["day"], e["hour"], e["minute"], e["second"], tzinfo=offset
        ).astimezone(UTC)
    except ValueError:
        return "invalid date in suite"


def _protocol(hop: Hop) -> str | None:
    p = (hop.protocol or "").upper()
    return p if p in SUITE_PROTOCOLS else None


def _tls_version(v: str | None) -> str | None:
    return v.replace("_", ".") if v else None


# field -> (expected from suite entry, ours from hop, compared only where the suite has it)
FieldSpec = tuple[Callable[[dict[str, Any]], object], Callable[[Hop], object], str | None]
FIELDS: dict[str, FieldSpec] = {
    "from": (lambda e: _name(e.get("from")), lambda h: h.from_host, None),
    "by": (lambda e: _name(e.get("by")), lambda h: h.by, None),
    "ip": (
        lambda e: e.get("from_ip") or (e.get("from") or {}).get("IpAddr"),
        lambda h: h.ip,
        None,
    ),
    "date": (lambda e: _date(e.get("date")), lambda h: h.timestamp, None),
    "protocol": (
        lambda e: (e.get("with") or "").upper() or None,
        _protocol,
        None,
    ),
    "id": (lambda e: e.get("id"), lambda h: h.id, None),
    "for": (lambda e: e.get("for_"), lambda h: h.for_, None),
    "helo": (lambda e: _name(e.get("helo")), lambda h: h.helo, "helo"),
    "rdns": (lambda e: e.get("from_iprev"), lambda h: h.rdns, "from_iprev"),
    "tls_version": (
        lambda e: _tls_version(e.get("tls_version")),
        lambda h: h.tls_version,
        "tls_version",
    ),
    "cipher": (lambda e: e.get("tls_cipher"), lambda h: h.cipher, "tls_cipher"),
}


def _rdns_norm(value: object) -> object:
    # The suite drops "localhost" as a reverse name; we keep what the server wrote.
    v = _norm(value)
    return None if v == "localhost" else v


@pytest.fixture(scope="module")
def cases(suites_dir: Path) -> list[dict[str, Any]]:
    path = suites_dir / "received-stalwart" / "received.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _agreement(cases: list[dict[str, Any]]) -> dict[str, tuple[int, int, int, list[int]]]:
    """field -> (compared, agree raw, agree fixed, disagreeing indices after fixes)."""
    out: dict[str, tuple[int, int, int, list[int]]] = {}
    hops = [parse_received(c["header"], i) for i, c in enumerate(cases)]
    for field, (expect, ours, only_if) in FIELDS.items():
        compared = raw_ok = fixed_ok = 0
        misses: list[int] = []
        norm = _rdns_norm if field == "rdns" else _norm
        for i, (case, hop) in enumerate(zip(cases, hops, strict=True)):
            e = case["expected"]
            if only_if is not None and only_if not in e:
                continue
            compared += 1
            mine = norm(ours(hop))
            suite = norm(expect(e))
            fixed = norm(DEBATABLE.get(i, {}).get(field, (suite, ""))[0])
            raw_ok += mine == suite
            fixed_ok += mine == fixed
            if mine != fixed:
                misses.append(i)
        out[field] = (compared, raw_ok, fixed_ok, misses)
    return out


def test_stalwart_received_agreement(cases: list[dict[str, Any]]) -> None:
    assert len(cases) == 181
    table = _agreement(cases)
    print("\nReceived conformance (stalwart mail-parser suite, 181 headers)")
    print(f"{'field':<12}{'compared':>9}{'raw':>9}{'fixed':>9}  disagreeing (after fixes)")
    for field, (n, raw_ok, fixed_ok, misses) in table.items():
        print(
            f"{field:<12}{n:>9}{raw_ok / n:>9.1%}{fixed_ok / n:>9.1%}  {misses[:12]}"
            + (" ..." if len(misses) > 12 else "")
        )
    for field, floor in FLOORS_RAW.items():
        n, raw_ok, _, _ = table[field]
        assert raw_ok / n >= floor, f"{field}: raw agreement {raw_ok / n:.1%} < {floor:.0%}"
    for field, floor in FLOORS_FIXED.items():
        n, _, fixed_ok, misses = table[field]
        assert fixed_ok / n >= floor, f"{field}: {fixed_ok / n:.1%} < {floor:.0%}; {misses}"


def test_stalwart_never_raises_and_keeps_raw(cases: list[dict[str, Any]]) -> None:
    for i, case in enumerate(cases):
        hop = parse_received(case["header"], i)
        assert hop.raw == case["header"]
        assert hop.index == i
