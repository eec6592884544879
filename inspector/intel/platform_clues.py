"""What a message shows about its sending platform, each clue graded by how far it can be
trusted (``EvidenceStrength``).

Trace evidence is what the recipient's side recorded and the sender cannot choose: the name
and HELO of the host that connected at the trust boundary, a DKIM signature that verified or
that the trusted receiver reported as passing, a bounce domain SPF passed for. Supporting
evidence is the sender's but costs it something to fake (a Return-Path/VERP shape, a DKIM
d= nobody verified, a Feedback-ID). Everything else (X-Mailer, X-MC-User, X-SG-*,
Message-ID shapes) is decoration any script can copy. Three traps are handled here:

* a Message-ID the receiver stamped because the sender sent none
  (``<GUID@...prod.protection.outlook.com>``, ``@mx.google.com``) says nothing of the sender;
* a replayed trace: an earlier, complete delivery (a provider's inbound front end or its
  mailbox hop) under the real entry hop means the lines below were copied from another
  message, so they name nobody;
* a forwarder at the boundary (ImprovMX, Gmail forwarding, SRS): the host before it is the
  sender's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from inspector.intel.org_domains import org_domain
from inspector.model.auth import AuthSummary, DkimResult
from inspector.model.codes import AuthMethod, AuthStatus, EvidenceStrength
from inspector.model.intel import ClueKind
from inspector.model.message import Header, ParsedMessage
from inspector.model.route import Hop

MAX_HEADERS = 1000
MAX_VALUE = 4096
HELO_FACTOR = 0.8
UPSTREAM_FACTOR = 0.7
_DKIM_FAIL_FACTOR = 0.6
_D_TAG = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.IGNORECASE)
# Message-IDs receivers write when the sender sent none.
_STAMPED_ID = re.compile(
    r"@(?:[a-z0-9-]+\.)*(?:prod\.protection\.outlook\.com|mx\.google\.com|"
    r"mail\.protection\.outlook\.com)>?$",
    re.IGNORECASE,
)
# By-hosts of an earlier delivery into a mailbox: their presence below the entry hop means
# the trace under it was replayed from another message.
_DELIVERY_BY = re.compile(
    r"(?:\.mail\.protection\.outlook\.com|^mx\.google\.com|^atlas\d*\..*yahoo\.com|"
    r"^mta\d*\..*\.yahoo\.com|^mx-ha\.gmx\.net|^mailin\d*\.protonmail\.ch)$",
    re.IGNORECASE,
)
_ANGLED = re.compile(r"<([^>]{1,2048})>")
_HTTP_HOST = re.compile(r"(?i)https?://([^/?#:@\s]+)")
_LIST_ID = re.compile(r"<([^<>@\s]{1,253})>")
_FORWARDING_RP = re.compile(r"\+caf_=|\+srs=|^<?srs[01][=+-]", re.IGNORECASE)
_REPLAY_GAP_SECONDS = 6 * 3600
_FOREFRONT_FIELD = re.compile(r"(?:^|;)\s*(CIP|PTR)\s*:\s*([^;\s]+)", re.IGNORECASE)
# Exchange Online's own hops: an inbound front end under one of them is the real entry.
_MICROSOFT_BY = re.compile(r"\.(?:outlook\.com|exchangelabs\.com|outlook\.office365\.com)$", re.I)


@dataclass(frozen=True)
class Clue:
    """One observed value that signals are tested against.

    A message gives a few dozen, each tested against many signals by its lowered value, so
    that is worked out once here; ``__init__`` fills the instance dictionary directly (the
    frozen dataclass's generated one goes through ``object.__setattr__`` per field). Fields,
    equality, hashing, ``repr`` and immutability stay the dataclass's."""

    type: ClueKind
    value: str
    label: str
    factor: float = 1.0
    header: str | None = None
    strength: EvidenceStrength = EvidenceStrength.FORGEABLE
    lowered: str = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        type: ClueKind,  # noqa: A002 - the field's name
        value: str,
        label: str,
        factor: float = 1.0,
        header: str | None = None,
        strength: EvidenceStrength = EvidenceStrength.FORGEABLE,
    ) -> None:
        state = self.__dict__
        state["type"] = type
        state["value"] = value
        state["label"] = label
        state["factor"] = factor
        state["header"] = header
        state["strength"] = strength
        state["lowered"] = value.lower().rstrip(".")


