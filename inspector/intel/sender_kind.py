"""Who is really behind a message, as a postmaster concludes it from the trace: a platform's
customer, a platform account abused, a mailbox provider's user, a user of their own
organisation's server, a compromised mailbox, a throwaway cloud tenant, a self-hosted server,
a mailing-list post.

The conclusion rests on facts the other intel modules established (the platform match and
its trace, the hops, the receiver's recorded results) plus a few sender-side marks read
here: authenticated submission (ESMTPA, X-Originating-IP, cPanel's X-AntiAbuse; ordinary
mail from a company's or ISP's own server unless the message shows misuse: impersonation,
replies diverted to another organisation, failed authentication, strangers openly addressed), the
sender's own spam filter tagging its outgoing mail, ``*.onmicrosoft.com`` identities, ESP
decoration headers on mail no ESP sent. Each conclusion carries its evidence and a
confidence, because every one of them is a reading of headers, not a certainty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspector.intel.brand_claims import claimed_brands
from inspector.intel.brands import brand_of, brands_named_in, is_free_webmail
from inspector.intel.infrastructure import rented_server_name
from inspector.intel.lookalike import find_lookalike
from inspector.intel.org_domains import org_domain, same_org
from inspector.intel.platform_clues import (
    TraceView,
    addr_domain,
    clip,
    read_trace,
    sender_side_fields,
)
from inspector.intel.recipients import openly_addressed_to_many, visible_recipients
from inspector.model.auth import AuthSummary
from inspector.model.codes import AuthMethod, AuthStatus, SenderKind
from inspector.model.intel import HopIntel, PlatformKind, PlatformMatch, SenderKindFact
from inspector.model.message import Header, ParsedMessage
from inspector.model.route import Hop

_PLATFORM_KINDS = frozenset(
    {
        PlatformKind.ESP,
        PlatformKind.NEWSLETTER,
        PlatformKind.ESP_SOFTWARE,
        PlatformKind.APP_PLATFORM,
        PlatformKind.FORMS,
        PlatformKind.CRM,
        PlatformKind.HELPDESK,
        PlatformKind.RELAY,
        PlatformKind.PHISHING_SIMULATION,
        PlatformKind.MAILING_LIST,
    }
)
_MICROSOFT_365 = "Microsoft 365 (Exchange Online)"
# Headers ESPs add; on mail no ESP handed in they are imitation, a throwaway sender's dress.
_DECORATION = re.compile(
    r"^x-(?:mj-|sg-|sfmc-|csa-complaints|msfbl|roving-|ctct-|hs-cid|smtpapi|mailgun-|mc-user|"
    r"sib-|mandrill-)",
    re.IGNORECASE,
)
_TENANT = re.compile(r"[a-z0-9-]+\.onmicrosoft\.com", re.IGNORECASE)
#: The literal every tenant name ends with: searched first, in linear time, because the
#: tenant pattern is tried (and backtracks over a run of name characters) at every position.
_TENANT_SUFFIX = re.compile(r"\.onmicrosoft\.com", re.IGNORECASE)
_AUTH_PROTOCOL = re.compile(r"^(?:e?smtpsa|esmtpa|lmtpsa|asmtp|mapi|https?)$", re.IGNORECASE)
_X_PREFIXES = frozenset({"X-", "x-"})
_AUTH_RAW = re.compile(r"\(authenticated sender:|\bauth=pass\b|authenticated as", re.IGNORECASE)


def _fact(kind: SenderKind, confidence: float, summary: str, evidence: list[str]) -> SenderKindFact:
    return SenderKindFact(kind, tuple(dict.fromkeys(evidence))[:8], round(confidence, 2), summary)


def domain_of(message: ParsedMessage) -> str:
    return (message.from_[0].domain or "") if message.from_ else ""


def _list_marks(message: ParsedMessage) -> list[str]:
    list_id = message.get("List-Id")
    if not list_id:
        return []
    marks = [f"List-Id: {list_id[:100]}"]
    m = re.search(r"<([^<>@\s]{1,253})>", list_id)
    rp = addr_domain(message.return_path or message.get("Return-Path"))
    if m and rp and org_domain(m.group(1)) == org_domain(rp):
        marks.append(f"bounces go to the list ({rp})")
    for name in ("X-Google-Group-Id", "List-Post", "X-Mailing-List", "Mailing-List"):
        if message.get(name):
            marks.append(f"{name} present")
    return marks if len(marks) > 1 else []


def _sender_spam_tags(written: Sequence[Header]) -> list[str]:
    """The sender's own filter called its outgoing message spam (``written``: the headers the
    sending side wrote)."""
    found: list[str] = []
    for header in written:
        name = header.name
        if name[:2] not in _X_PREFIXES:
            continue  # both marks are X- headers; most names are not, so they are not lowered
        low = name.lower()
        if low.startswith("x-forefront-antispam-report"):
            v = clip(header.value).upper().replace(" ", "")
            if "DIR:OUT" in v and "SFV:SPM" in v:
                found.append(f"{name}: the sending tenant's outbound scan said spam (SFV:SPM)")
        elif low == "x-spam-flag":
            flag = clip(header.value).strip()
            if flag.upper().startswith("YES"):
                found.append(f"{name}: {flag[:20]} added on the sender's side")
    return found


def _submission(message: ParsedMessage, below: Sequence[Hop]) -> list[str]:
    found: list[str] = []
    for hop in below:
        if hop.protocol and _AUTH_PROTOCOL.match(hop.protocol.strip()):
            found.append(f"authenticated submission: {hop.by or '?'} with {hop.protocol}")
        elif _AUTH_RAW.search(hop.raw[:2000]):
            found.append(f"authenticated submission recorded by {hop.by or '?'}")
    for name in ("X-Originating-IP", "X-AntiAbuse"):
        value = message.get(name)
        if value:
            found.append(f"{name}: {value.strip()[:80]}")
    return found


def _tenant_names(message: ParsedMessage) -> list[str]:
    places = [
        ("Return-Path", message.return_path or message.get("Return-Path")),
        ("Message-ID", message.message_id),
        ("From", message.from_[0].address if message.from_ else None),
        *(("DKIM-Signature", h.value[:2000]) for h in message.get_all("DKIM-Signature")[:5]),
    ]
    return [
        f"{where}: {m.group(0)}"
        for where, v in places
        if v and _TENANT_SUFFIX.search(v) and (m := _TENANT.search(v))
    ]


def _impersonation(message: ParsedMessage, auth: AuthSummary) -> list[str]:
    """Signs that the visible sender is not who the message pretends to be."""
    signs: list[str] = []
    sender = message.from_[0] if message.from_ else None
    domain = sender.domain if sender else ""
    if sender and domain:
        owner = brand_of(domain)
        every = claimed_brands(sender.display_name, as_name=True)
        claimed = [c.brand.name for c in every if c.brand != owner]
        if claimed and len(claimed) == len(every):  # a name with the owner's own brand is theirs
            signs.append(f"display name names {claimed[0]} but the address is at {domain}")
        in_subject = [b.name for b in brands_named_in((message.subject or "")[:300]) if b != owner]
        if in_subject and not claimed:
            signs.append(f"the subject names {in_subject[0]} but the address is at {domain}")
        found = find_lookalike(domain)
        if found is not None:
            signs.append(f"From domain {domain} imitates {found.imitates}")
    if auth.receiver_said(AuthMethod.DMARC) is AuthStatus.FAIL:
        signs.append("the receiver recorded DMARC fail")
    for r in message.reply_to[:3]:
        if r.domain and domain and org_domain(r.domain) != org_domain(domain):
            signs.append(f"replies go to another organisation ({r.domain})")
    if auth.receiver_said(AuthMethod.SPF) in (AuthStatus.FAIL, AuthStatus.SOFTFAIL):
        signs.append("the receiver recorded SPF fail")
    return signs


def _open_list(message: ParsedMessage) -> list[str]:
    """A personal account writing openly to strangers at many organisations: the mark of a
    mailbox used by someone other than its owner."""
    seen = visible_recipients(message)
    if not openly_addressed_to_many(seen):
        return []
    return [f"openly addressed to {seen.visible} mailboxes at {len(seen.organisations)} others"]


def _hosting(entry: Hop | None, intel: Sequence[HopIntel]) -> str | None:
    if entry is None:
        return None
    for name in (entry.rdns, entry.helo):
        if rented_server_name(name):
            return f"sending host {name} is a rented server"
    for hi in intel:
        if hi.ip == entry.ip and hi.network_owner:
            return f"sending IP {hi.ip} belongs to {hi.network_owner}"
    return None


def classify_sender(  # noqa: PLR0911 - one return per conclusion reads best
    message: ParsedMessage,
    hops: Sequence[Hop],
    auth: AuthSummary,
    platform: PlatformMatch | None,
    hops_intel: Sequence[HopIntel] = (),
    *,
    view: TraceView | None = None,
) -> SenderKindFact:
    """The kind of sender behind the message, with evidence and confidence. ``view`` is
    ``read_trace(message, hops)`` when the caller has read it for the platform too."""
    if view is None:
        view = read_trace(message, hops)
    named = [f"platform: {platform.name}"] if platform else []
    written = sender_side_fields(message, hops)
    spam_tags = _sender_spam_tags(written)
    listed = _list_marks(message)
    if spam_tags:
        return _fact(
            SenderKind.COMPROMISED_MAILBOX,
            0.7,
            "a real mailbox whose own provider flagged this outgoing message as spam",
            [*spam_tags, *named],
        )
    if listed and not (platform and platform.kind in _PLATFORM_KINDS - {PlatformKind.MAILING_LIST}):
        return _fact(SenderKind.LIST_POST, 0.9, "a post relayed by a mailing list", listed)
    tenants = _tenant_names(message)
    if tenants:
        return _fact(
            SenderKind.THROWAWAY_TENANT,
            0.8,
            "a Microsoft 365 tenant under its default onmicrosoft.com name, the mark of a "
            "tenant set up to send rather than a company's own",
            [*tenants, *named],
        )
    signs = _impersonation(message, auth)  # the brand and lookalike checks cost; asked late
    if platform and platform.kind in _PLATFORM_KINDS:
        if signs:
            return _fact(
                SenderKind.ABUSED_PLATFORM,
                0.7,
                f"an account on {platform.name}, a legitimate platform, used to impersonate",
                [*named, *signs],
            )
        if (
            platform.customer
            and domain_of(message)
            and not same_org(platform.customer, domain_of(message))
        ):
            return _fact(
                SenderKind.ABUSED_PLATFORM,
                0.5,
                f"an account on {platform.name} sending in the name of another domain",
                [*named, f"the platform's customer is {platform.customer}, not the From domain"],
            )
        return _fact(SenderKind.ESP, 0.7, f"a customer of {platform.name}", named)
    decoration = sorted({h.name for h in written if _DECORATION.match(h.name)})
    if platform and platform.name == _MICROSOFT_365 and (decoration or signs):
        return _fact(
            SenderKind.THROWAWAY_TENANT,
            0.6,
            "a Microsoft 365 tenant dressed up as a marketing platform or a brand",
            [*named, *(f"imitated header {d}" for d in decoration), *signs],
        )
    # Under a replayed trace the submission marks (ESMTPA lines, X-Originating-IP) were
    # written for an earlier delivery of the message: they say nothing about this copy.
    submitted = [] if view.replayed else _submission(message, view.upstream)
    free = bool(message.from_ and is_free_webmail(message.from_[0].domain))
    if (
        submitted
        and not free
        and (platform is None or platform.kind is not PlatformKind.MAILBOX_PROVIDER)
    ):
        misuse = [*signs, *_open_list(message)]
        if misuse:
            return _fact(
                SenderKind.COMPROMISED_MAILBOX,
                0.6,
                "a real account at an ISP or company, logged into to send mail that is not "
                "its owner's",
                [*submitted, *misuse, *named],
            )
        return _fact(
            SenderKind.ORGANISATION_ACCOUNT,
            0.6,
            "a user of the mail server of their own company or internet provider, logged in "
            "to send, as ordinary mail is sent",
            [*submitted, *named],
        )
    if platform is not None and signs and not free:
        return _fact(
            SenderKind.ABUSED_PLATFORM,
            0.5,
            f"an account on {platform.name} with a domain of its own, used to impersonate",
            [*named, *signs],
        )
    if platform is not None:
        return _fact(
            SenderKind.MAILBOX_PROVIDER,
            0.7,
            f"a user of {platform.name}",
            named,
        )
    if decoration and view.entry is not None:
        return _fact(
            SenderKind.SELF_HOSTED_VPS,
            0.6,
            "a server of the sender's own, dressed up with a marketing platform's headers",
            [f"imitated header {d}" for d in decoration],
        )
    hosting = _hosting(view.entry, hops_intel)
    if hosting or (view.entry is not None and not submitted):
        entry = view.entry
        where = entry.rdns or entry.helo or entry.ip if entry else "?"
        return _fact(
            SenderKind.SELF_HOSTED_VPS,
            0.7 if hosting else 0.4,
            "a server of the sender's own, no sending platform",
            [hosting or f"sending host {where} is no known platform", *view.notes],
        )
    if submitted:
        return _fact(
            SenderKind.COMPROMISED_MAILBOX,
            0.5,
            "a real account logged into to send this",
            submitted,
        )
    return _fact(SenderKind.UNKNOWN, 0.0, "not enough in the headers to tell", [])
