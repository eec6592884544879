"""Facts about values no honest sender writes: client addresses, From addresses, HELO names.

Kept apart from the rules that judge them so the reasons are typed values the report and
tests can rely on, not sentences."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IpFault(StrEnum):
    """What is wrong with an address in a client-IP header."""

    NOT_AN_ADDRESS = "not-an-address"  # 53.269.15.776: no such address exists
    NOT_ROUTABLE = "not-routable"  # unspecified, multicast, reserved, documentation
    PRIVATE = "private"  # a LAN or loopback address where the receiver records the client


class FromFault(StrEnum):
    """What is wrong with the From address as the reader sees it."""

    EMPTY = "empty"  # From: <>
    NO_DOMAIN = "no-domain"  # From: MAILER-DAEMON
    NOT_A_DOMAIN = "not-a-domain"  # characters no domain name can hold (an encoded-word)
    NO_TLD = "no-tld"  # notificacoes@correios: the last label is no top-level domain
    QUOTED_ADDRESS = "quoted-address"  # <"no-reply@brand.example">: the address is a quote
    ENCODED_ADDRESS = "encoded-address"  # =?UTF-8?B?...?= where the address belongs


@dataclass(frozen=True)
class ClientIpValue:
    """A client-IP header whose value cannot be the client's address."""

    header: str
    value: str
    fault: IpFault
    detail: str


@dataclass(frozen=True)
class FromAddressFault:
    """The From address is not one DMARC can check as the reader sees it.

    ``shown`` is the address a reader sees (the quoted one for QUOTED_ADDRESS), ``domain``
    the domain DMARC actually checks (empty when there is none)."""

    fault: FromFault
    address: str
    shown: str
    domain: str
    detail: str


@dataclass(frozen=True)
class GovernmentHelo:
    """The server that connected to the receiver named itself with a government domain
    (HELO) although it is a rented server."""

    hop_index: int
    helo: str
    ip: str
    hosting: str  # why it is a rented server: its name or its network
