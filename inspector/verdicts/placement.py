"""Which relay hop added a verdict header.

Servers prepend their headers, so a verdict header sits above the Received header of the hop
that wrote it: the verdict belongs to the nearest Received header below it in header order.
Hops are numbered oldest first, the reverse of header order, so each Received header is
matched to its hop by text first and by position from the bottom when the text differs.

Exchange Online is the exception: it appends its X-MS-Exchange-Organization-* and antispam
headers at the bottom of the header block, below every Received header. Those verdicts are
put on the newest hop received by a Microsoft server instead (``newest_hop_by``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspector.model.message import Header, ParsedMessage
from inspector.model.route import Hop
from inspector.route.writers import received_key


class Placer:
    """Maps header positions to hop indexes for one message."""

    def __init__(self, message: ParsedMessage, hops: Sequence[Hop]) -> None:
        received = message.get_all("received")
        by_text: dict[str, list[int]] = {}
        for hop in hops:
            by_text.setdefault(received_key(hop.raw), []).append(hop.index)
        self._received: list[tuple[int, int | None]] = []  # (header index, hop index)
        oldest_first = list(reversed(received))
        positional = {id(h): hops[k].index for k, h in enumerate(oldest_first) if k < len(hops)}
        for header in received:
            candidates = by_text.get(received_key(header.value))
            hop_index = candidates[0] if candidates and len(candidates) == 1 else None
            if hop_index is None and hops:
                hop_index = positional.get(id(header))
            self._received.append((header.index, hop_index))
        self._received.sort()
        self._hops = list(hops)

    def newest_hop_by(self, pattern: re.Pattern[str]) -> int | None:
        """Index of the newest hop whose receiving server (``by``) matches ``pattern``."""
        for hop in sorted(self._hops, key=lambda h: -h.index):
            if pattern.search(hop.by or "") or (not hop.by and pattern.search(hop.raw)):
                return hop.index
        return None

    def hop_for(self, header: Header) -> int | None:
        """Hop of the nearest Received header below ``header``; None when there is none."""
        for index, hop_index in self._received:
            if index > header.index:
                return hop_index
        return None


def hop_for_header(message: ParsedMessage, hops: Sequence[Hop], header: Header) -> int | None:
    return Placer(message, hops).hop_for(header)
