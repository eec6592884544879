"""The relay path: one hop per Received header and the trust boundary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspector.model.codes import IpScope


@dataclass(frozen=True)
class Hop:
    """One Received header, oldest first. ``ip`` and ``rdns`` are what the receiving server
    recorded; ``delay_seconds`` may be negative (clock skew) and is never wrapped."""

    index: int
    raw: str
    helo: str | None = None
    rdns: str | None = None
    ip: str | None = None
    by: str | None = None
    protocol: str | None = None
    tls: str | None = None
    tls_version: str | None = None
    cipher: str | None = None
    id: str | None = None
    for_: str | None = None
    timestamp: datetime | None = None
    delay_seconds: float | None = None
    clock_skew: bool = False
    ip_scope: IpScope | None = None
    internal: bool = False
    boundary: bool = False
    unparsed: str = ""
    from_host: str | None = None  # the name written right after "from", as the server wrote it


@dataclass(frozen=True)
class Route:
    """Summary of the relay path."""

    total_transit_seconds: float | None = None
    boundary_index: int | None = None
    client_ip: str | None = None
    client_helo: str | None = None
    received_at: datetime | None = None
