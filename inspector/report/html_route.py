"""The route section of the HTML report: the hop table and the per-hop delay bars."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.model.codes import HopRole
from inspector.model.report import Report
from inspector.model.route import Hop
from inspector.report.html_base import esc, fmt_delay, fmt_time, table


def route_section(report: Report) -> str:
    """The hop table. Six columns of fixed shares (time and delay share one), so that on an A4
    page the widest unbreakable values (an IP address, a TLS cipher name) fit their cells."""
    intel = {h.ip: h for h in report.sender.hops_intel}
    rows = []
    for hop in report.hops:
        i = intel.get(hop.ip or "")
        where = ""
        if i is not None:
            where = " ".join(x for x in (i.country, i.asn and f"AS{i.asn}") if x)
        mark = f"<br/>{esc(_ROLE_LABEL[hop.role])}" if hop.role else ""
        names = esc(hop.helo)
        if hop.rdns and hop.rdns != hop.helo:
            names += f'<br/><span class="muted">rDNS {esc(hop.rdns)}</span>'
        ip = f'<span class="mono">{esc(hop.ip)}</span>'
        if where:
            ip += f'<br/><span class="muted">{esc(where)}</span>'
        delay = "delay " + esc(fmt_delay(hop.delay_seconds))
        if hop.clock_skew:
            delay = f'<span style="color:#cf222e">{delay} (clock skew)</span>'
        rows.append(
            [
                esc(hop.index + 1) + mark,
                names,
                ip,
                esc(hop.by),
                esc(hop.protocol) + (f"<br/>{esc(hop.tls)}" if hop.tls else ""),
                f"{esc(fmt_time(hop.timestamp))}<br/>{delay}",
            ]
        )
    total = report.route.total_transit_seconds
    return (
        table(
            ["#", "From (HELO)", "IP", "By", "Protocol, TLS", "Time, delay"],
            rows,
            (8, 18, 15, 17, 24, 18),
        )
        + f"<p>Total transit: <b>{esc(fmt_delay(total))}</b>. "
        "Hops are listed oldest first; the boundary hop is where the recipient's servers took "
        "the message in, and its client IP is the one SPF and blocklists are checked against. "
        "Below it: a list host's relays and intake, a Microsoft 365 tenant that relayed the "
        "message, the origin (the server that handed it out) and the submission.</p>"
        + delay_timeline(report.hops)
    )


_ROLE_LABEL = {
    HopRole.RECIPIENT_INTERNAL: "internal",
    HopRole.RECIPIENT_ENTRY: "boundary",
    HopRole.INTERMEDIARY: "list host",
    HopRole.INTERMEDIARY_ENTRY: "list intake",
    HopRole.RELAY_TENANT: "relay tenant",
    HopRole.ORIGIN: "origin",
    HopRole.SENDER_INTERNAL: "sender",
    HopRole.SUBMISSION: "submission",
}


def delay_timeline(hops: Sequence[Hop]) -> str:
    """A bar per hop, drawn with table cells so it renders in Qt and in browsers alike."""
    delays = [abs(h.delay_seconds) for h in hops if h.delay_seconds is not None]
    if not delays:
        return ""
    longest = max(*delays, 1.0)
    rows = []
    for hop in hops:
        if hop.delay_seconds is None:
            continue
        pct = max(1, round(abs(hop.delay_seconds) / longest * 100))
        colour = "#cf222e" if hop.clock_skew else ("#bc4c00" if pct > 60 else "#0969da")
        bar = (
            f'<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>'
            f'<td width="{pct}%" style="background-color:{colour}">&nbsp;</td>'
            f'<td width="{100 - pct}%"></td></tr></table>'
        )
        rows.append(
            [esc(f"{hop.index + 1}: {hop.by or '?'}"), bar, esc(fmt_delay(hop.delay_seconds))]
        )
    return "<p><b>Delay per hop</b> (red: negative delay, a clock is wrong)</p>" + table(
        ["Hop", "Delay", ""], rows
    )
