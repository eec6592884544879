"""Findings about the links in a message: where they really go, and what that suggests.

The links were extracted and classified beforehand (``inspector.intel.links``, nothing is
ever fetched). Phishing relies on links that hide their destination (shorteners, text that
shows one domain while the link goes to another, raw IP addresses, lookalike domains) and
on pages hosted for free on big platforms whose domains filters cannot block outright.
Tracking pixels are reported by ``content.tracking_pixel``.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.intel.brands import brand_of
from inspector.intel.lookalike import find_lookalike
from inspector.intel.mail_signals import platform_explains, sender_orgs
from inspector.intel.org_domains import org_domain
from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.intel import Link
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_GMAIL = "https://support.google.com/a/answer/81126 (Gmail sender guidelines)"
_APWG = "https://apwg.org/trendsreports/ (APWG phishing activity trends)"
_URI = "RFC 3986 (URI syntax)"
_MANY_DOMAINS = 15
_MAX_EVIDENCE = 8
_SECURITY_WRAPPERS = ("Safe Links", "Proofpoint", "Mimecast", "Barracuda", "Trend Micro",
                      "Symantec", "Sophos", "Cisco")  # fmt: skip

SHORTENER = spec(
    "links.shortener",
    Severity.MEDIUM,
    Category.CONTENT,
    "Links go through a URL shortener",
    "Link directly to your own domain (or a branded short domain of your own); public "
    "shorteners hide the destination and are widely abused, so filters distrust them.",
    (_GMAIL, _APWG),
)
TEXT_MISMATCH = spec(
    "links.text_mismatch",
    Severity.HIGH,
    Category.CONTENT,
    "A link's text shows one web address but it leads to another",
    "Make the visible text of a link match where it goes, or use words instead of an "
    "address as link text; if a click-tracking domain is in between, brand it with a "
    "subdomain of your own domain.",
    (_APWG, "https://www.ftc.gov/business-guidance/small-businesses/cybersecurity/phishing"),
)
IP_ADDRESS = spec(
    "links.ip_address",
    Severity.HIGH,
    Category.CONTENT,
    "Links point to a bare IP address",
    "Link to a domain name you own; legitimate senders almost never link to raw addresses, "
    "and filters treat them as a strong phishing sign.",
    (_URI + " section 3.2.2", "SpamAssassin rule NORMAL_HTTP_TO_IP"),
)
FREE_HOSTING = spec(
    "links.free_hosting",
    Severity.MEDIUM,
    Category.CONTENT,
    "Links lead to a free hosting or file-sharing service",
    "Host landing pages on your own domain. Free site builders, cloud buckets and IPFS "
    "gateways are where phishing kits live, and filters weigh links to them accordingly.",
    (
        _APWG,
        "https://www.cisa.gov/news-events/news/avoiding-social-engineering-and-phishing-attacks",
    ),
)
FORM_SERVICE = spec(
    "links.form_service",
    Severity.MEDIUM,
    Category.CONTENT,
    "Links lead to an online form service",
    "Collect data on your own site; links to anonymous form builders are a favourite way "
    "to harvest passwords and card numbers.",
    (_APWG,),
)
FORM_IN_MESSAGE = spec(
    "links.form_in_message",
    Severity.HIGH,
    Category.CONTENT,
    "The message contains a form that submits data",
    "Do not put forms in e-mail; link to a page on your site instead. Many mail apps "
    "disable forms, and filters treat them as credential phishing.",
    ("https://www.caniemail.com/features/html-form/ (form support in mail clients)", _APWG),
)
LOOKALIKE_DOMAIN = spec(
    "links.lookalike_domain",
    Severity.HIGH,
    Category.CONTENT,
    "Links lead to a domain that imitates a well-known one",
    "Link only to domains you own and that do not resemble other organisations' names.",
    ("Unicode Technical Standard #39 (confusable characters)", _APWG),
)
MANY_DOMAINS = spec(
    "links.many_domains",
    Severity.LOW,
    Category.CONTENT,
    "Links point to many different domains",
    "Keep links to a few domains you control; each extra domain is one more reputation the "
    "message depends on.",
    (_GMAIL,),
)
UNRELATED_DOMAINS = spec(
    "links.unrelated_domains",
    Severity.LOW,
    Category.CONTENT,
    "None of the links lead to the sender's own domains",
    "Link to your own domain (a subdomain of the From domain for tracking), so the "
    "reputation of the sender and of the links agree.",
    (_GMAIL, "RFC 7489 section 3.1 (organizational domains)"),
)
SECURITY_REWRITTEN = spec(
    "links.security_rewritten",
    Severity.INFO,
    Category.CONTENT,
    "Links were rewritten by a security gateway",
    "Nothing for the sender to do; a gateway on the recipient's side (or a forwarder) "
    "wraps links to check them at click time. The real destinations are listed where the "
    "wrapper reveals them.",
    ("https://learn.microsoft.com/defender-office-365/safe-links-about (Safe Links)",),
)


# --------------------------------------------------------------------------- helpers


def effective_domain(link: Link) -> str:
    """Where the link really leads: the unwrapped target when known, else its host."""
    return (link.target_domain or link.domain or "").lower()


def _clickable(ctx: AnalysisContext) -> list[Link]:
    return [link for link in ctx.sender.links if link.source in ("html", "text")]


def _line(link: Link) -> str:
    text = f' (text: "{link.text[:60]}")' if link.text else ""
    target = f" -> {link.target}" if link.target else ""
    return f"{link.source}: {link.url[:200]}{target[:200]}{text}"


def _lines(links: list[Link]) -> list[str]:
    out = [_line(link) for link in links[:_MAX_EVIDENCE]]
    if len(links) > _MAX_EVIDENCE:
        out.append(f"... and {len(links) - _MAX_EVIDENCE} more")
    return out


def _own(ctx: AnalysisContext, domain: str, orgs: set[str]) -> bool:
    return org_domain(domain) in orgs or platform_explains(ctx.sender, domain)


# --------------------------------------------------------------------------- rules


@rule
def shortener(ctx: AnalysisContext) -> Iterator[Finding]:
    hits = [link for link in _clickable(ctx) if link.shortener]
    if hits:
        names = ", ".join(sorted({effective_domain(h) for h in hits}))
        yield SHORTENER(
            f"{len(hits)} link(s) use the public shortener(s) {names}. The reader (and the "
            "filter) cannot see where they lead without following them.",
            _lines(hits),
        )


@rule
def text_mismatch(ctx: AnalysisContext) -> Iterator[Finding]:
    mismatched = [link for link in _clickable(ctx) if link.mismatch]
    if not mismatched:
        return  # most messages: the sender's organisations are not worth gathering
    orgs = sender_orgs(ctx.message, ctx.auth, ctx.sender)
    hits = [link for link in mismatched if not _own(ctx, effective_domain(link), orgs)]
    if hits:
        first = hits[0]
        yield TEXT_MISMATCH(
            f'A link reads "{first.text[:80]}" (the domain {first.text_domain}) but actually '
            f"leads to {effective_domain(first)}. Showing one address while linking to "
            "another is the core trick of phishing; filters and careful readers both check "
            "for it.",
            _lines(hits),
        )


@rule
def ip_address(ctx: AnalysisContext) -> Iterator[Finding]:
    hits = [link for link in ctx.sender.links if link.ip_literal]
    if not hits:
        return
    clickable = [h for h in hits if h.source != "img"]
    yield IP_ADDRESS(
        f"{len(hits)} link(s) or image(s) point to a numeric address such as "
        f"{effective_domain(hits[0])} instead of a domain name. That hides who runs the "
        "server and is typical of throw-away phishing and spam hosts.",
        _lines(clickable + [h for h in hits if h.source == "img"]),
        severity=None if clickable else Severity.MEDIUM,
    )


@rule
def free_hosting(ctx: AnalysisContext) -> Iterator[Finding]:
    hosted = [
        link
        for link in _clickable(ctx) + [x for x in ctx.sender.links if x.source == "form"]
        if link.free_hosting
    ]
    if not hosted:
        return  # as for text_mismatch
    orgs = sender_orgs(ctx.message, ctx.auth, ctx.sender)
    hits = [link for link in hosted if org_domain(effective_domain(link)) not in orgs]
    if hits:
        yield FREE_HOSTING(
            f"{len(hits)} link(s) lead to free hosting such as {effective_domain(hits[0])}. "
            "Anyone can publish a page there in minutes, which is why phishing pages are "
            "so often found on these services, and why filters distrust mail that links there.",
            _lines(hits),
        )


@rule
def form_service(ctx: AnalysisContext) -> Iterator[Finding]:
    hits = [link for link in ctx.sender.links if link.form_service and link.source != "img"]
    if hits:
        yield FORM_SERVICE(
            f"{len(hits)} link(s) lead to an online form service ({effective_domain(hits[0])}). "
            "Such forms are used to collect passwords or payment details outside the "
            "sender's own site, so filters score links to them as a phishing sign.",
            _lines(hits),
        )


@rule
def form_in_message(ctx: AnalysisContext) -> Iterator[Finding]:
    hits = [link for link in ctx.sender.links if link.source == "form"]
    if not hits:
        return
    # intel.links describes each form in its text: method, and whether it asks for a secret.
    # A GET search box in a newsletter is navigation; a form asking for a password or card,
    # or posting to someone other than the sender, is how credentials are harvested.
    orgs = sender_orgs(ctx.message, ctx.auth, ctx.sender)
    harvesting = any(
        "password" in x.text
        or "credentials" in x.text
        or (x.text.startswith("POST") and org_domain(effective_domain(x)) not in orgs)
        for x in hits
    )
    yield FORM_IN_MESSAGE(
        f"The message itself contains a form that sends what is typed into it to "
        f"{effective_domain(hits[0]) or 'a web address'}. Legitimate mail links to a "
        "website instead; forms inside e-mail are a credential-phishing technique"
        + ("." if harvesting else " (this one only searches or navigates, which is harmless)."),
        _lines(hits),
        severity=None if harvesting else Severity.INFO,
    )


@rule
def lookalike_domain(ctx: AnalysisContext) -> Iterator[Finding]:
    seen: dict[str, tuple[Link, str]] = {}
    checked: set[str] = set()  # a message links to few domains, many times each
    for link in ctx.sender.links:
        domain = effective_domain(link)
        if domain and domain not in checked:
            checked.add(domain)
            found = find_lookalike(domain)
            if found:
                seen[domain] = (link, f"{found.detail} ({found.technique})")
        if len(seen) >= _MAX_EVIDENCE:
            break
    if seen:
        details = [d for _, d in seen.values()]
        yield LOOKALIKE_DOMAIN(
            f"Link(s) lead to {', '.join(seen)}, built to be read as a well-known domain: "
            f"{details[0]}. Readers who trust the brand follow such links; filters treat "
            "lookalike link domains as phishing.",
            [*details, *(_line(link) for link, _ in seen.values())],
        )


@rule
def many_domains(ctx: AnalysisContext) -> Iterator[Finding]:
    domains = sorted({org_domain(effective_domain(x)) for x in _clickable(ctx)} - {""})
    if len(domains) >= _MANY_DOMAINS:
        yield MANY_DOMAINS(
            f"The links lead to {len(domains)} different domains. Newsletters that aggregate "
            "content do this, but so does spam that spreads its links to dodge blocklists.",
            [", ".join(domains[:40])],
        )


@rule
def unrelated_domains(ctx: AnalysisContext) -> Iterator[Finding]:
    if ctx.bounce is not None:
        return  # a bounce quotes someone else's message, links included
    # Opaque trackers hide the destination; the platform's own pages (unsubscribe,
    # preferences) say nothing about the sender. A message links to few domains, many times
    # each, so each question is asked once per domain.
    explained: dict[str, bool] = {}
    known: list[tuple[Link, str]] = []
    for x in _clickable(ctx):
        if x.wrapper and not x.target:
            continue
        domain = effective_domain(x)
        if domain not in explained:
            explained[domain] = platform_explains(ctx.sender, domain)
        if not explained[domain]:
            known.append((x, domain))
    if not known:
        return
    orgs = sender_orgs(ctx.message, ctx.auth, ctx.sender)
    if not orgs:
        return
    org_of = {d: org_domain(d) for _, d in known}
    if any(org in orgs for org in org_of.values()):
        return
    unbranded = {d for d in org_of if brand_of(d) is None}
    strangers = [x for x, d in known if d in unbranded]
    if not strangers:
        return
    domains = sorted({org_of[d] for d in unbranded} - {""})
    shown = sorted(o for o in orgs if not platform_explains(ctx.sender, o)) or sorted(orgs)
    yield UNRELATED_DOMAINS(
        f"The message comes from {', '.join(shown)}, but its links lead only to "
        f"{', '.join(domains[:6])}. Filters compare the two; links to unrelated domains are "
        "common in spam and phishing (and in mail sent through untidy platforms).",
        [f"sender domains: {', '.join(shown)}", *_lines(strangers)],
    )


@rule
def security_rewritten(ctx: AnalysisContext) -> Iterator[Finding]:
    hits = [
        x
        for x in ctx.sender.links
        if x.wrapper and any(name in x.wrapper for name in _SECURITY_WRAPPERS)
    ]
    if hits:
        names = ", ".join(sorted({x.wrapper or "" for x in hits}))
        yield SECURITY_REWRITTEN(
            f"{len(hits)} link(s) were rewritten by {names}. The checks above use the real "
            "destination where the wrapper reveals it; where it does not (Mimecast), the "
            "destination is unknown here.",
            _lines(hits),
        )