@dataclass(frozen=True)
class TraceView:
    """How the hops read for platform purposes: which hop handed the message in, whether the
    trace below it was replayed, which forwarder stood in between."""

    entry: Hop | None = None
    upstream: tuple[Hop, ...] = ()
    replayed: bool = False
    forwarded_by: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def clip(value: str | None) -> str:
    return (value or "")[:MAX_VALUE]


def addr_domain(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip().strip("<>").strip()
    if "@" not in text:
        return None
    domain = text.rpartition("@")[2].strip().strip(">").lower().rstrip(".")
    return domain or None


def _unsubscribe_hosts(value: str) -> list[str]:
    hosts: list[str] = []
    for found in _ANGLED.findall(value)[:10]:
        item = found.strip()
        if item.lower().startswith("mailto:"):
            host = addr_domain(item[7:].split("?", 1)[0])
        else:
            m = _HTTP_HOST.match(item)
            host = m.group(1).lower() if m else None
        if host:
            hosts.append(host)
    return hosts


def sender_side_start(message: ParsedMessage, hops: Sequence[Hop]) -> int:
    """Position of the first header the sending side wrote: the one below the trust
    boundary's Received header when the hop chain tells us where that is, else the top."""
    received_pos = [i for i in message.positions("received") if i < MAX_HEADERS]
    # The first boundary hop's position, found by its flag: list.index would compare hops
    # field by field (21 fields each).
    boundary = next((k for k, h in enumerate(hops) if h.boundary), None)
    if boundary is not None and len(received_pos) == len(hops):
        # hops are oldest first; Received headers are newest first.
        return received_pos[len(hops) - 1 - boundary] + 1
    return 0


def sender_side_fields(message: ParsedMessage, hops: Sequence[Hop]) -> Sequence[Header]:
    """Headers the sending side wrote (from ``sender_side_start``), at most ``MAX_HEADERS``
    deep. Values are left as they are: each reader clips only those of the few names it
    asks about."""
    return message.headers[sender_side_start(message, hops) : MAX_HEADERS]


def signing_domains(
    message: ParsedMessage, dkim: Sequence[DkimResult]
) -> list[tuple[str, AuthStatus | None]]:
    """(domain, result) for each signature: verified results when given, else the d= tags
    with no result (unverified)."""
    if dkim:
        return [(r.domain.lower().rstrip("."), r.result) for r in dkim[:50] if r.domain]
    found: list[tuple[str, AuthStatus | None]] = []
    for h in message.get_all("DKIM-Signature")[:50]:
        m = _D_TAG.search(clip(h.value))
        if m:
            found.append((m.group(1).lower().rstrip("."), None))
    return found


def _receiver_passed(auth: AuthSummary | None, method: AuthMethod) -> set[str]:
    """Identities (d=, smtp.mailfrom domain) the trusted receiver recorded as passing."""
    if auth is None:
        return set()
    out: set[str] = set()
    for r in auth.recorded:
        if r.method is method and r.result is AuthStatus.PASS and r.identity:
            ident = r.identity.lower().rpartition("=")[2].strip().rstrip(".")
            out.add(ident.rpartition("@")[2] if "@" in ident else ident)
    return out


def resent_by_list(message: ParsedMessage, rp_domain: str | None) -> bool:
    """A mailing list (List-Id) resent the message under its own bounce address: the hops
    before the list are the author's, not the sending platform's."""
    m = _LIST_ID.search(clip(message.get("List-Id")))
    return bool(m and rp_domain and org_domain(m.group(1)) == org_domain(rp_domain))


def _gap(newer: Hop, older: Hop) -> float | None:
    if newer.timestamp is None or older.timestamp is None:
        return None
    try:
        return (newer.timestamp - older.timestamp).total_seconds()
    except (TypeError, OverflowError):  # naive against aware, absurd dates
        return None


def read_trace(message: ParsedMessage, hops: Sequence[Hop]) -> TraceView:
    """The entry hop, the sender-side hops under it, and the traps that discount them."""
    ordered = [h for h in hops[:100] if not h.internal]
    boundary = next((h for h in hops if h.boundary), None)
    if boundary is None:
        return TraceView(entry=None, upstream=tuple(ordered))
    below = [h for h in ordered if h.index < boundary.index]
    below.sort(key=lambda h: h.index, reverse=True)  # newest first
    notes: list[str] = []
    entry = boundary
    forwarded: str | None = None
    rp = clip(message.return_path or message.get("Return-Path"))
    if below and (_FORWARDING_RP.search(rp) or message.get("X-Forwarded-To")):
        forwarded = boundary.rdns or boundary.helo or boundary.ip
        notes.append(f"forwarded by {forwarded}: the host before it is the sender's")
        intake = next((i for i, h in enumerate(below) if _DELIVERY_BY.search(h.by or "")), 0)
        entry, below = below[intake], below[intake + 1 :]
    if _MICROSOFT_BY.search((entry.by or "").strip()) and not _DELIVERY_BY.search(entry.by or ""):
        # a boundary put on Exchange Online's internal relays: its front end below is the entry
        for i, hop in enumerate(below):
            if _DELIVERY_BY.search((hop.by or "").strip()):
                entry, below = hop, below[i + 1 :]
                break
    for i, hop in enumerate(below):
        by = (hop.by or "").strip().lower()
        late = _gap(entry, hop)
        if _DELIVERY_BY.search(by) or (late is not None and late > _REPLAY_GAP_SECONDS):
            why = (
                f"an earlier delivery by {by}"
                if _DELIVERY_BY.search(by)
                else f"{late / 86400:.1f} days before the entry hop"
                if late
                else "older"
            )
            notes.append(f"trace below the entry hop replayed ({why}): it names nobody")
            return TraceView(entry, tuple(below[:i]), True, forwarded, tuple(notes))
    return TraceView(entry, tuple(below), False, forwarded, tuple(notes))


def _receiver_ptr(message: ParsedMessage, entry: Hop | None) -> str | None:
    """The rDNS Exchange Online recorded for the connecting IP (``PTR:`` beside ``CIP:`` in
    its X-Forefront-Antispam-Report): the entry line itself only carries the HELO."""
    if entry is None or not entry.ip:
        return None
    for h in message.get_all("X-Forefront-Antispam-Report")[:5]:
        fields: dict[str, str] = {
            str(k).upper(): str(v) for k, v in _FOREFRONT_FIELD.findall(clip(h.value))
        }
        if fields.get("CIP") == entry.ip and fields.get("PTR"):
            return fields["PTR"].rstrip(".")
    return None


def _hop_clues(view: TraceView, skip_upstream: bool, ptr: str | None) -> list[Clue]:
    clues: list[Clue] = []
    if ptr:
        label = f"rDNS of sending host {ptr} (recorded by the receiver)"
        clues.append(Clue(ClueKind.RDNS, ptr, label, 1.0, None, EvidenceStrength.TRACE))
    hops = [] if view.entry is None else [view.entry]
    if not skip_upstream:
        hops += list(view.upstream)
    trace = EvidenceStrength.TRACE
    for hop in view.upstream:
        if hop.by:
            label = f"relay {hop.by} in the sender's part of the trace"
            clues.append(Clue(ClueKind.BY_HOST, hop.by, label, 1.0, None, EvidenceStrength.SIGNED))
    for hop in hops:
        factor = 1.0 if hop is view.entry or view.entry is None else UPSTREAM_FACTOR
        where = "sending host" if hop is view.entry or view.entry is None else "upstream relay"
        if hop.ip:
            label = f"IP of {where} {hop.ip}"
            clues.append(Clue(ClueKind.IP, hop.ip, label, factor, None, trace))
        if hop.rdns:
            clues.append(
                Clue(ClueKind.RDNS, hop.rdns, f"rDNS of {where} {hop.rdns}", factor, None, trace)
            )
        if hop.helo:
            label = f"HELO of {where} {hop.helo}"
            clues.append(Clue(ClueKind.RDNS, hop.helo, label, HELO_FACTOR * factor, None, trace))
    return clues


def gather_clues(
    message: ParsedMessage,
    dkim: Sequence[DkimResult],
    hops: Sequence[Hop],
    auth: AuthSummary | None,
    view: TraceView,
    header_names: Collection[str],
) -> list[Clue]:
    """Every clue with its strength; forgeable ones are kept for corroboration only. Of the
    sender's headers only those named in ``header_names`` (lower case) become clues: a
    message has dozens and the catalogue asks about a few."""
    forge = EvidenceStrength.FORGEABLE
    signed = EvidenceStrength.SIGNED
    clues: list[Clue] = []
    start = sender_side_start(message, hops)
    # the few asked-about names the message carries, found by one set intersection
    asked = sorted(
        (i, name)
        for name in message.names() & header_names
        if name != "received"
        for i in message.positions(name)
        if start <= i < MAX_HEADERS
    )
    for i, name in asked:
        header = message.headers[i]
        value = clip(header.value)
        label = f"{header.name}: {value[:120]}"
        clues.append(Clue(ClueKind.HEADER, value, label, 1.0, name, forge))
    dkim_ok = _receiver_passed(auth, AuthMethod.DKIM)
    for domain, status in signing_domains(message, dkim):
        if status is AuthStatus.PASS or domain in dkim_ok:
            label = (
                f"DKIM d={domain} (pass)"
                if status is AuthStatus.PASS
                else (f"DKIM d={domain} (receiver recorded pass)")
            )
            clues.append(
                Clue(ClueKind.DKIM_DOMAIN, domain, label, 1.0, None, EvidenceStrength.TRACE)
            )
        else:
            factor = _DKIM_FAIL_FACTOR if status is AuthStatus.FAIL else 0.8
            label = f"DKIM d={domain} ({status or 'unverified'})"
            clues.append(Clue(ClueKind.DKIM_DOMAIN, domain, label, factor, None, signed))
    return_path = message.return_path or message.get("Return-Path")
    rp_domain = addr_domain(return_path)
    if rp_domain:
        spf_ok = rp_domain in _receiver_passed(auth, AuthMethod.SPF)
        strength = EvidenceStrength.TRACE if spf_ok else signed
        label = f"Return-Path domain {rp_domain}" + (" (SPF pass at receipt)" if spf_ok else "")
        clues.append(Clue(ClueKind.RETURN_PATH_DOMAIN, rp_domain, label, 1.0, None, strength))
    if return_path:
        rp = clip(return_path)
        clues.append(
            Clue(ClueKind.HEADER, rp, f"Return-Path: {rp[:120]}", 1.0, "return-path", signed)
        )
    if message.from_ and message.from_[0].domain:
        domain = message.from_[0].domain
        clues.append(Clue(ClueKind.FROM_DOMAIN, domain, f"From domain {domain}", 1.0, None, forge))
    if message.message_id and not _STAMPED_ID.search(message.message_id.strip()):
        mid = message.message_id.strip()[:998]
        clues.append(Clue(ClueKind.MESSAGE_ID, mid, f"Message-ID {mid[:120]}", 1.0, None, forge))
    for name in ("Feedback-ID", "X-Feedback-ID"):
        for h in message.get_all(name)[:5]:
            value = clip(h.value).strip()
            clues.append(
                Clue(ClueKind.FEEDBACK_ID, value, f"{name}: {value[:120]}", 1.0, None, signed)
            )
    for h in message.get_all("List-Unsubscribe")[:5]:
        for host in _unsubscribe_hosts(clip(h.value)):
            label = f"List-Unsubscribe host {host}"
            clues.append(Clue(ClueKind.LIST_UNSUBSCRIBE_HOST, host, label, 1.0, None, forge))
    skip = view.entry is not None and resent_by_list(message, rp_domain)
    clues.extend(_hop_clues(view, skip, _receiver_ptr(message, view.entry)))
    return clues
