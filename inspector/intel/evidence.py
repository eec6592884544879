"""The facts every rule shares, computed once from the message and its route before the rules
run: the message kind, the entry host, the sending tool's marks and the visible recipients."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.intel.entry_host import entry_host
from inspector.intel.message_kind import classify_kind
from inspector.intel.recipients import visible_recipients
from inspector.intel.sender_style import sender_style
from inspector.model.auth import DkimResult
from inspector.model.bounces import Bounce
from inspector.model.evidence import MessageEvidence
from inspector.model.intel import PlatformMatch
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route


def gather_evidence(
    pm: ParsedMessage,
    hops: Sequence[Hop],
    route: Route,
    dkim: Sequence[DkimResult],
    platform: PlatformMatch | None,
    bounce: Bounce | None,
) -> MessageEvidence:
    kind = classify_kind(pm, platform, bounce)
    entry = entry_host(pm, hops, route, dkim, platform, kind.list_host)
    return MessageEvidence(
        kind=kind, entry=entry, style=sender_style(pm), recipients=visible_recipients(pm)
    )
