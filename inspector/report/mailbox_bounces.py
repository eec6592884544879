"""The mailbox dashboard's bounce section: what to remove from the list, what to fix on the
sending side, and the bounces by reason and by receiving domain."""

from __future__ import annotations

from inspector.bounces.vocabulary import explain_reason
from inspector.mailbox.bounce_stats import BounceStats
from inspector.report.html_base import esc, table

MAX_SHOWN = 100  # addresses listed in the report; the JSON export keeps every report


def bounce_dashboard_html(stats: BounceStats) -> str:
    """Empty when the mailbox has no bounces."""
    if not stats.reports:
        return ""
    parts = [
        "<h3>Bounces</h3>",
        f"<p>{esc(stats.reports)} bounce or feedback reports naming "
        f"{esc(stats.recipients)} recipients.</p>",
    ]
    if stats.sender_problems:
        rows = [
            [
                f"<b>{esc(reason.value)}</b>",
                esc(count),
                esc(stats.sender_examples.get(reason, "")),
                esc(explain_reason(reason).fix),
            ]
            for reason, count in sorted(
                stats.sender_problems.items(), key=lambda kv: (-kv[1], kv[0].value)
            )
        ]
        parts += [
            "<h4>Sender-side problems to fix</h4>",
            table(["Reason", "Recipients", "What the receiver said", "Fix"], rows),
        ]
    if stats.to_remove:
        listed = sorted(stats.to_remove.items())[:MAX_SHOWN]
        more = len(stats.to_remove) - len(listed)
        parts += [
            f"<h4>Hard bounces to remove from the list ({esc(len(stats.to_remove))})</h4>",
            table(["Address", "Reason"], [[esc(a), esc(r.value)] for a, r in listed]),
        ]
        if more > 0:
            parts.append(f"<p>... and {esc(more)} more (see the JSON export).</p>")
    parts += [
        "<h4>By reason</h4>",
        table(
            ["Reason", "Recipients", "Whose problem", "Meaning"],
            [
                [
                    esc(reason.value),
                    esc(count),
                    esc(explain_reason(reason).party.value),
                    esc(explain_reason(reason).summary),
                ]
                for reason, count in stats.reasons()
            ],
        ),
        "<h4>By receiving domain</h4>",
        table(
            ["Domain", "Recipients", "Reasons"],
            [
                [esc(d), esc(c), esc(", ".join(f"{r.value} {n}" for r, n in reasons))]
                for d, c, reasons in stats.domains()
            ],
        ),
    ]
    return "".join(parts)
