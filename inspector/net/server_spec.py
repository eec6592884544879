"""DNS server specs from the options or the command line ("192.0.2.1", "[::1]:5353") and the
error raised when one cannot be used.

The CLI checks ``--dns-server``
values with it, so a bad server is a usage error raised before any analysis starts.
"""

from __future__ import annotations

import ipaddress

from inspector.errors import InspectorError


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


def server_label(address: str, port: int) -> str:
    """The evidence label of a server: ``192.0.2.1:53``, ``[::1]:53``."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
