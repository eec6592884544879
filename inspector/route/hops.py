"""The relay path: Received headers -> hops (oldest first) with delays, address scopes and the
trust boundary, plus a Route summary.

Order and delays. Servers prepend Received headers, so the message's first Received header is
the newest; hops are returned oldest first (index 0 = the first server that wrote one). A hop's
delay is its timestamp minus the nearest older hop's timestamp. Negative delays are KEPT and
flagged ``clock_skew`` (a server's clock is off): peer tools clamp them to zero or wrap them
to about 24 hours, both of which hide the problem. Total transit is newest minus oldest
timestamp among hops that have one.

The trust boundary and each hop's role are decided in ``inspector.route.boundary`` (from the
receivers' published structure, confirmed by their own record of the client address) and
``inspector.route.roles``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from inspector.model.codes import HopRole
from inspector.model.message import Header, ParsedMessage
from inspector.model.replaced import replaced
from inspector.model.route import Hop, Route
from inspector.route.boundary import list_id_hosts, locate_boundary
from inspector.route.received import parse_received
from inspector.route.recorded import MAX_SCANNED, READ_NAMES, originating_ip, recorded_client_ips
from inspector.route.roles import assign_roles

MAX_PARSED_HOPS = 500


def trace_hops(
    received: Sequence[Header], *, recipient_domains: Collection[str] = ()
) -> tuple[tuple[Hop, ...], Route]:
    """Hops oldest first (one per Received header, in message order newest first) and the
    Route summary; never raises. ``received`` may be the whole header block: the receivers'
    records of the client address (``inspector.route.recorded``) are read from it too."""
    try:
        return _trace(received, recipient_domains)
    except Exception as exc:  # a bug here must not sink the analysis
        hops = tuple(
            Hop(index=i, raw=h.value, unparsed=f"internal error: {exc!r}")
            for i, h in enumerate(reversed(received))
        )
        return hops, Route()


def _route_headers(
    headers: Sequence[Header],
) -> tuple[list[Header], list[Header], list[Header]]:
    """(Received headers, headers recording the client address among the first MAX_SCANNED,
    List-Id headers): one look at each name of the block, which the trace and the readers of
    the records and list ids would otherwise lower once each."""
    received: list[Header] = []
    recording: list[Header] = []
    list_ids: list[Header] = []
    for k, h in enumerate(headers):
        name = h.name.strip().lower()
        if name == "received":
            received.append(h)
        elif name == "list-id":
            list_ids.append(h)  # list_id_hosts reads only names without surrounding space
        elif k < MAX_SCANNED and name in READ_NAMES:
            recording.append(h)
    return received, recording, list_ids


def _trace(
    received: Sequence[Header], recipient_domains: Collection[str]
) -> tuple[tuple[Hop, ...], Route]:
    headers, recording, list_ids = _route_headers(received)
    count = len(headers)
    # Newest first in the message; beyond MAX_PARSED_HOPS (a loop or an attack) the oldest
    # are kept as raw text only, so time stays bounded.
    parsed = [
        parse_received(h.value, count - 1 - k)
        if k < MAX_PARSED_HOPS
        else Hop(index=count - 1 - k, raw=h.value, unparsed="not parsed: too many Received")
        for k, h in enumerate(headers)
    ]
    parsed.reverse()

    delays: list[float | None] = []
    last_ts = None
    for hop in parsed:
        delay: float | None = None
        if hop.timestamp is not None and last_ts is not None:
            delay = (hop.timestamp - last_ts).total_seconds()
        if hop.timestamp is not None:
            last_ts = hop.timestamp
        delays.append(delay)

    located = locate_boundary(
        parsed, recorded_client_ips(recording), recipient_domains, list_id_hosts(list_ids)
    )
    boundary = located.index
    originating = originating_ip(recording)
    roles = assign_roles(parsed, located, originating)
    hops = [
        replaced(
            h,
            delay_seconds=delay,
            clock_skew=delay is not None and delay < 0,
            internal=boundary is not None and i > boundary,
            boundary=i == boundary,
            role=roles[i],
        )
        for i, (h, delay) in enumerate(zip(parsed, delays, strict=True))
    ]

    stamps = [h.timestamp for h in hops if h.timestamp is not None]
    transit = (stamps[-1] - stamps[0]).total_seconds() if len(stamps) >= 2 else None
    received_at = None
    if boundary is not None:
        received_at = next((h.timestamp for h in hops[boundary:] if h.timestamp), None)
    elif stamps:
        received_at = stamps[-1]
    b = hops[boundary] if boundary is not None else None
    outer = located.intake_index if located.intake_index is not None else boundary
    submission = next((h.ip for h in hops if h.role is HopRole.SUBMISSION and h.ip), None)
    route = Route(
        total_transit_seconds=transit,
        boundary_index=boundary,
        client_ip=b.ip if b else None,
        client_helo=b.helo if b else None,
        received_at=received_at,
        receiver=located.receiver,
        recorded_client_ip=located.recorded_ip,
        intermediary=located.list_host,
        intermediary_index=located.intake_index,
        origin_ip=hops[outer].ip if outer is not None else None,
        submission_ip=originating or submission,
    )
    return tuple(hops), route


def trace_message(
    pm: ParsedMessage, *, recipient_domains: Collection[str] = ()
) -> tuple[tuple[Hop, ...], Route]:
    """``trace_hops`` over a parsed message's header block."""
    return trace_hops(pm.headers, recipient_domains=recipient_domains)
