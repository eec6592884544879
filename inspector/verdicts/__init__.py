"""Receivers' own verdicts, decoded from the headers their filters left.

``decode_verdicts`` walks the headers in order, hands each known verdict header to its
family's decoder (spamassassin, microsoft, rspamd, gateways, providers) and places the result
on the hop that added it (placement). Decoders keep each raw value beside its meaning.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence

from inspector.model.message import ParsedMessage
from inspector.model.route import Hop
from inspector.model.verdicts import Verdict
from inspector.verdicts import gateways, microsoft, providers, rspamd, spamassassin
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
}


def decode_verdicts(message: ParsedMessage, hops: Sequence[Hop] = ()) -> tuple[Verdict, ...]:
    """Every verdict header decoded, in header order (newest first), each on its hop."""
    placer = Placer(message, hops)
    out: list[Verdict] = []
    for header in message.headers:
        lname = header.name.lower()
        decoder = DECODERS.get(lname)
        if decoder is None and lname in ("authentication-results", "arc-authentication-results"):
            decoder = microsoft.decode_compauth
        if decoder is None:
            continue
        try:
            verdict = decoder(header)
        except Exception:  # a decoder bug must not sink the analysis
            log.exception("verdict decoder failed on %s", header.name)
            continue
        if verdict is None:
            continue
        hop = placer.hop_for(header)
        if (
            hop is None
            and verdict.filter == microsoft.FILTER
            and not microsoft.is_untrusted(verdict)
        ):
            hop = placer.newest_hop_by(_MICROSOFT_HOST)
        out.append(dataclasses.replace(verdict, hop=hop))
        if len(out) >= MAX_VERDICTS:
            break
    return tuple(out)
