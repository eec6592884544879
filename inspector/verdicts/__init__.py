"""Receivers' and senders' filter verdicts, decoded from the headers the filters left and credited
to the party that wrote them. ``decode_verdicts`` walks the headers in order, hands each known
verdict header to its family's decoder (spamassassin, microsoft, rspamd, gateways, providers,
mailbox_services, vade, small_filters, received_spf), places the result on the hop that added it
(placement) and credits it to the recipient, an intermediary or the sender
(``inspector.route.writers``). Decoders keep each raw value beside its meaning and state the
decision as a value (``SpamDecision``), so rules compare values, never the decoders' wording."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter

from inspector.model.codes import VerdictParty
from inspector.model.message import Header, ParsedMessage
from inspector.model.replaced import replaced
from inspector.model.route import Hop
from inspector.model.verdicts import Verdict
from inspector.route.writers import Writers, checker_host
from inspector.verdicts import (
    gateways,
    mailbox_services,
    microsoft,
    providers,
    received_spf,
    rspamd,
    small_filters,
    spamassassin,
    vade,
)
from inspector.verdicts._common import Decoder
from inspector.verdicts.placement import Placer

log = logging.getLogger(__name__)

_MICROSOFT_HOST = re.compile(r"(?:\.outlook\.com|\.exchangelabs\.com)\b", re.I)

MAX_VERDICTS = 500  # a message with more verdict headers than this is hostile; stop there

DECODERS: dict[str, Decoder] = {
    **spamassassin.DECODERS,
    **microsoft.DECODERS,
    **rspamd.DECODERS,
    **gateways.DECODERS,
    **providers.DECODERS,
    **mailbox_services.DECODERS,
    **vade.DECODERS,
    **small_filters.DECODERS,
    **received_spf.DECODERS,
}
_SPAMASSASSIN_FAMILY = frozenset(spamassassin.DECODERS)
_RSPAMD_FAMILY = frozenset({*rspamd.DECODERS, "x-spam-status"})


def _decoder(name: str) -> Decoder | None:
    """The decoder of a header, by its lower-cased name."""
    if len(name) <= _MAX_CACHED_NAME:
        return _cached_decoder(name)
    return _find_decoder(name)


_MAX_CACHED_NAME = 100  # header names this long are not worth keeping


@lru_cache(maxsize=2048)
def _cached_decoder(name: str) -> Decoder | None:
    """Cached by lower-cased name: a mailbox repeats the same few dozen names."""
    return _find_decoder(name)


def _verdict_headers(message: ParsedMessage) -> list[tuple[int, Decoder]]:
    """(position, decoder) of every header some decoder reads, in header order. The message's
    distinct names are looked up, not each header's: a message has a few dozen headers, and
    nearly all of them have no decoder."""
    found: list[tuple[int, Decoder]] = []
    for name in message.names():
        decoder = _decoder(name)
        if decoder is not None:
            found.extend((i, decoder) for i in message.positions(name))
    found.sort(key=itemgetter(0))
    return found


def _find_decoder(name: str) -> Decoder | None:
    """The decoder of a header by its lower-cased name."""
    found = DECODERS.get(name)
    if found is None and name in ("authentication-results", "arc-authentication-results"):
        return microsoft.decode_compauth
    if found is None:
        found = next((d for p, d in small_filters.PREFIXED if name.startswith(p)), None)
    return found


class _Credit:
    """Who wrote each verdict header: named evidence (the host a SpamAssassin names, the
    queue id rspamd names) first, then the header's place in the trace."""

    def __init__(
        self, message: ParsedMessage, hops: Sequence[Hop], writers: Writers | None
    ) -> None:
        self.writers = writers if writers is not None else Writers(message, hops)
        checkers = message.get_all("x-spam-checker-version")
        host = checker_host(checkers[0].value) if len(checkers) == 1 else None
        self.spamassassin = self.writers.by_host(host) if host else None
        queues = message.get_all("x-rspamd-queue-id")
        queue = queues[0].value if len(queues) == 1 else ""
        self.rspamd = self.writers.by_queue_id(queue) if queue else None

    def party(self, header: Header, verdict: Verdict) -> tuple[VerdictParty, str]:
        name = header.name.lower()
        if verdict.filter == rspamd.FILTER and name in _RSPAMD_FAMILY and self.rspamd:
            return self.rspamd
        if name in _SPAMASSASSIN_FAMILY and verdict.filter != rspamd.FILTER and self.spamassassin:
            return self.spamassassin
        return self.writers.party(header)


def decode_verdicts(
    message: ParsedMessage, hops: Sequence[Hop] = (), writers: Writers | None = None
) -> tuple[Verdict, ...]:
    """Every verdict header decoded, in header order (newest first), each on its hop and
    credited to the party that wrote it. ``writers`` is the message's, when the caller has
    built it for other stages too."""
    # Where a verdict sits and who wrote it are worked out at the first verdict: about two
    # messages in five carry no header any decoder reads, and need neither.
    placer: Placer | None = None
    credit: _Credit | None = None
    out: list[Verdict] = []
    for position, decoder in _verdict_headers(message):
        header = message.headers[position]
        try:
            verdict = decoder(header)
        except Exception:  # a decoder bug must not sink the analysis
            log.exception("verdict decoder failed on %s", header.name)
            continue
        if verdict is None:
            continue
        if placer is None or credit is None:
            placer = Placer(message, hops)
            credit = _Credit(message, hops, writers)
        hop = placer.hop_for(header)
        if (
            hop is None
            and verdict.filter == microsoft.FILTER
            and not microsoft.is_untrusted(verdict)
        ):
            hop = placer.newest_hop_by(_MICROSOFT_HOST)
        party, why = credit.party(header, verdict)
        out.append(replaced(verdict, hop=hop, party=party, party_reason=why, position=header.index))
        if len(out) >= MAX_VERDICTS:
            break
    return tuple(out)
