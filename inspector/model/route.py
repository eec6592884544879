"""The relay path: one hop per Received header, the trust boundary and each hop's role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspector.model.codes import HopRole, IpScope


class TokenKind(StrEnum):
    """The lexical pieces of a Received header (RFC 5322 section 3.6.7 with the comments,
    literals and stray punctuation real servers write)."""

    ATOM = "atom"
    COMMENT = "comment"
    QUOTED = "quoted"
    ANGLE = "angle"
    BRACKET = "bracket"
    SEMI = "semi"


class HeloShape(StrEnum):
    """What the name a server announced (HELO/EHLO) looks like: an address literal, a bare
    or local machine name, or a fully qualified name (RFC 5321 section 4.1.1.1)."""

    IP_LITERAL = "ip_literal"
    NOT_FQDN = "not_fqdn"
    NAME = "name"


@dataclass(frozen=True, init=False)
class Hop:
    """One Received header, oldest first. ``ip`` and ``rdns`` are what the receiving server
    recorded; ``delay_seconds`` may be negative (clock skew) and is never wrapped.

    One is built for every Received header of every message, so ``__init__`` fills the
    instance dictionary at once: the frozen dataclass's generated one sets the 21 fields by
    ``object.__setattr__`` one at a time, twice the cost. Fields, equality, hashing, ``repr``
    and immutability stay the dataclass's."""

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
    role: HopRole | None = None

    def __init__(
        self,
        index: int,
        raw: str,
        helo: str | None = None,
        rdns: str | None = None,
        ip: str | None = None,
        by: str | None = None,
        protocol: str | None = None,
        tls: str | None = None,
        tls_version: str | None = None,
        cipher: str | None = None,
        id: str | None = None,
        for_: str | None = None,
        timestamp: datetime | None = None,
        delay_seconds: float | None = None,
        clock_skew: bool = False,
        ip_scope: IpScope | None = None,
        internal: bool = False,
        boundary: bool = False,
        unparsed: str = "",
        from_host: str | None = None,
        role: HopRole | None = None,
    ) -> None:
        self.__dict__.update(
            index=index,
            raw=raw,
            helo=helo,
            rdns=rdns,
            ip=ip,
            by=by,
            protocol=protocol,
            tls=tls,
            tls_version=tls_version,
            cipher=cipher,
            id=id,
            for_=for_,
            timestamp=timestamp,
            delay_seconds=delay_seconds,
            clock_skew=clock_skew,
            ip_scope=ip_scope,
            internal=internal,
            boundary=boundary,
            unparsed=unparsed,
            from_host=from_host,
            role=role,
        )


@dataclass(frozen=True)
class Route:
    """Summary of the relay path.

    ``boundary_index`` is the hop where the recipient's organisation took the message from
    outside (``client_ip``/``client_helo`` are its client, what SPF judges). For list mail the
    list host's intake is ``intermediary_index`` and its client, the author's server, is
    ``origin_ip``; otherwise ``origin_ip`` is the boundary's client. ``recorded_client_ip`` is
    the receiver's own record of the connecting address when one agrees with the boundary;
    ``submission_ip`` is the client that injected the message (X-Originating-IP or the
    authenticated submission hop)."""

    total_transit_seconds: float | None = None
    boundary_index: int | None = None
    client_ip: str | None = None
    client_helo: str | None = None
    received_at: datetime | None = None
    receiver: str | None = None
    recorded_client_ip: str | None = None
    intermediary: str | None = None
    intermediary_index: int | None = None
    origin_ip: str | None = None
    submission_ip: str | None = None
