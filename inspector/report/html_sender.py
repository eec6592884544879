"""The sender sections of the HTML report: sender intelligence (platform, domains, IPs and
their reputation, links), receivers' filter verdicts and the decoded bounce.
"""

from __future__ import annotations

from inspector.bounces.vocabulary import explain_reason
from inspector.model.bounces import BounceRecipient
from inspector.model.codes import BounceKind, VerdictParty
from inspector.model.intel import BlocklistStatus, Link, LookupStatus
from inspector.model.report import Report
from inspector.report.html_base import esc, fmt_time, table


def sender_section(report: Report) -> str:
    s = report.sender
    parts: list[str] = []
    if s.platform:
        p = s.platform
        parts.append(
            f"<p>Sending platform: <b>{esc(p.name)}</b> (confidence {p.confidence:.0%})"
            f"{' for ' + esc(p.customer) if p.customer else ''}.<br/>"
            f'<span class="muted">Evidence: {esc("; ".join(p.evidence))}</span></p>'
        )
    else:
        parts.append("<p>Sending platform: not recognised.</p>")
    if s.status is not LookupStatus.OK:
        parts.append(f'<p class="muted">Lookups: {esc(s.status)}.</p>')
    parts.append("<h3>Domains</h3>")
    parts.append(
        table(
            ["Role", "Domain", "Registrar", "Created", "Age", "Registrant data"],
            [
                [
                    esc(d.role.replace("_", "-")),  # the header a reader knows: Return-Path
                    esc(d.domain),
                    esc(d.registrar),
                    esc(fmt_time(d.created)),
                    esc(f"{d.age_days} days" if d.age_days is not None else None),
                    esc(
                        f"{d.masking.value}"
                        + (f" ({d.masking_service})" if d.masking_service else "")
                    ),
                ]
                for d in s.domains
            ],
        )
    )
    parts.append("<h3>Sending IPs and reputation</h3>")
    parts.append(
        table(
            ["IP", "PTR", "FCrDNS", "ASN / owner", "Country", "Dynamic", "Blocklists"],
            [
                [
                    f'<span class="mono">{esc(h.ip)}</span>',
                    esc(h.ptr),
                    esc({True: "yes", False: "no", None: None}[h.fcrdns]),
                    esc(" ".join(x for x in (h.asn and f"AS{h.asn}", h.as_name) if x)),
                    esc(h.country),
                    esc("yes: " + h.dynamic_reason if h.dynamic else "no"),
                    esc(
                        "; ".join(
                            f"{b.list_name}: {b.status}{' ' + b.meaning if b.meaning else ''}"
                            for b in h.blocklists
                            if b.status is not BlocklistStatus.NOT_LISTED
                        )
                        or ("clean" if h.blocklists else None)
                    ),
                ]
                for h in s.hops_intel
            ],
        )
    )
    if s.links:
        parts.append(f"<h3>Links ({len(s.links)})</h3>")
        parts.append(
            table(
                ["Domain", "Link", "Notes"],
                [
                    [
                        esc(link.domain),
                        f'<span class="mono">{esc(link.url[:160])}</span>',
                        esc(", ".join(_link_notes(link))),
                    ]
                    for link in s.links[:60]
                ],
            )
        )
    return "".join(parts)


def _link_notes(link: Link) -> list[str]:
    notes = []
    if link.mismatch:
        notes.append(f"text shows {link.text_domain}")
    if link.shortener:
        notes.append("shortener")
    if link.ip_literal:
        notes.append("IP address")
    if link.free_hosting:
        notes.append("free hosting")
    if link.form_service:
        notes.append("form service")
    if link.wrapper:
        notes.append(f"wrapped by {link.wrapper}")
    if link.target_domain:
        notes.append(f"goes to {link.target_domain}")
    return notes


def verdicts_section(report: Report) -> str:
    if not report.verdicts:
        return "<p>No receiving filter left a verdict header.</p>"
    parts = []
    for v in report.verdicts:
        hop = f" at hop {v.hop + 1}" if v.hop is not None else ""
        who = f" (written by the {v.party.value})" if v.party is not VerdictParty.UNKNOWN else ""
        parts.append(
            f"<h3>{esc(v.filter)}{esc(hop)}{esc(who)}</h3><p>{esc(v.decision)}</p>"
            f'<p class="muted">{esc(v.party_reason)}</p>'
        )
        parts.append(
            table(
                ["Field", "Raw", "Meaning"],
                [
                    [esc(f.name), f'<span class="mono">{esc(f.raw)}</span>', esc(f.meaning)]
                    for f in v.fields
                ],
            )
        )
    return "".join(parts)


_KIND_WORDS = {
    BounceKind.DSN: "delivery status notification (RFC 3464)",
    BounceKind.ARF: "feedback report (RFC 5965)",
    BounceKind.TEXT: "bounce written as plain text",
    BounceKind.NOTICE: "provider notification (Amazon SES)",
    BounceKind.UNSUBSCRIBE: "unsubscribe request (Apple Mail)",
    BounceKind.AUTOREPLY: "automatic reply (RFC 3834)",
}
_ORIGINAL_FIELDS = ("From", "To", "Subject", "Date", "Message-ID")


def _status_cell(r: BounceRecipient) -> str:
    """The server's code; a stand-in code is labelled so it is never read as the server's."""
    if r.status:
        return esc(r.status)
    if r.pseudo_status:
        return f'<span class="muted">none given (Sisimai: {esc(r.pseudo_status)})</span>'
    return '<span class="muted">none given</span>'


def _reason_cell(r: BounceRecipient) -> str:
    info = explain_reason(r.reason)
    hard = {True: "hard bounce: remove the address", False: "soft", None: "unknown"}[r.hard]
    lines = [
        f"<b>{esc(r.reason.value)}</b>: {esc(r.explanation or info.summary)}",
        f"Whose problem: {esc(r.party.value)}; {esc(hard)}",
        f"Fix: {esc(info.fix)}",
    ]
    if r.matched:
        lines.append(f'<span class="muted">Decided by: {esc(r.matched)}</span>')
    return "<br/>".join(lines)


def bounce_section(report: Report) -> str:
    b = report.bounce
    if b is None:
        return ""
    head = f"<p>Kind: {esc(_KIND_WORDS.get(b.kind, b.kind.value))}"
    if b.reporting_mta:
        head += f"; reporting server: {esc(b.reporting_mta)}"
    if b.feedback_type:
        head += f"; feedback type: {esc(b.feedback_type)}"
    head += ".</p>"
    if b.unclassified:
        head += f"<p>{esc(b.unclassified)}</p>"
    original = [
        [esc(h.name), esc(h.value[:300])]
        for name in _ORIGINAL_FIELDS
        for h in b.original_headers[:300]
        if h.name.lower() == name.lower()
    ][:10]
    rows = [
        [
            esc(r.address),
            _reason_cell(r),
            _status_cell(r) + (f"<br/>{esc(r.action)}" if r.action else ""),
            esc(r.remote_mta) + (f"<br/>answering {esc(r.command.value)}" if r.command else ""),
            f'<span class="mono">{esc((r.diagnostic or "")[:600])}</span>',
        ]
        for r in b.recipients[:200]
    ]
    parts = [
        head,
        table(["Recipient", "Reason", "Status", "Remote server", "Server's words"], rows),
    ]
    if original:
        parts += ["<p>The original message:</p>", table(["Field", "Value"], original)]
    return "".join(parts)
