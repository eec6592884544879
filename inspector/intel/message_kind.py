"""What kind of mail a message is: a personal message, a post to a discussion list, bulk or
marketing mail, a transactional notice, a bounce, an auto-reply or a feedback report.

Decided once, before the rules, because receivers judge each kind by its own standard: the
2024 bulk-sender rules concern marketing mail, while a member's post to a discussion list is
personal mail relayed by list software (RFC 2369 headers, mailto unsubscribe, Sender: the
list) and is judged as list mail.
"""

from __future__ import annotations

import re

from inspector.auth.results import org_domain
from inspector.model.bounces import Bounce
from inspector.model.codes import BounceKind, MessageKind
from inspector.model.evidence import MessageKindFact
from inspector.model.intel import PlatformMatch
from inspector.model.message import ParsedMessage

#: Platform kinds that send marketing or bulk mail for their customers.
#: Headers only discussion-list software writes (Mailman, ezmlm/Yahoo Groups, Google Groups,
#: mlmmj, public-inbox/lists.linux.dev).
_LIST_SOFTWARE = (
    "X-Mailman-Version",
    "Mailing-List",
    "X-BeenThere",
    "X-Google-Group-Id",
    "X-Mailing-List",
    "X-Loop",
)
_AUTO_REPLY = re.compile(r"^\s*auto-replied", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?reply|out of (the )?office|abwesenheit|r[ée]ponse automatique)",
    re.IGNORECASE,
)
_TRANSACTIONAL_SUBJECT = re.compile(
    r"\b(receipt|invoice|order|password|verif(y|ication)|confirm(ation)?|reset|code|"
    r"shipped|delivery|payment|statement|security alert|sign[- ]?in)\b",
    re.IGNORECASE,
)
_MAILTO = re.compile(r"<mailto:([^>?\s]{3,254})", re.IGNORECASE)
_ANGLE_ID = re.compile(r"<([^<>@\s]{1,253})>")


def _list_post(pm: ParsedMessage) -> str | None:
    m = _MAILTO.search(pm.get("List-Post") or "")
    return m.group(1).lower() if m else None


def _list_id(pm: ParsedMessage) -> str | None:
    value = pm.get("List-Id")
    if not value:
        return None
    m = _ANGLE_ID.search(value)
    return (m.group(1) if m else value.strip()).lower()[:253] or None


def list_host(list_id: str | None, list_post: str | None) -> str | None:
    """The list's own domain: the posting address's domain, else List-Id's host part."""
    if list_post and "@" in list_post:
        return list_post.rpartition("@")[2].rstrip(".") or None
    if list_id and "." in list_id:
        return list_id.rstrip(".")
    return None


def _discussion_list(pm: ParsedMessage, list_post: str | None, host: str | None) -> list[str]:
    """Why the message came through a discussion list (empty when nothing says so)."""
    why: list[str] = []
    if list_post:
        why.append(f"List-Post: <mailto:{list_post}>")
    why += [f"{name} header (list software)" for name in _LIST_SOFTWARE if pm.get(name)]
    if (pm.get("Precedence") or "").strip().lower() == "list":
        why.append("Precedence: list")
    author = pm.from_[0].domain if pm.from_ else ""
    sender = pm.sender.domain if pm.sender else ""
    if host and sender and org_domain(sender) == org_domain(host) != org_domain(author or host):
        why.append(f"Sender: is the list ({pm.sender.address if pm.sender else ''})")
    return why


def classify_kind(
    pm: ParsedMessage, platform: PlatformMatch | None, bounce: Bounce | None
) -> MessageKindFact:
    """The message's kind, with the headers that decided it."""
    list_id, post = _list_id(pm), _list_post(pm)
    host = list_host(list_id, post)
    reply = bool(pm.get("In-Reply-To") or pm.get("References"))

    def fact(kind: MessageKind, reasons: tuple[str, ...]) -> MessageKindFact:
        return MessageKindFact(kind, tuple(r[:200] for r in reasons), list_id, post, host, reply)

    if bounce is not None:
        if bounce.kind is BounceKind.ARF:
            return MessageKindFact(MessageKind.FEEDBACK_REPORT, ("an ARF feedback report",))
        return MessageKindFact(MessageKind.BOUNCE, ("a delivery status notification",))
    auto = pm.get("Auto-Submitted") or ""
    subject = pm.subject or ""
    if _AUTO_REPLY.match(auto) or (auto and _AUTO_SUBJECT.match(subject)):
        return fact(MessageKind.AUTO_REPLY, (f"Auto-Submitted: {auto}",))
    bulk_platform = platform is not None and platform.kind.sends_bulk
    if list_id or post:
        discussion = _discussion_list(pm, post, host)
        if discussion and not bulk_platform:
            return fact(MessageKind.LIST_POST, tuple(discussion))
    precedence = (pm.get("Precedence") or "").strip().lower()
    signals = [f"List-Id: {list_id}"] if list_id else []
    if precedence in ("bulk", "junk"):
        signals.append(f"Precedence: {precedence}")
    if pm.get("List-Unsubscribe"):
        signals.append("List-Unsubscribe header")
    if bulk_platform and platform is not None:
        if not signals and _TRANSACTIONAL_SUBJECT.search(subject):
            why = (f"sent through {platform.name}", f"Subject: {subject}")
            return fact(MessageKind.TRANSACTIONAL, why)
        signals.append(f"sent through {platform.name}")
    if signals:
        return fact(MessageKind.BULK, tuple(signals))
    if auto.strip().lower().startswith("auto-generated"):
        return fact(MessageKind.TRANSACTIONAL, (f"Auto-Submitted: {auto}",))
    return fact(MessageKind.PERSONAL, ())


def list_explains(fact: MessageKindFact, domain: str | None) -> bool:
    """A post relayed by a discussion list, where ``domain`` is the list's own: the list wrote
    that address (Sender:, the rewritten From, Reply-To to the list), as list software does."""
    if fact.kind is not MessageKind.LIST_POST or not domain or not fact.list_host:
        return False
    return org_domain(domain.lower().rstrip(".")) == org_domain(fact.list_host)
