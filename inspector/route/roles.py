"""Each hop's role, seen from the recipient (``HopRole``).

Above the boundary the recipient's own servers; between the boundary and a list host's intake
the intermediary; below the outermost entry the sender's side. There, hops written by a known
receiver that took the message in from outside through its own front end and sent it on are
an earlier receiver: a Microsoft 365 tenant relaying another organisation's mail is a relay
tenant, a forwarding mailbox or service (a Gmail account forwarding, ImprovMX) an
intermediary. The newest remaining hop is the origin (the server that handed the message
out); the hop where a client injected it (authenticated SMTP, or the client X-Originating-IP
names) is the submission; the rest are the sender's internal relays.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from inspector.model.codes import HopRole
from inspector.model.replaced import replaced
from inspector.model.route import Hop
from inspector.route.boundary import Boundary
from inspector.route.heuristic import client_domains, registrable_domain
from inspector.route.ipinfo import is_external_scope
from inspector.route.receivers import Receiver, forwarders, microsoft, receivers


def _authenticated(hop: Hop) -> bool:
    proto = (hop.protocol or "").upper()
    return "SMTP" in proto and proto.rstrip("S").endswith("A")


def _earlier_receiver(hops: Sequence[Hop], start: int) -> tuple[int, HopRole] | None:
    """Below the outermost entry, hops of a known receiver or forwarding service that took the
    message in from outside (its own front end) and sent it on: (oldest such hop, role).
    A Microsoft 365 tenant that took the message from its own organisation's servers is the
    sender's tenant (no separate role); one that took it from elsewhere is a relay tenant;
    any other receiver (a Gmail account forwarding, ImprovMX) is an intermediary."""
    for receiver in _claimants(hops[start].by):
        for j in range(start, -1, -1):
            hop = hops[j]
            if receiver.is_entry(hop.by) and hop.ip is not None and is_external_scope(hop.ip_scope):
                return j, _earlier_role(hops, j, receiver)
            unnamed = hop.by is None or registrable_domain(hop.by) is None
            if not (unnamed or any(r is receiver for r in _claimants(hop.by))):
                break
    return None


def _claimants(host: str | None) -> tuple[Receiver, ...]:
    """The receivers and forwarding services whose servers (front end, internal or outbound)
    ``host`` names, in the data file's order."""
    if host is not None and len(host) > _MAX_CACHED_HOST:
        return _find_claimants(host)
    return _cached_claimants(host)


_MAX_CACHED_HOST = 300  # a host name has at most 253 characters; longer text is not cached


@lru_cache(maxsize=1024)
def _cached_claimants(host: str | None) -> tuple[Receiver, ...]:
    """Cached: every message's receiving hosts are asked about against every receiver, and a
    mailbox names the same few again and again."""
    return _find_claimants(host)


def _find_claimants(host: str | None) -> tuple[Receiver, ...]:
    return tuple(
        r for r in (*receivers(), *forwarders()) if r.owns_host(host) or r.sends_from((host,), None)
    )


def _earlier_role(hops: Sequence[Hop], entry: int, receiver: Receiver) -> HopRole:
    if receiver is not microsoft():
        return HopRole.INTERMEDIARY
    below = {registrable_domain(h.by) for h in hops[:entry]} - {None}
    return HopRole.SENDER_INTERNAL if client_domains(hops[entry]) & below else HopRole.RELAY_TENANT


def _submission(hops: Sequence[Hop], top: int, originating_ip: str | None) -> int | None:
    if originating_ip:
        for j in range(top, -1, -1):
            if hops[j].ip == originating_ip:
                return j
    for j in range(top + 1):
        if _authenticated(hops[j]):
            return j
    return None


def assign_roles(
    hops: Sequence[Hop], boundary: Boundary, originating_ip: str | None
) -> tuple[HopRole | None, ...]:
    """One role per hop (oldest first); all None when the boundary is unknown."""
    roles: list[HopRole | None] = [None] * len(hops)
    if boundary.index is None:
        return tuple(roles)
    for i in range(boundary.index + 1, len(hops)):
        roles[i] = HopRole.RECIPIENT_INTERNAL
    roles[boundary.index] = HopRole.RECIPIENT_ENTRY
    outer = boundary.index
    if boundary.intake_index is not None:
        for i in range(boundary.intake_index + 1, boundary.index):
            roles[i] = HopRole.INTERMEDIARY
        roles[boundary.intake_index] = HopRole.INTERMEDIARY_ENTRY
        outer = boundary.intake_index
    top = outer - 1
    if top < 0:
        return tuple(roles)
    earlier = _earlier_receiver(hops, top)
    if earlier is not None and earlier[1] is not HopRole.SENDER_INTERNAL:
        for i in range(earlier[0], top + 1):
            roles[i] = earlier[1]
        top = earlier[0] - 1
    if top < 0:
        return tuple(roles)
    for i in range(top + 1):
        roles[i] = HopRole.SENDER_INTERNAL
    roles[top] = HopRole.ORIGIN
    submission = _submission(hops, top, originating_ip)
    if submission is not None:
        roles[submission] = HopRole.SUBMISSION
    return tuple(roles)


def with_roles(hops: Sequence[Hop], boundary_index: int | None) -> tuple[Hop, ...]:
    """``hops`` with roles, assigned from ``boundary_index`` (or the hop flagged as the
    boundary) when the trace carries none (hops built by hand, or by an older report)."""
    if any(h.role is not None for h in hops):
        return tuple(hops)
    index = boundary_index
    if index is None:
        index = next((i for i, h in enumerate(hops) if h.boundary), None)
    if index is None or not 0 <= index < len(hops):
        return tuple(hops)
    roles = assign_roles(hops, Boundary(index), None)
    return tuple(replaced(h, role=r) for h, r in zip(hops, roles, strict=True))
