"""The receivers' own records of which address connected to them, read from the headers they
add beside their Received line.

A Received line's ``from`` clause can be copied or forged below the trust boundary, but the
receiver also writes the connecting address into its authentication and filter headers:
Microsoft's Authentication-Results "(sender IP is ...)", X-Sender-IP, the Exchange
OriginalClientIPAddress headers and CIP in X-Forefront-Antispam-Report; Received-SPF
``client-ip=``; ``smtp.remote-ip=`` in Authentication-Results. A candidate boundary hop whose
client address is among these is confirmed by the receiver itself. The submission client is
recorded separately (X-Originating-IP): it is the sender's side, never the boundary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspector.model.message import Header
from inspector.route.ipinfo import normalize_ip

_SENDER_IP = re.compile(r"\bsender\s+ip\s+is\s+\[?([0-9A-Fa-f:.]{3,45})", re.IGNORECASE)
_CLIENT_IP = re.compile(r"\bclient-ip\s*=\s*\[?([0-9A-Fa-f:.]{3,45})", re.IGNORECASE)
_REMOTE_IP = re.compile(r"\bsmtp\.remote-ip\s*=\s*\[?([0-9A-Fa-f:.]{3,45})", re.IGNORECASE)
_CIP = re.compile(r"(?:^|;)\s*CIP:([0-9A-Fa-f:.]{3,45})", re.IGNORECASE)
_DIR_OUT = re.compile(r"(?:^|;)\s*DIR:OUT\b", re.IGNORECASE)
_PLAIN_IP_HEADERS = frozenset(
    {
        "x-sender-ip",
        "x-ms-exchange-organization-originalclientipaddress",
        "x-ms-exchange-crosspremises-originalclientipaddress",
    }
)
#: The names whose values can hold a recorded address; other headers are passed over unread.
_RECORDING_HEADERS = _PLAIN_IP_HEADERS | {
    "authentication-results",
    "received-spf",
    "x-forefront-antispam-report",
}
#: Every name either reader below looks at: the trace picks these headers out of the block in
#: the one pass that also finds its Received and List-Id headers.
READ_NAMES = _RECORDING_HEADERS | {"x-originating-ip"}
MAX_SCANNED = 400  # headers looked at: a hostile message may carry thousands


def _ip(text: str) -> str | None:
    return normalize_ip(text.strip().strip("[]").rstrip(";,)"))


def recorded_client_ips(headers: Sequence[Header]) -> tuple[str, ...]:
    """Addresses the receivers recorded as connecting to them, in header order, no repeats."""
    found: dict[str, None] = {}
    for header in headers[:MAX_SCANNED]:
        name = header.name.strip().lower()
        if name not in _RECORDING_HEADERS:  # most headers: no value cut, no list made
            continue
        value = header.value[:4096]
        hits: list[str] = []
        if name in _PLAIN_IP_HEADERS:
            hits.append(value)
        elif name == "authentication-results":
            hits += _SENDER_IP.findall(value) + _REMOTE_IP.findall(value)
        elif name == "received-spf":
            hits += _CLIENT_IP.findall(value)
        elif name == "x-forefront-antispam-report" and not _DIR_OUT.search(value):
            hits += _CIP.findall(value)
        for text in hits:
            ip = _ip(text)
            if ip and ip != "255.255.255.255":
                found.setdefault(ip, None)
    return tuple(found)


def originating_ip(headers: Sequence[Header]) -> str | None:
    """The submission client the sender's server recorded (X-Originating-IP), if valid."""
    for header in headers[:MAX_SCANNED]:
        if header.name.strip().lower() == "x-originating-ip":
            ip = _ip(header.value[:100])
            if ip:
                return ip
    return None
