"""Facts about a message's senders that several rule themes judge: whether it looks like bulk
or list mail, which organisations legitimately stand behind it, and whether a free-mail
address is being used from outside its provider. They are computed here, from the parsed
message and the authentication and sender facts, so the themes read one answer instead of
asking each other."""

from __future__ import annotations

from functools import lru_cache

from inspector.auth.orgdomain import org_domain
from inspector.intel.platform_catalogue import is_platform_domain
from inspector.intel.platform_clues import signing_domains
from inspector.model.auth import AuthSummary
from inspector.model.codes import AuthStatus, MessageKind
from inspector.model.evidence import MessageEvidence
from inspector.model.intel import SenderIntel
from inspector.model.message import ParsedMessage

#: Platform kinds whose mail is bulk by nature.

#: Mailbox providers whose own domains publish strict DMARC: mail "from" them must come
#: through them (Gmail and Yahoo 2024 sender requirements).
PROVIDER_ORGS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de",
        "yahoo.co.jp", "ymail.com", "rocketmail.com", "aol.com", "outlook.com", "hotmail.com",
        "hotmail.co.uk", "hotmail.fr", "live.com", "msn.com", "icloud.com", "me.com",
        "mac.com", "gmx.net", "gmx.de", "gmx.com", "web.de", "yandex.ru", "mail.ru",
        "proton.me", "protonmail.com", "zoho.com",
    }
)  # fmt: skip


def from_domain(pm: ParsedMessage) -> str:
    """The (first) From address's domain, lowercase; empty when there is none."""
    return pm.from_[0].domain if pm.from_ else ""


def return_path_domain(pm: ParsedMessage) -> str:
    rp = (pm.return_path or "").strip().strip("<>").strip()
    return rp.rpartition("@")[2].lower().rstrip(".") if "@" in rp else ""


def dkim_domains(pm: ParsedMessage, auth: AuthSummary) -> list[tuple[str, AuthStatus | None]]:
    """(d=, status) for each signature: verified when DKIM ran, else read from headers."""
    return signing_domains(pm, auth.dkim)


def bulk_signals(pm: ParsedMessage, sender: SenderIntel) -> list[str]:
    """Why the message looks like bulk mail (empty when it does not)."""
    found: list[str] = []
    list_id = pm.get("List-Id")
    if list_id:
        found.append(f"List-Id: {list_id}"[:200])
    precedence = (pm.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "list"):
        found.append(f"Precedence: {precedence}")
    platform = sender.platform
    if platform and platform.kind.sends_bulk:
        found.append(f"sent through {platform.name}")
    return found


def is_discussion_list(evidence: MessageEvidence) -> bool:
    """A post to a discussion mailing list rather than a newsletter (the message-kind fact
    decides, from List-Post, list software headers and Sender). List software such as
    Mailman or mlmmj offers mailto unsubscribe, and receivers do not hold list traffic to the
    one-click rule the way they hold marketing mail."""
    return evidence.kind.kind is MessageKind.LIST_POST


def platform_explains(sender: SenderIntel, domain: str) -> bool:
    """The identified sending platform owns ``domain`` (its bounce or signing domain)."""
    platform = sender.platform
    if platform is None:
        return False
    if len(domain) > _MAX_CACHED_NAME:
        return is_platform_domain(platform.name, domain)
    return _platform_owns(platform.name, domain)


_MAX_CACHED_NAME = 253  # a host name's limit; anything longer is asked without the cache


@lru_cache(maxsize=4096)
def _platform_owns(name: str, domain: str) -> bool:
    """Cached: a message's links and identities ask about the same few domains, each answer
    a scan of the platform's domains and signals, and a mailbox repeats its platforms."""
    return is_platform_domain(name, domain)


def sender_orgs(pm: ParsedMessage, auth: AuthSummary, sender: SenderIntel) -> set[str]:
    """Organisations that legitimately stand behind the message: From, Return-Path, DKIM
    signers and the platform's customer."""
    orgs = {org_domain(d) for d in (from_domain(pm), return_path_domain(pm)) if d}
    orgs.update(
        org_domain(d) for d, status in dkim_domains(pm, auth) if status is not AuthStatus.FAIL
    )
    platform = sender.platform
    if platform and platform.customer:
        orgs.add(org_domain(platform.customer))
    return {o for o in orgs if o}


def freemail_impersonation_reasons(
    pm: ParsedMessage, auth: AuthSummary, sender: SenderIntel
) -> list[str]:
    """Why a free-mail From address (gmail.com, yahoo.com...) was not sent and signed by its
    provider; empty when it was, or when From is not at such a provider."""
    domain = from_domain(pm)
    org = org_domain(domain)
    if not domain or org not in PROVIDER_ORGS:
        return []
    signers = dkim_domains(pm, auth)
    if any(org_domain(d) == org and status is not AuthStatus.FAIL for d, status in signers):
        return []
    platform = sender.platform
    reasons: list[str] = []
    if platform and not is_platform_domain(platform.name, domain):
        reasons.append(f"sending platform identified: {platform.name}")
    if signers:
        reasons.append("signed only by " + ", ".join(sorted({d for d, _ in signers})))
    if auth.dmarc.result is AuthStatus.FAIL:
        reasons.append(f"DMARC {auth.dmarc.result.value}: {auth.dmarc.reason}"[:200])
    return reasons
