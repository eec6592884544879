"""Findings about brand impersonation that needs no lookalike domain.

Two tricks: writing the brand's name with letters from other scripts (Cherokee "Ꮇ",
Cyrillic "а", Latin alpha "ɑ", capital I for small l) so that people read the brand and
word filters do not; and putting the brand's real domain in From, which only works where
nothing checks authentication. The first is found with UTS #39 confusable skeletons
(``inspector.intel.brand_claims``); the second is called a spoof, not a lookalike, because
the domain is the brand's own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from inspector.intel.brand_claims import BrandClaim, claimed_brands
from inspector.intel.brands import Brand, brand_of, is_free_webmail
from inspector.intel.org_domains import org_domain
from inspector.model.codes import AuthMethod, AuthStatus, Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_TR39 = "Unicode Technical Standard #39 section 4 (confusable detection, skeletons)"
_DMARC = "RFC 7489 section 3.1 (identifier alignment) and 6.6 (receiver actions)"
_FAILED = frozenset({AuthStatus.FAIL, AuthStatus.SOFTFAIL, AuthStatus.PERMERROR})

LOOKALIKE_LETTERS = spec(
    "brand.lookalike_letters",
    Severity.HIGH,
    Category.IDENTITY,
    "A brand name is written with look-alike letters from other scripts",
    "Write your name with ordinary letters. Brand names spelt with Cyrillic, Greek, "
    "Cherokee or other look-alike characters are an impersonation technique and are "
    "treated as phishing.",
    (_TR39,),
)
DOMAIN_SPOOF = spec(
    "brand.domain_spoof",
    Severity.HIGH,
    Category.IDENTITY,
    "The From address is in a brand's own domain, but authentication failed for it",
    "If this is your domain, publish DMARC at p=reject and sign all mail with DKIM under "
    "it; receivers then refuse such spoofs. If not, the message is forged.",
    (_DMARC, "RFC 7208 (SPF)", "RFC 6376 (DKIM)"),
)


def _characters(claim: BrandClaim) -> str:
    if not claim.characters:
        return "ordinary letters swapped for ones that look alike (I for l, 0 for O)"
    names = [
        f"{c!r} {unicodedata.name(c, f'U+{ord(c):04X}')}" if c.isprintable() else f"U+{ord(c):04X}"
        for c in claim.characters[:6]
    ]
    return ", ".join(names)


@rule
def lookalike_letters(ctx: AnalysisContext) -> Iterator[Finding]:
    sender = ctx.message.from_[0] if ctx.message.from_ else None
    owner = brand_of(sender.domain) if sender else None
    places = [
        ("display name", sender.display_name if sender else "", True),
        ("subject", ctx.message.subject or "", False),
    ]
    for place, text, as_name in places:
        for claim in claimed_brands(text, as_name=as_name):
            if not claim.disguised or claim.brand == owner:
                continue
            yield LOOKALIKE_LETTERS(
                f'The {place} "{text[:80]}" reads as {claim.brand.name}, but it is not '
                f"spelt with ordinary letters: {_characters(claim)}. People read the brand; "
                "filters that look for the brand's name do not find it. Honest senders have "
                "no reason to do this.",
                [f"{place}: {text[:200]}", f"reads as: {claim.brand.name}"],
            )
            return


def _vouched(ctx: AnalysisContext, org: str) -> list[str]:
    """What authenticates the From domain's organisation: ours first, else the receiver's."""
    found: list[str] = []
    if ctx.auth.outcome(AuthMethod.DMARC) is AuthStatus.PASS:
        found.append("DMARC pass")
    for d in ctx.auth.dkim:
        if d.result is AuthStatus.PASS and d.domain and org_domain(d.domain) == org:
            found.append(f"DKIM pass d={d.domain}")
    spf = ctx.auth.spf
    if spf.result is AuthStatus.PASS and spf.domain and org_domain(spf.domain) == org:
        found.append(f"SPF pass for {spf.domain}")
    for r in ctx.auth.recorded:
        ident = r.identity.lower().rpartition("@")[2].rpartition("=")[2].strip().rstrip(".")
        if r.result is AuthStatus.PASS and ident and org_domain(ident) == org:
            found.append(f"receiver recorded {r.method.value} pass for {ident}")
    return found


def _upstream_pass(ctx: AnalysisContext, org: str) -> bool:
    """An earlier server (not the trusted receiver) recorded a pass for the domain: the
    message was relayed inside the recipient's organisation, which breaks SPF and often
    DKIM on the way, rather than spoofed."""
    for header in ctx.auth.received:
        if header.trusted:
            continue
        for m in header.methods:
            if m.result is not AuthStatus.PASS or m.method not in ("spf", "dkim", "dmarc"):
                continue
            for _key, value in m.properties:
                ident = value.lower().rpartition("@")[2].strip().rstrip(".")
                if ident and org_domain(ident) == org:
                    return True
    return False


def _failures(ctx: AnalysisContext, org: str) -> list[str]:
    found: list[str] = []
    for method in (AuthMethod.DMARC, AuthMethod.SPF):
        outcome = ctx.auth.outcome(method)
        if outcome in _FAILED:
            whose = "our check" if ctx.auth.ours(method) is outcome else "receiver at receipt"
            found.append(f"{method.value}={outcome.value} ({whose})")
    for d in ctx.auth.dkim:
        if d.result is AuthStatus.FAIL and d.domain and org_domain(d.domain) == org:
            found.append(f"DKIM fail for d={d.domain}")
    return found


@rule
def domain_spoof(ctx: AnalysisContext) -> Iterator[Finding]:
    if not ctx.message.from_ or ctx.bounce is not None:
        return
    domain = ctx.message.from_[0].domain
    brand: Brand | None = brand_of(domain)
    if brand is None or is_free_webmail(domain):
        return  # free-mail From addresses are identity.freemail_impersonation's concern
    org = org_domain(domain)
    if _vouched(ctx, org) or _upstream_pass(ctx, org):
        return
    failed = _failures(ctx, org)
    if not failed:
        return  # nothing checked (offline, no receiver record): no conclusion
    yield DOMAIN_SPOOF(
        f"The From address is at {domain}, {brand.name}'s own domain, yet nothing "
        f"authenticates it: {', '.join(failed)}. The message did not come from "
        f"{brand.name}'s servers; this is a spoof of {brand.name}, not a lookalike domain.",
        [f"From: {ctx.message.get('From') or ''}"[:300], *failed],
    )
