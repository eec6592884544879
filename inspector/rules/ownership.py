"""Findings from domain registration data (RDAP): age, hidden owners, suspended domains.

Each finding covers one domain however many roles it plays (From, Return-Path, DKIM d=,
Reply-To, links); the roles are named in the explanation, since a young link domain and a
young From domain tell a reader different things.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Masking, RdapStatus, Severity
from inspector.model.findings import Finding
from inspector.model.intel import DomainIntel
from inspector.rules.context import AnalysisContext, per_message
from inspector.rules.registry import rule, spec

_RDAP = "RFC 9083 (RDAP JSON responses)"
_ROLE_NAMES = {
    "from": "the From address",
    "return_path": "the Return-Path (bounce address)",
    "dkim": "the DKIM signature (d=)",
    "reply_to": "the Reply-To address",
    "link": "links in the message",
}
# RDAP writes "client hold", whois (EPP) "clientHold": compared without spaces and case
_HOLD_STATUSES = frozenset({"clienthold", "serverhold", "redemptionperiod", "pendingdelete"})

NEW_DOMAIN = spec(
    "ownership.new_domain",
    Severity.HIGH,
    Category.IDENTITY,
    "A domain in the message was registered very recently",
    "Warm up a new domain slowly: send low volumes to engaged recipients first, authenticate "
    "it fully (SPF, DKIM, DMARC) and keep a stable sending pattern for several weeks. Avoid "
    "sending marketing mail from, or linking to, brand-new domains.",
    (
        _RDAP,
        "https://www.spamhaus.org/resource-hub/domain-reputation/ (domain reputation)",
    ),
)
PRIVACY_PROXY = spec(
    "ownership.privacy_proxy",
    Severity.LOW,
    Category.IDENTITY,
    "The domain's owner is hidden behind a paid privacy service",
    "Legitimate businesses gain trust by publishing their organisation in the registration "
    "data; consider turning the privacy service off for domains that send mail.",
    (_RDAP, "https://www.icann.org/resources/pages/privacy-proxy-2017-08-31-en (ICANN)"),
)
REDACTED = spec(
    "ownership.redacted",
    Severity.INFO,
    Category.IDENTITY,
    "The domain's registration data is redacted by registry policy",
    "Nothing to fix: this is the registry's or registrar's data-protection policy, applied "
    "to all its domains.",
    (_RDAP, "RFC 9537 (redacted fields in RDAP)"),
)
NO_RDAP = spec(
    "ownership.no_rdap",
    Severity.INFO,
    Category.IDENTITY,
    "No registration data is available for a domain",
    "If the domain is yours, check it is registered and active with your registrar.",
    (_RDAP, "RFC 9224 (RDAP bootstrap)"),
)
ON_HOLD = spec(
    "ownership.on_hold",
    Severity.HIGH,
    Category.IDENTITY,
    "A domain in the message is suspended or being deleted",
    "Contact the registrar: a hold status is set for unpaid renewals, abuse complaints or "
    "legal orders; the domain no longer resolves while it lasts.",
    (_RDAP, "RFC 5731 section 2.3 (EPP domain status values)"),
)


@per_message
def _by_domain(ctx: AnalysisContext) -> dict[str, tuple[DomainIntel, list[str]]]:
    """One DomainIntel per domain (the first with data) and every role it plays."""
    out: dict[str, tuple[DomainIntel, list[str]]] = {}
    for intel in ctx.sender.domains:
        role = _ROLE_NAMES.get(intel.role, intel.role)
        if intel.domain not in out:
            out[intel.domain] = (intel, [role])
        elif role not in out[intel.domain][1]:
            out[intel.domain][1].append(role)
    return out


def _squash(status: str) -> str:
    return "".join(c for c in status.lower() if c.isalpha())


def _evidence(intel: DomainIntel, *lines: str) -> list[str]:
    return [*lines, *intel.evidence]


@rule
def new_domain(ctx: AnalysisContext) -> Iterator[Finding]:
    for domain, (intel, roles) in _by_domain(ctx).items():
        age = intel.age_days
        if age is None or age >= 90 or intel.created is None:
            continue
        severity = Severity.HIGH if age < 30 else Severity.MEDIUM
        when = "yesterday" if age == 1 else ("today" if age <= 0 else f"{age} days ago")
        yield NEW_DOMAIN(
            f"{domain}, used for {', '.join(roles)}, was registered {when}. Most spam and "
            "phishing runs on domains only days or weeks old, registered for a campaign and "
            "dropped after it; filters therefore distrust young domains until they have a "
            "history. For a recipient, a brand-new domain behind a message that claims a "
            "long-standing business is a warning sign.",
            _evidence(intel, f"RDAP registration event: {intel.created.isoformat()}"),
            severity=severity,
            title=f"{domain} was registered {when}",
        )


@rule
def privacy_proxy(ctx: AnalysisContext) -> Iterator[Finding]:
    for domain, (intel, roles) in _by_domain(ctx).items():
        if intel.masking is not Masking.PROXY:
            continue
        service = intel.masking_service or "a privacy service"
        yield PRIVACY_PROXY(
            f"The registrant of {domain} (used for {', '.join(roles)}) is {service}, a paid "
            "service that stands in for the real owner. Unlike data-protection redaction, "
            "which registries apply to everyone, this is a choice the owner made. For a "
            "recipient it means there is no public way to learn who is behind the domain; "
            "receivers and abuse desks weigh anonymously owned sending domains more "
            "cautiously, especially when they are also young.",
            _evidence(intel),
        )


@rule
def redacted(ctx: AnalysisContext) -> Iterator[Finding]:
    for domain, (intel, roles) in _by_domain(ctx).items():
        if intel.masking is Masking.REDACTED:
            yield REDACTED(
                f"The owner details of {domain} (used for {', '.join(roles)}) are withheld "
                "by the registry or registrar under its data-protection policy (GDPR and "
                "similar), as for most domains today. This says nothing bad about the sender.",
                _evidence(intel),
            )


@rule
def no_rdap(ctx: AnalysisContext) -> Iterator[Finding]:
    for domain, (intel, roles) in _by_domain(ctx).items():
        if intel.status is RdapStatus.NOT_FOUND:
            yield NO_RDAP(
                f"The registry has no record of {domain} (used for {', '.join(roles)}). A "
                "domain that is not registered cannot legitimately send mail or host links; it "
                "may have expired, been deleted, or be misspelt.",
                _evidence(intel),
                severity=Severity.MEDIUM,
                title=f"The registry has no record of {domain}",
            )
        elif intel.status is RdapStatus.NO_SERVER:
            yield NO_RDAP(
                f"The registry for {domain} (used for {', '.join(roles)}) offers no RDAP "
                "service, so its age and owner could not be checked.",
                _evidence(intel),
            )


@rule
def on_hold(ctx: AnalysisContext) -> Iterator[Finding]:
    for domain, (intel, roles) in _by_domain(ctx).items():
        held = [s for s in intel.statuses if _squash(s) in _HOLD_STATUSES]
        if held:
            yield ON_HOLD(
                f"The registry lists {domain} (used for {', '.join(roles)}) with status "
                f"{', '.join(held)}: the domain has been suspended or is about to be deleted, "
                "often after abuse reports. Mail naming it is treated as highly suspicious.",
                _evidence(intel, f"RDAP status: {', '.join(intel.statuses)}"),
            )
