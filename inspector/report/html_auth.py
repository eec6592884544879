"""The authentication sections of the HTML report: the one-table summary (DKIM, SPF, DMARC,
ARC) and the per-mechanism details with the SPF include tree.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.model.auth import SpfNode
from inspector.model.codes import NOT_CHECKED, AuthStatus
from inspector.model.report import Report
from inspector.report.html_base import badge, esc, fmt_time, kv, table


def auth_summary_section(report: Report) -> str:
    a = report.auth
    rows: list[Sequence[str]] = []
    for d in a.dkim:
        rows.append(
            [
                "DKIM",
                badge(d.result),
                esc(f"d={d.domain} s={d.selector} a={d.algorithm}"),
                esc(d.reason),
            ]
        )
    if not a.dkim:
        rows.append(["DKIM", badge(AuthStatus.NONE), "no signature", ""])
    spf = a.spf
    rows.append(
        [
            "SPF",
            badge(spf.result),
            esc(f"{spf.domain or '-'} for {spf.client_ip or '-'}; lookups {spf.lookups}/10"),
            esc(spf.reason),
        ]
    )
    if spf.helo is not None:
        rows.append(["SPF (HELO)", badge(spf.helo), esc(spf.helo_domain), esc(spf.helo_reason)])
    dm = a.dmarc
    rows.append(
        [
            "DMARC",
            badge(dm.result),
            esc(
                f"{dm.from_domain or '-'} p={dm.policy or '-'}"
                f" (DKIM aligned: {'yes' if dm.dkim_aligned else 'no'},"
                f" SPF aligned: {'yes' if dm.spf_aligned else 'no'})"
            ),
            esc(dm.reason),
        ]
    )
    rows.append(
        ["ARC", badge(a.arc.result), esc(f"{len(a.arc.instances)} instance(s)"), esc(a.arc.reason)]
    )
    return table(["Check", "Result", "Subject", "Reason"], rows) + recorded_section(report)


def recorded_section(report: Report) -> str:
    """What the trusted receiver recorded at receipt, beside our own checks: offline, or after
    keys rotated, it is the best evidence there is (and counted where ours could not run)."""
    a = report.auth
    if not a.recorded:
        return ""
    rows: list[Sequence[str]] = []
    for r in a.recorded:
        ours = a.ours(r.method)
        rows.append(
            [
                esc(r.method.value.upper()),
                badge(r.result),
                esc(r.identity or "-"),
                "not checked by us" if ours in NOT_CHECKED else f"ours: {esc(ours.value)}",
            ]
        )
    who = esc(a.recorded[0].authserv_id or "the receiving server")
    return f"<h3>What the receiver recorded at receipt ({who})</h3>" + table(
        ["Check", "Receiver said", "For", "Our check"], rows
    )


def auth_details_section(report: Report) -> str:
    a = report.auth
    parts: list[str] = []
    for i, d in enumerate(a.dkim, 1):
        parts.append(f"<h3>DKIM signature {i}: {badge(d.result)}</h3>")
        parts.append(
            kv(
                [
                    ("Domain (d=)", esc(d.domain)),
                    ("Selector (s=)", esc(d.selector)),
                    ("Algorithm (a=)", esc(d.algorithm)),
                    ("Canonicalization (c=)", esc(d.canonicalization)),
                    ("Identity (i=)", esc(d.identity)),
                    ("Key", esc(f"{d.key_type or '?'} {d.key_bits or '?'} bits")),
                    ("Signed headers (h=)", esc(", ".join(d.signed_headers))),
                    ("Signed (t=)", esc(fmt_time(d.timestamp))),
                    ("Expires (x=)", esc(fmt_time(d.expiration))),
                    ("Judged as of", esc(fmt_time(d.verified_as_of))),
                    (
                        "Body length (l=)",
                        esc(
                            f"{d.body_length} ({d.unsigned_body_bytes or 0} unsigned bytes)"
                            if d.body_length is not None
                            else None
                        ),
                    ),
                    ("Important headers unsigned", esc(", ".join(d.unsigned_important))),
                    ("Not over-signed", esc(", ".join(d.not_oversigned))),
                    ("Reason", esc(d.reason)),
                ]
            )
        )
    spf = a.spf
    parts.append(f"<h3>SPF: {badge(spf.result)}</h3>")
    parts.append(
        kv(
            [
                ("Client IP", esc(spf.client_ip)),
                ("MAIL FROM", esc(spf.mail_from)),
                ("Domain", esc(spf.domain)),
                ("Record", f'<span class="mono">{esc(spf.record)}</span>'),
                ("Matched mechanism", esc(spf.mechanism)),
                ("DNS lookups", esc(f"{spf.lookups} of 10 allowed")),
                ("Void lookups", esc(f"{spf.void_lookups} of 2 allowed")),
                ("HELO verdict", badge(spf.helo) + " " + esc(spf.helo_domain)),
                ("Reason", esc(spf.reason)),
            ]
        )
    )
    if spf.tree is not None:
        parts.append("<p><b>Include/redirect tree</b></p>" + _spf_tree(spf.tree))
    dm = a.dmarc
    parts.append(f"<h3>DMARC: {badge(dm.result)}</h3>")
    parts.append(
        kv(
            [
                ("From domain", esc(dm.from_domain)),
                ("Record found at", esc(dm.record_domain)),
                ("Organizational domain", esc(dm.org_domain)),
                ("Record", f'<span class="mono">{esc(dm.record)}</span>'),
                (
                    "Policy p / sp / np",
                    esc(
                        " / ".join(
                            p or "\u2014"
                            for p in (dm.policy, dm.subdomain_policy, dm.nonexistent_policy)
                        )
                    ),
                ),
                ("Applied policy", esc(dm.applied_policy)),
                ("pct", esc(dm.pct)),
                ("DKIM alignment", esc(f"{dm.adkim}: {dm.dkim_domain or 'no passing DKIM'}")),
                ("SPF alignment", esc(f"{dm.aspf}: {dm.spf_domain or 'no passing SPF'}")),
                ("Problems", esc("; ".join(dm.problems))),
                ("Reason", esc(dm.reason)),
            ]
        )
    )
    parts.append(f"<h3>ARC: {badge(a.arc.result)}</h3>")
    parts.append(
        table(
            ["i=", "Sealer", "cv", "AMS", "AS", "Hop", "ARC-Authentication-Results"],
            [
                [
                    esc(x.instance),
                    esc(x.domain),
                    esc(x.cv),
                    badge(x.ams_result),
                    badge(x.as_result),
                    esc(None if x.hop_index is None else x.hop_index + 1),
                    f'<span class="mono">{esc(x.authentication_results)}</span>',
                ]
                for x in a.arc.instances
            ],
        )
    )
    if a.received:
        parts.append("<h3>Authentication-Results written by receivers</h3>")
        parts.append(
            table(
                ["Server", "Trusted", "Results", "Why"],
                [
                    [
                        esc(r.authserv_id),
                        "yes" if r.trusted else "no",
                        esc(", ".join(f"{m.method}={m.result}" for m in r.methods)),
                        esc(r.trust_reason),
                    ]
                    for r in a.received
                ],
            )
        )
    return "".join(parts)


def _spf_tree(node: SpfNode | None, depth: int = 0) -> str:
    if node is None or depth > 12:
        return ""
    pad = "&nbsp;" * 4 * depth
    line = (
        f'<span class="mono">{pad}{esc(node.via or "")} {esc(node.domain)}: '
        f"{esc(node.record)}</span><br/>"
    )
    return line + "".join(_spf_tree(c, depth + 1) for c in node.children)
