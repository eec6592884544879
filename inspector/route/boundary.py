"""Where the recipient's organisation took the message from outside (the trust boundary), and,
for list mail, where the list host took it from the author's server.

1. Structure first. Walking down from the newest hop, the first hop received by a known
   receiver's inbound front end (``*.mail.protection.outlook.com``, ``mx.google.com``,
   ``mailin*.protonmail.ch`` ... in ``data/receivers.json``) from an external address is the
   boundary, provided every newer hop is the recipient's own: a server of the same receiver
   (Microsoft's ``*.prod.outlook.com``, ``*.prod.exchangelabs.com``, ``*.outlook.office365.com``;
   Google's ``2002:...``), a local or private-address step, or a relay between the
   recipient's own servers. A hybrid tenant that relays inbound mail on to its on-premises
   servers (``*.outbound.protection.outlook.com`` received by the organisation's own MX)
   counts as the recipient's own only when the receiver's record of the client address
   (``inspector.route.recorded``) names the front end's client.
2. Otherwise the generic walk of ``inspector.route.heuristic``.
3. A filtering gateway in front of the receiver (Proofpoint, Mimecast ...) owns the boundary:
   when the boundary's client is a gateway and an older hop shows that gateway receiving from
   outside, the boundary moves there if the receiver recorded that hop's client (Gmail's
   ``client-ip`` names the address behind the gateway) or, with no record at all, always.
4. List hosts (subspace/kernel.org, vger, Google Groups, Yahoo Groups ...): below the
   boundary, the list host's own relays lead to its intake, the hop where it took the post
   from the author's server. The intake and the author's server are reported beside the
   recipient's boundary, never instead of it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from inspector.model.message import Header
from inspector.model.route import Hop
from inspector.route.heuristic import client_domains, find_boundary, registrable_domain
from inspector.route.ipinfo import is_external_scope
from inspector.route.receivers import (
    ListHost,
    Receiver,
    gateway_domains,
    list_hosts,
    receiver_for_entry,
)

_MAILBOX_PROTOCOLS = ("IMAP", "POP", "LMTP")
_LIST_ID = re.compile(r"<([^<>\s]{1,200})>")


def list_id_hosts(headers: Sequence[Header]) -> tuple[str, ...]:
    """The list identifiers of List-Id headers (``<linux-ntb.googlegroups.com>``)."""
    found = (_LIST_ID.search(h.value[:400]) for h in headers if h.name.lower() == "list-id")
    return tuple(m.group(1).lower() for m in found if m)


@dataclass(frozen=True)
class Boundary:
    """The boundary hop and what confirmed it, plus the list host's intake when there is one."""

    index: int | None
    receiver: str | None = None
    recorded_ip: str | None = None
    intake_index: int | None = None
    list_host: str | None = None


def _external(hop: Hop) -> bool:
    return hop.ip is not None and is_external_scope(hop.ip_scope)


def _mailbox_step(hop: Hop) -> bool:
    proto = (hop.protocol or "").upper()
    return proto.startswith(_MAILBOX_PROTOCOLS) or proto == "LOCAL"


def _client_names(hop: Hop) -> tuple[str | None, ...]:
    return (hop.rdns, hop.helo, hop.from_host)


def _recipients_own(hop: Hop, receiver: Receiver, own: set[str], entry_recorded: bool) -> bool:
    """A hop above the candidate entry that the recipient's organisation itself wrote."""
    if receiver.owns_host(hop.by) or not _external(hop) or _mailbox_step(hop):
        return True
    names = client_domains(hop)
    if names and names <= own:
        return True  # relayed between servers that wrote hops above the entry
    # a hybrid tenant hands inbound mail on to the organisation's on-premises servers
    return entry_recorded and receiver.sends_from(_client_names(hop), hop.ip)


def _structural(hops: Sequence[Hop], recorded: Collection[str]) -> tuple[int, Receiver] | None:
    for i in range(len(hops) - 1, -1, -1):
        hop = hops[i]
        receiver = receiver_for_entry(hop.by)
        if receiver is None or not (_external(hop) or hop.ip is None):
            continue  # (no address at all: a report the provider generated itself)
        above = hops[i + 1 :]
        own = {d for d in (registrable_domain(h.by) for h in above) if d}
        recorded_here = hop.ip in recorded
        if all(_recipients_own(h, receiver, own, recorded_here) for h in above):
            return i, receiver
        return None
    return None


def _behind_gateway(hops: Sequence[Hop], boundary: int, recorded: Collection[str]) -> int:
    gateways = gateway_domains()
    if not client_domains(hops[boundary]) & gateways:
        return boundary
    for j in range(boundary - 1, -1, -1):
        hop = hops[j]
        if registrable_domain(hop.by) not in gateways or not _external(hop):
            continue
        if client_domains(hop) & gateways:
            continue  # one gateway server handing to another
        if not recorded or hop.ip in recorded:
            return j
    return boundary


def _intake(hops: Sequence[Hop], boundary: int, host: ListHost, posted: bool) -> int | None:
    """The list host's intake; its oldest hop when the post was made on the host itself (a
    web interface: ``posted``, the List-Id names the host) and no server handed it in."""
    for j in range(boundary - 1, -1, -1):
        hop = hops[j]
        by_domain = registrable_domain(hop.by)
        if host.is_intake(hop.by) and _external(hop) and not client_domains(hop) & host.domains:
            return j
        # Google's relays are named by address (2002:...); some lines name no server at all
        unnamed = by_domain is None
        if not (by_domain in host.domains or unnamed or host.is_intake(hop.by)):
            return None
        if j == 0 and hop.ip is None and posted:
            return j
    return None


def _list_intake(
    hops: Sequence[Hop], boundary: int, list_ids: Collection[str]
) -> tuple[int, str] | None:
    # What the entry hop's client and the hop below it are named, read once for all hosts.
    entry_domains = client_domains(hops[boundary])
    below = hops[boundary - 1] if boundary > 0 else None
    below_domain = registrable_domain(below.by) if below is not None else None
    for host in list_hosts():
        came_from_list = bool(entry_domains & host.domains) or (
            below is not None and (below_domain in host.domains or host.is_intake(below.by))
        )
        if not came_from_list:
            continue
        posted = any(registrable_domain(d) in host.domains for d in list_ids)
        found = _intake(hops, boundary, host, posted)
        if found is not None:
            return found, host.name
    return None


def locate_boundary(
    hops: Sequence[Hop],
    recorded: Collection[str] = (),
    recipient_domains: Collection[str] = (),
    list_ids: Collection[str] = (),
) -> Boundary:
    """The recipient's boundary (see the module docstring), what confirmed it, and the list
    host's intake below it. ``list_ids`` are the host names of the List-Id headers."""
    if not hops:
        return Boundary(None)
    structural = _structural(hops, recorded)
    receiver: str | None = None
    if structural is not None:
        index: int | None = structural[0]
        receiver = structural[1].name
    else:
        index = find_boundary(hops, recipient_domains)
    if index is None:
        return Boundary(None)
    index = _behind_gateway(hops, index, recorded)
    if receiver is None:
        receiver = registrable_domain(hops[index].by) or hops[index].by
    ip = hops[index].ip
    intake = _list_intake(hops, index, list_ids)
    return Boundary(
        index=index,
        receiver=receiver,
        recorded_ip=ip if ip is not None and ip in recorded else None,
        intake_index=intake[0] if intake else None,
        list_host=intake[1] if intake else None,
    )
