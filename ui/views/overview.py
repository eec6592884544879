"""The Overview tab's HTML: verdict, authentication badges and the sender identity card."""

from __future__ import annotations

from inspector.model.codes import NOT_CHECKED, AuthMethod, AuthStatus, RdapStatus
from inspector.model.intel import DomainIntel, LookupStatus
from inspector.model.report import Report
from inspector.report.html import verdict_section
from inspector.report.html_base import RISK_COLOURS, esc, kv
from ui.icons import RISK_LOOK, auth_look, icon_html

_NOT_LOOKED_UP = {
    RdapStatus.SKIPPED: "registration not looked up (RDAP off, or replaying recorded DNS)",
    RdapStatus.OFFLINE: "registration not checked (offline)",
}


def _domain_line(d: DomainIntel) -> str:
    """One domain of the identity card: age and registrant data, or why they are unknown."""
    head = f"{d.role.replace('_', '-')} {d.domain}: "
    if d.status in _NOT_LOOKED_UP:
        return head + _NOT_LOOKED_UP[d.status]
    if d.status is not RdapStatus.OK:
        return head + f"registration lookup {d.status}"
    age = f"{d.age_days} days old" if d.age_days is not None else "age unknown"
    return head + f"{age}, registrant data {d.masking.value}"


def auth_badge(name: str, value: str) -> str:
    """``name`` with the icon and short word of its result (pass, fail, not checked...)."""
    glyph, tone, word = auth_look(value)
    word_html = f'<span style="color:{tone.value}">{esc(word)}</span>'
    return f"{icon_html(glyph, tone)} <b>{esc(name)}</b> {word_html}"


def _method_badge(r: Report, name: str, method: AuthMethod) -> str:
    """Our result, or what the trusted receiver recorded at receipt when we could not check
    (offline, keys rotated), said as such."""
    ours = r.auth.ours(method)
    outcome = r.auth.outcome(method)
    badge = auth_badge(name, (outcome or ours).value)
    if ours in NOT_CHECKED and outcome is not None:
        badge += ' <span class="muted">(receiver, at receipt)</span>'
    return badge


def risk_badge(r: Report) -> str:
    """The verdict read in two seconds: the risk and the score (0-10) as a coloured badge,
    the one-line verdict beside it."""
    s = r.summary
    glyph, _tone = RISK_LOOK[s.risk]
    colour = RISK_COLOURS[s.risk]
    figure = f"<br/>score {s.score:.1f}/10" if s.score is not None else ""
    return (
        '<table cellspacing="0" cellpadding="8" width="100%"><tr>'
        f'<td width="150" style="background-color:{colour}; color:#ffffff;" align="center">'
        f'<span style="font-size:15pt; font-weight:bold;">{esc(s.risk.value.upper())}</span>'
        f"<br/>risk{figure}</td>"
        f'<td style="font-size:11pt;">{icon_html(glyph, _tone)} {esc(s.verdict)}</td>'
        "</tr></table>"
    )


def overview_html(r: Report) -> str:
    """The badge (risk and verdict, said once), the authentication badges, the ranked reasons
    and the sender identity card: what decides first, so it is in view at 1024x700."""
    a = r.auth
    badges = " &nbsp;&nbsp; ".join(
        _method_badge(r, name, method)
        for name, method in (
            ("SPF", AuthMethod.SPF),
            ("DKIM", AuthMethod.DKIM),
            ("DMARC", AuthMethod.DMARC),
            ("ARC", AuthMethod.ARC),
        )
    )
    s = r.sender
    signers = (
        ", ".join(sorted({d.domain for d in a.dkim if d.domain and d.result is AuthStatus.PASS}))
        or "nobody (no valid DKIM signature)"
    )
    ages = "; ".join(
        _domain_line(d) for d in s.domains if d.role in ("from", "return_path", "reply_to")
    )
    client = r.route.client_ip
    origin = ""
    if client:
        intel = next((h for h in s.hops_intel if h.ip == client), None)
        origin = client
        if intel is not None:
            origin += " " + " ".join(x for x in (intel.ptr, intel.country, intel.as_name) if x)
    card = kv(
        [
            ("From", esc(r.message.from_)),
            ("Signed by", esc(signers)),
            (
                "Platform",
                esc(
                    f"{s.platform.name} ({s.platform.confidence:.0%})"
                    if s.platform
                    else "not recognised"
                ),
            ),
            ("Domains", esc(ages or (None if s.status is LookupStatus.OK else "not looked up"))),
            ("Came from", esc(origin or None)),
        ]
    )
    return (
        risk_badge(r)
        + f"<h2>{esc(r.message.subject or '(no subject)')}</h2>"
        + f"<p>{badges}</p>"
        + verdict_section(r, risk_line=False)
        + "<h3>Who sent it</h3>"
        + card
        + (f'<p class="muted">{esc("; ".join(r.errors))}</p>' if r.errors else "")
    )
