"""Client-IP headers whose value cannot be the client's address.

Webmail services and receivers record the address of the computer that submitted or
delivered a message (X-Originating-IP, X-Sender-IP...). A value that is no address at all
(53.269.15.776) was typed by whoever made the message up. An address that never routes on
the internet (multicast, reserved, 0.0.0.0) cannot have connected from outside either.

Private and loopback addresses are normal in X-Originating-IP: an Exchange server writes
the LAN address of the employee's PC, a webmail front end on the same machine writes
127.0.0.1. Only where the receiver records the connecting client (X-Sender-IP at
Outlook.com, X-AOL-IP) does a public address follow from the header's meaning. Documentation
ranges count as public, as everywhere in the route code: published samples are anonymised
to them.
"""

from __future__ import annotations

import re

from inspector.model.codes import IpScope
from inspector.model.identity import ClientIpValue, IpFault
from inspector.model.message import ParsedMessage
from inspector.route.ipinfo import ip_scope

#: Headers that carry one client address; lower-case.
CLIENT_IP_HEADERS = (
    "x-originating-ip",
    "x-sender-ip",
    "x-source-ip",
    "x-aol-ip",
    "x-client-ip",
    "x-originating-client-ip",
    "x-ms-exchange-organization-originalclientipaddress",
    "x-ms-exchange-crosspremises-originalclientipaddress",
)
#: Headers in which the receiver records the client that connected from the internet.
_PUBLIC_IMPLIED = frozenset({"x-sender-ip", "x-aol-ip"})
_NEVER_ROUTED = frozenset({IpScope.UNSPECIFIED, IpScope.MULTICAST, IpScope.RESERVED})
_LOCAL = frozenset({IpScope.PRIVATE, IpScope.LOOPBACK, IpScope.LINK_LOCAL, IpScope.SHARED})
# Something written as an address: dotted numbers, or hex groups with colons.
_LOOKS_V4 = re.compile(r"^\d{1,4}(?:\.\d{1,4}){2,4}$")
_LOOKS_V6 = re.compile(r"^[0-9a-f]{0,4}(?::[0-9a-f]{0,5}){2,8}$", re.IGNORECASE)
_MAX_HEADERS = 10
_MAX_VALUE = 100
_BROADCAST = "255.255.255.255"


def _bare(value: str) -> str:
    return value.strip()[:_MAX_VALUE].strip("[]() \t").strip()


def client_ip_faults(message: ParsedMessage) -> tuple[ClientIpValue, ...]:
    """Every client-IP header value that cannot be the real client's address."""
    found: list[ClientIpValue] = []
    for name in CLIENT_IP_HEADERS:
        for header in message.get_all(name)[:_MAX_HEADERS]:
            fault = _fault(name, _bare(header.value))
            if fault is not None:
                found.append(ClientIpValue(header.name, header.value.strip()[:100], *fault))
    return tuple(found)


def _fault(name: str, value: str) -> tuple[IpFault, str] | None:
    if not value:
        return None
    scope = ip_scope(value)
    if scope is None:
        if _LOOKS_V4.match(value) or _LOOKS_V6.match(value):
            return IpFault.NOT_AN_ADDRESS, f"{value} is written like an address, but none exists"
        return None  # not even trying to be an address ("unknown"): nothing to conclude
    if scope in _NEVER_ROUTED and value != _BROADCAST:
        return IpFault.NOT_ROUTABLE, f"{value} is a {scope.value} address"
    if name in _PUBLIC_IMPLIED and scope in _LOCAL:
        return IpFault.PRIVATE, f"{value} is a {scope.value} address"
    return None
