"""Who wrote a header: the recipient, an intermediary or the sender (``VerdictParty``).

Servers prepend their headers, so a header normally belongs to the server whose Received line
is the nearest one below it, and that hop's role (``inspector.route.roles``) says whose server
it was. Position is the fallback; named evidence comes first:

- an Authentication-Results authserv-id or a Received-SPF receiver that names the server of
  a hop (Gmail writes its results *below* its own Received line; a Received-SPF whose
  ``client-ip`` is not that hop's client belongs to an earlier delivery);
- a filter that names its host (``X-Spam-Checker-Version: ... on <host>``) or its queue id
  (``X-Rspamd-Queue-Id`` equal to the id of one Received line);
- receivers that append their headers at the bottom of the block (Microsoft's
  X-Forefront-Antispam-Report, X-Microsoft-Antispam, X-MS-Exchange-Organization-*;
  Proton's X-Pm-Spam*): the recipient's when that receiver is the recipient, otherwise the
  headers came with the message;
- Microsoft's outbound scan (``DIR:OUT``) and the ``-Untrusted`` copies Exchange Online makes
  of an earlier tenant's headers: the sending tenant (``DIR:OUT``) or an earlier receiving
  tenant (``DIR:INB``), never this recipient; ``-Original`` Authentication-Results likewise.
A header below every Received line came with the message, so the sender wrote it. With no
Received header at all there is no trace to credit against, and pasted verdict headers are
taken as the reader's own receiver's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

from inspector.model.codes import HopRole, VerdictParty
from inspector.model.message import Header, ParsedMessage
from inspector.model.route import Hop
from inspector.route.heuristic import registrable_domain
from inspector.route.receivers import Receiver, list_hosts, microsoft, receiver_owning
from inspector.route.roles import with_roles

_ROLE_PARTY = {
    HopRole.RECIPIENT_INTERNAL: VerdictParty.RECIPIENT,
    HopRole.RECIPIENT_ENTRY: VerdictParty.RECIPIENT,
    HopRole.INTERMEDIARY: VerdictParty.INTERMEDIARY,
    HopRole.INTERMEDIARY_ENTRY: VerdictParty.INTERMEDIARY,
    HopRole.RELAY_TENANT: VerdictParty.INTERMEDIARY,
    HopRole.ORIGIN: VerdictParty.SENDER,
    HopRole.SENDER_INTERNAL: VerdictParty.SENDER,
    HopRole.SUBMISSION: VerdictParty.SENDER,
}
_WS = re.compile(r"\s+")
_DIR = re.compile(r"(?:^|;)\s*DIR:([A-Z]+)", re.IGNORECASE)
_CHECKER_HOST = re.compile(r"\bon\s+([A-Za-z0-9][A-Za-z0-9.-]{2,252})", re.IGNORECASE)
_SPF_RECEIVER = re.compile(r"\breceiver=([A-Za-z0-9.-]{3,253})|\(([A-Za-z0-9.-]{3,253}):")
_CLIENT_IP = re.compile(r"\bclient-ip=\[?([0-9A-Fa-f:.]{3,45})")
_SENDER_IP = re.compile(r"\bsender\s+ip\s+is\s+\[?([0-9A-Fa-f:.]{3,45})", re.IGNORECASE)
#: Headers only a list host writes (Google Groups' X-Spam-Checked-In-Group ...) -> its name.
_LIST_HEADERS = {name: host.name for host in list_hosts() for name in host.headers}
#: How ``party`` explains a header on the recipient's side that names none of its servers.
FOREIGN_ID = "names no server of the recipient's: it came with the message"
_TENANT_OUTBOUND = re.compile(r"header\.d=none;", re.IGNORECASE)
_ORIGINAL = ("authentication-results-original", "x-original-authentication-results")
_MICROSOFT_NAMES = ("x-forefront-antispam-report", "x-microsoft-antispam", "x-ms-exchange-")


@lru_cache(maxsize=64)
def received_key(text: str) -> str:
    """A Received text as hops and headers are matched on; cached because each message's
    Received lines are matched again by every stage that credits headers to hops (a few
    dozen entries: enough for one message's lines, whatever their length)."""
    text = _WS.sub(" ", text).strip()
    return text[len("received:") :].strip() if text.lower().startswith("received:") else text


class Writers:
    """Credits the headers of one message to the party that wrote them.

    Built once per message for the stages that may credit headers, yet most messages give
    them nothing to credit or only ask about a few: each fact below (the Received lines
    matched to hops, the receiver, Microsoft's scan direction...) is worked out on first
    use, so a message without verdicts or Authentication-Results pays for none of them."""

    def __init__(
        self, message: ParsedMessage, hops: Sequence[Hop], boundary_index: int | None = None
    ) -> None:
        self._message = message
        self._headers = message.headers
        self._hops = list(with_roles(hops, boundary_index))

    @cached_property
    def _below(self) -> list[tuple[int, int]]:
        """(header position, hop index) of each Received line, top first. Hops traced from
        these very lines (the usual case) are their positions from the bottom, which is what
        matching the texts would find, so the texts are compared only for other hops."""
        received = self._message.get_all("received")
        count = len(received)
        hops = self._hops
        if len(hops) == count and all(
            hop.index == k and hop.raw == received[count - 1 - k].value
            for k, hop in enumerate(hops)
        ):
            return [(header.index, count - 1 - k) for k, header in enumerate(received)]
        by_text: dict[str, list[int]] = {}
        for hop in self._hops:
            by_text.setdefault(received_key(hop.raw), []).append(hop.index)
        below: list[tuple[int, int]] = []
        for k, header in enumerate(received):
            found = by_text.get(received_key(header.value))
            index = found[0] if found and len(found) == 1 else len(received) - 1 - k
            below.append((header.index, index))
        return below

    @cached_property
    def _boundary(self) -> Hop | None:
        return next((h for h in self._hops if h.role is HopRole.RECIPIENT_ENTRY), None)

    @cached_property
    def _receiver(self) -> Receiver | None:
        hops = self._hops
        recipient_hosts = [h.by for h in hops if h.role is not None and _party(h) is _RECIPIENT]
        owners = [receiver_owning(b) for b in recipient_hosts]
        return next((r for r in owners if r is not None), None)

    @cached_property
    def _dir_out(self) -> bool:
        return any(
            h.name.lower().startswith("x-forefront-antispam-report")
            and (_direction(h.value) == "OUT")
            for h in self._headers
        )

    @cached_property
    def _appended_after(self) -> int | None:
        return self._receivers_appended_block(self._headers)

    @cached_property
    def _untrusted_dir(self) -> str:
        untrusted = self._message.get_all("x-forefront-antispam-report-untrusted")
        return _direction(untrusted[0].value) if untrusted else ""

    # ------------------------------------------------------------------ helpers

    def _receivers_appended_block(self, headers: Sequence[Header]) -> int | None:
        """Position of the last header the recipient's receiver appended at the bottom of
        the block (Exchange Online's); whatever is appended after it came later still, from
        the recipient's own servers (a hybrid tenant's on-premises filter)."""
        receiver = self._receiver
        if receiver is None or not receiver.bottom or not self._below:
            return None
        last_received = max(p for p, _ in self._below)
        found = [
            h.index
            for h in headers
            if h.index > last_received
            and h.name.lower().startswith(receiver.bottom)
            and not h.name.lower().endswith("-untrusted")
            and _direction(h.value) != "OUT"
        ]
        return max(found) if found else None

    def hop_below(self, header: Header) -> Hop | None:
        """The hop of the nearest Received line below ``header``."""
        for position, index in self._below:
            if position > header.index:
                return self._hop(index)
        return None

    def _named_by_id(self, header: Header, authserv_id: str) -> tuple[VerdictParty, str] | None:
        """The party of the hop whose server the authserv-id names, when the header sits in
        that server's part of the block."""
        for hop in self._all_by(authserv_id):
            if hop.role is None:
                continue
            # crediting the recipient needs the header in its part of the block (else it is
            # posing); crediting anyone else never makes it trusted
            if _party(hop) is not VerdictParty.RECIPIENT or self._in_trace_block(header, hop):
                return _party(hop), f"its authserv-id {authserv_id} names hop {hop.index + 1}"
        return None

    def _foreign_id(self, header: Header, authserv_id: str) -> bool:
        """Placed on the recipient's side, yet naming none of the recipient's servers."""
        if self.by_position(header)[0] is not VerdictParty.RECIPIENT:
            return False
        return not any(_party(h) is VerdictParty.RECIPIENT for h in self._all_by(authserv_id))

    def _in_trace_block(self, header: Header, hop: Hop) -> bool:
        """``header`` sits above ``hop``'s Received line, or right below it among the trace
        fields a receiver writes there (Gmail's results follow its Received line); a header
        naming the receiver further down, among the sender's own fields, is posing."""
        line = next((p for p, i in self._below if i == hop.index), None)
        if line is None or header.index < line:
            return True
        between = self._headers[line + 1 : header.index]
        return all(_is_trace_field(h.name) for h in between)

    def _hop(self, index: int) -> Hop | None:
        return self._hops[index] if 0 <= index < len(self._hops) else None

    def _all_by(self, host: str, ip: str | None = None) -> list[Hop]:
        """Hops received by ``host`` (or by a server of its domain), optionally from ``ip``,
        newest first; exact host names before domain matches."""
        name = host.lower().rstrip(".")
        domain = registrable_domain(name)
        exact: list[Hop] = []
        same_domain: list[Hop] = []
        for hop in reversed(self._hops):
            by = (hop.by or "").lower().rstrip(".")
            if not by or (ip is not None and hop.ip != ip):
                continue
            if by == name:
                exact.append(hop)
            elif domain is not None and registrable_domain(by) == domain:
                same_domain.append(hop)
        return exact + same_domain

    def _newest_by(self, host: str, ip: str | None = None) -> Hop | None:
        found = self._all_by(host, ip)
        return found[0] if found else None

    # ------------------------------------------------------------------ public

    def party(self, header: Header, authserv_id: str = "") -> tuple[VerdictParty, str]:
        """Who wrote ``header`` and the evidence for it."""
        if not self._hops:
            return VerdictParty.RECIPIENT, "no Received header: taken as the receiver's own"
        name = header.name.lower()
        if name in _LIST_HEADERS:
            return VerdictParty.INTERMEDIARY, f"only {_LIST_HEADERS[name]} writes {header.name}"
        if name in _ORIGINAL:
            return self._original(header)
        if name.startswith(_MICROSOFT_NAMES) and name != "x-ms-exchange-authentication-results":
            found = self._microsoft(header)
            if found is not None:
                return found
        if name == "authentication-results" and self._tenant_outbound(header.value[:4000]):
            return VerdictParty.SENDER, (
                "a sending tenant's outbound record (header.d=none;<domain>, beside its DIR:OUT "
                "scan), whatever domain it names"
            )
        if name in ("authentication-results", "arc-authentication-results") and authserv_id:
            named = self._named_by_id(header, authserv_id)
            if named is not None:
                return named
            if name == "authentication-results" and self._foreign_id(header, authserv_id):
                return VerdictParty.SENDER, f"its authserv-id {authserv_id} {FOREIGN_ID}"
        if name == "received-spf":
            found = self._spf(header)
            if found is not None:
                return found
        if name == "authentication-results" and not authserv_id:
            found = self._microsoft_results(header)
            if found is not None:
                return found
        if (
            self._receiver is not None
            and self._receiver.bottom
            and name.startswith(self._receiver.bottom)
        ):
            return VerdictParty.RECIPIENT, f"{self._receiver.name} appends this header itself"
        appended = self._appended_after
        if appended is not None and header.index > appended and self.hop_below(header) is None:
            return VerdictParty.RECIPIENT, "appended after the receiver's own headers"
        return self.by_position(header)

    def by_position(self, header: Header) -> tuple[VerdictParty, str]:
        hop = self.hop_below(header)
        if hop is None:
            return VerdictParty.SENDER, "below every Received line: it came with the message"
        if hop.role is None:
            return VerdictParty.UNKNOWN, "the trust boundary is unknown"
        return _party(hop), f"above the Received line of hop {hop.index + 1} ({hop.role.value})"

    def names_sender_server(self, authserv_id: str) -> bool:
        """An authserv-id that names a server on the sender's side of the route (no id:
        a Microsoft 365 tenant there, which writes its results without one): the honest
        record of the server that wrote it, not a claim posing as a receiver's."""
        sender_side = [h for h in self._hops if _party(h) is VerdictParty.SENDER and h.by]
        if not authserv_id:
            ms = microsoft()
            return any(ms.owns_host(h.by) or ms.sends_from((h.by,), None) for h in sender_side)
        name = authserv_id.lower().rstrip(".")
        domain = registrable_domain(name)
        return any(
            (h.by or "").lower() == name
            or (domain is not None and registrable_domain(h.by) == domain)
            for h in sender_side
        )

    def by_host(self, host: str) -> tuple[VerdictParty, str] | None:
        """The party of the hop received by ``host`` (a filter that names where it ran)."""
        hop = self._newest_by(host)
        if hop is None or hop.role is None or (hop.by or "").lower() != host.lower():
            return None
        return _party(hop), f"the filter ran on {host}, the server of hop {hop.index + 1}"

    def by_queue_id(self, queue_id: str) -> tuple[VerdictParty, str] | None:
        """The party of the hop whose Received line carries ``queue_id``."""
        wanted = queue_id.strip()
        hop = next((h for h in self._hops if wanted and h.id == wanted), None)
        if hop is None or hop.role is None:
            return None
        return _party(hop), f"its queue id is the id of hop {hop.index + 1}"

    # ------------------------------------------------------------------ families

    def _tenant_outbound(self, value: str) -> bool:
        """A sending tenant's own results: no client judged ("sender IP is" is what the
        receiving side records), ``header.d=none;<domain>``, beside a DIR:OUT scan."""
        return (
            _TENANT_OUTBOUND.search(value) is not None  # rare: asked before the header scan
            and self._dir_out
            and _SENDER_IP.search(value) is None
        )

    def _original(self, header: Header) -> tuple[VerdictParty, str]:
        authserv_id = _first_word(header.value)
        named = self._named_by_id(header, authserv_id) if authserv_id else None
        party, why = named if named is not None else self.by_position(header)
        if party is VerdictParty.RECIPIENT:
            party = VerdictParty.INTERMEDIARY
        return party, "results kept from an earlier delivery (" + why + ")"

    def _microsoft(self, header: Header) -> tuple[VerdictParty, str] | None:
        name = header.name.lower()
        direction = _direction(header.value) if name.startswith("x-forefront") else ""
        if name.endswith("-untrusted"):
            direction = direction or self._untrusted_dir
            if direction == "INB":
                return VerdictParty.INTERMEDIARY, "an earlier tenant's inbound scan (-Untrusted)"
            return VerdictParty.SENDER, "the sending tenant's outbound scan (-Untrusted)"
        if direction == "OUT":
            return VerdictParty.SENDER, "DIR:OUT: the sending tenant's outbound scan"
        if header.name == name and self._dir_out:
            return VerdictParty.SENDER, "lower-case copy beside a DIR:OUT scan: the sending tenant"
        ms = self._receiver is not None and self._receiver.name == "Microsoft 365"
        if ms and self.hop_below(header) is None:
            return VerdictParty.RECIPIENT, "Exchange Online appends it when it delivers"
        return None

    def _spf(self, header: Header) -> tuple[VerdictParty, str] | None:
        m = _SPF_RECEIVER.search(header.value[:2000])
        if not m:
            return None
        host = (m.group(1) or m.group(2) or "").lower()
        ip = _CLIENT_IP.search(header.value[:2000])
        b = self._boundary
        judged_boundary = ip is not None and b is not None and ip.group(1) == b.ip
        if judged_boundary and any(_party(h) is _RECIPIENT for h in self._all_by(host)):
            return VerdictParty.RECIPIENT, f"{host} judged the boundary's client"
        hop = self._newest_by(host, ip.group(1) if ip else None)
        if hop is None or hop.role is None:
            if ip and self._newest_by(host) is not None:
                party, why = self.by_position(header)
                if party is VerdictParty.RECIPIENT:
                    party = VerdictParty.INTERMEDIARY
                return party, f"client-ip {ip.group(1)} is no client of {host}: " + why
            return None
        return _party(hop), f"written by {host} about the client of hop {hop.index + 1}"

    def _microsoft_results(self, header: Header) -> tuple[VerdictParty, str] | None:
        """Microsoft's results carry no authserv-id; they name the client they judged."""
        m = _SENDER_IP.search(header.value[:2000])
        b = self._boundary
        if not m or b is None or self._receiver is None:
            return None
        if self._receiver.name != "Microsoft 365":
            return None
        if m.group(1) == b.ip and self.hop_below(header) in (b, None):
            return VerdictParty.RECIPIENT, "Exchange Online's results about the boundary client"
        return None


_RECIPIENT = VerdictParty.RECIPIENT
_TRACE_PREFIXES = ("x-received", "x-google-", "x-gm-", "arc-", "x-forefront-", "x-ms-exchange-")
_TRACE_FIELDS = frozenset({"received-spf", "authentication-results", "return-path"})


def _is_trace_field(name: str) -> bool:
    """Fields receivers add beside their Received line (never the sender's own headers)."""
    lname = name.strip().lower()
    return lname in _TRACE_FIELDS or lname.startswith(_TRACE_PREFIXES)


def _party(hop: Hop) -> VerdictParty:
    return _ROLE_PARTY.get(hop.role, VerdictParty.UNKNOWN) if hop.role else VerdictParty.UNKNOWN


def _direction(value: str) -> str:
    return _direction_in(value[:8192])


@lru_cache(maxsize=64)
def _direction_in(value: str) -> str:
    """Cached: each Writers asks about every Forefront report header several times, and a
    message's headers are credited by more than one stage."""
    m = _DIR.search(value)
    return m.group(1).upper() if m else ""


def _first_word(value: str) -> str:
    word = value.strip().split(";", 1)[0].strip().split(" ", 1)[0]
    return word.lower() if "=" not in word and "." in word else ""


def checker_host(value: str) -> str | None:
    """The host a ``X-Spam-Checker-Version: SpamAssassin 3.4 on <host>`` names."""
    m = _CHECKER_HOST.search(value[:500])
    return m.group(1).rstrip(".") if m else None
