"""docs/platforms.md, generated from the fingerprint catalogue so it never drifts from it."""

from __future__ import annotations

from inspector.intel.platform_catalogue import MIN_CONFIDENCE, load_platforms
from inspector.model.intel import ClueKind

_SIGNAL_TITLES = {
    ClueKind.HEADER_PRESENT: "header",
    ClueKind.HEADER_REGEX: "header value",
    ClueKind.DKIM_DOMAIN: "DKIM d=",
    ClueKind.RETURN_PATH_DOMAIN: "Return-Path",
    ClueKind.RDNS: "rDNS/HELO",
    ClueKind.MESSAGE_ID: "Message-ID",
    ClueKind.LIST_UNSUBSCRIBE_HOST: "List-Unsubscribe",
    ClueKind.FEEDBACK_ID: "Feedback-ID",
    ClueKind.FROM_DOMAIN: "From",
    ClueKind.IP: "IP",
    ClueKind.BY_HOST: "relay",
}


def render_platforms_markdown() -> str:
    """docs/platforms.md: every recognised platform and the signals that identify it."""
    lines = [
        "# Recognised sending platforms",
        "",
        "Generated from `inspector/data/platforms.json` by",
        "`inspector.intel.platform_docs.render_platforms_markdown()`; do not edit by hand.",
        "",
        "## How the platform is decided",
        "",
        "From the trace first. Trace evidence is what the recipient's side recorded and the",
        "sender cannot choose: the rDNS, HELO and IP of the host that connected at the trust",
        "boundary (and the relays under it), a DKIM signature that verified or that the",
        "trusted receiver recorded as passing, a bounce domain SPF passed for. Supporting",
        "evidence (a Return-Path/VERP shape, a DKIM d= nobody verified, a Feedback-ID) counts",
        "only in pairs or beside the trace. Headers any script can copy (X-Mailer, X-MC-User,",
        "X-SG-*, an `xt.local` Message-ID) only corroborate and never decide. A Message-ID the",
        "receiver stamped because the sender sent none counts for nothing; a trace replayed",
        "under a foreign entry hop (an earlier delivery below it, or lines hours older) names",
        "nobody; a forwarder at the boundary (ImprovMX, Gmail forwarding, SRS) hands the",
        "question to the host before it.",
        "",
        "The platform is then read with the rest of the trace as a sender kind: a platform's",
        "customer, a legitimate platform abused, a mailbox provider's user, a user of the",
        "sender's own company or ISP server, a compromised mailbox (such an account sending",
        "mail that shows misuse), a throwaway Microsoft 365 tenant, a self-hosted server, a",
        "mailing-list post",
        "(`inspector/intel/sender_kind.py`, findings `sender.*`, one per kind).",
        "",
        f"{len(load_platforms())} platforms. A platform is reported when its matching signals",
        f"combine to a confidence of at least {MIN_CONFIDENCE} (weights combine as",
        "`1 - prod(1 - w)`) and the evidence includes the trace as above.",
        "",
        "| Platform | Kind | Signals |",
        "|---|---|---|",
    ]
    for p in load_platforms():
        parts = []
        for s in p.signals:
            title = _SIGNAL_TITLES[s.type]
            shown = f"{s.header}: /{s.pattern}/" if s.type is ClueKind.HEADER_REGEX else s.pattern
            parts.append(f"{title} `{shown.replace('|', chr(92) + '|')}` ({s.weight:g})")
        lines.append(f"| {p.name} | {p.kind} | {'; '.join(parts)} |")
    return "\n".join(lines) + "\n"
