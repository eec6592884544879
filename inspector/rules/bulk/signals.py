"""What the bulk rules read: whether the message is bulk or list mail, what its unsubscribe
headers offer, the boundary hop's TLS, and the sender guidelines they cite."""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.model.codes import AuthStatus, MessageKind
from inspector.model.route import Hop
from inspector.rules.context import AnalysisContext, per_message

GMAIL_GUIDE = "https://support.google.com/a/answer/81126 (Gmail sender guidelines)"
GMAIL_FAQ = "https://support.google.com/a/answer/14229414 (Gmail bulk sender FAQ)"
YAHOO_GUIDE = "https://senders.yahooinc.com/best-practices/ (Yahoo sender requirements)"
MICROSOFT_GUIDE = (
    "https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/"
    "strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-"
    "senders/4399730 (Outlook.com high-volume sender requirements)"
)
RFC8058 = "RFC 8058 (one-click unsubscribe)"
RFC2369 = "RFC 2369 section 3.2 (List-Unsubscribe)"
_ONE_CLICK = re.compile(r"^\s*List-Unsubscribe\s*=\s*One-Click\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- helpers


def bulk_mail(ctx: AnalysisContext) -> bool:
    """Mail the bulk-sender requirements are about: marketing, newsletters and the
    notifications bulk platforms send. A person's post, even through a list, is not."""
    return ctx.evidence.kind.kind in (MessageKind.BULK, MessageKind.TRANSACTIONAL)


LIST_NOTE = (
    " This is a post to a discussion list, not marketing mail; list software commonly works "
    "this way and receivers do not filter list traffic for it, so it counts for nothing here."
)


def _uris(value: str) -> list[str]:
    return [u.strip() for u in re.findall(r"<([^>]{1,2048})>", value)[:10]]


@dataclass(frozen=True)
class Unsubscribe:
    """What the unsubscribe headers offer."""

    header: str | None
    post: str | None
    https: tuple[str, ...]
    http: tuple[str, ...]
    mailto: tuple[str, ...]

    @property
    def one_click_declared(self) -> bool:
        return bool(self.post and _ONE_CLICK.match(self.post) and self.https)

    def evidence(self) -> list[str]:
        lines = [f"List-Unsubscribe: {self.header}"[:300]] if self.header else []
        if self.post:
            lines.append(f"List-Unsubscribe-Post: {self.post}"[:200])
        return lines


@per_message
def unsubscribe(ctx: AnalysisContext) -> Unsubscribe:
    header = ctx.message.get("List-Unsubscribe")
    if not header:  # most mail, and five rules ask: nothing to take apart
        return Unsubscribe(header, ctx.message.get("List-Unsubscribe-Post"), (), (), ())
    uris = _uris(header)
    lower = [u.lower() for u in uris]
    return Unsubscribe(
        header=header,
        post=ctx.message.get("List-Unsubscribe-Post"),
        https=tuple(u for u, lo in zip(uris, lower, strict=True) if lo.startswith("https://")),
        http=tuple(u for u, lo in zip(uris, lower, strict=True) if lo.startswith("http://")),
        mailto=tuple(u for u, lo in zip(uris, lower, strict=True) if lo.startswith("mailto:")),
    )


def dkim_evaluated(ctx: AnalysisContext) -> bool:
    return any(r.result is not AuthStatus.SKIPPED for r in ctx.auth.dkim)


def signed_by_passing_dkim(ctx: AnalysisContext) -> bool:
    wanted = {"list-unsubscribe", "list-unsubscribe-post"}
    for r in ctx.auth.dkim:
        if r.result is AuthStatus.PASS and wanted <= {h.lower() for h in r.signed_headers}:
            return True
    return False


def boundary_hop(ctx: AnalysisContext) -> Hop | None:
    for hop in ctx.hops:
        if hop.boundary:
            return hop
    index = ctx.route.boundary_index
    if index is not None:
        for hop in ctx.hops:
            if hop.index == index:
                return hop
    return None


def hop_has_tls(hop: Hop) -> bool:
    protocol = (hop.protocol or "").upper()
    return bool(hop.tls or hop.tls_version or re.search(r"SMTPS|LMTPS|SMTPSA", protocol))


def from_line(ctx: AnalysisContext) -> str:
    return f"From: {ctx.message.get('From') or ''}"[:300]
