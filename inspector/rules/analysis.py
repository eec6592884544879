"""Findings about the analysis itself: the parts a costly message made the tool leave out.

A message built to exhaust an analyser (megabytes of adversarial markup, thousands of header
fields) must not stall a mailbox, so each message gets a CPU budget and the costly stages
still to run past it are skipped. The reader must learn that the report is incomplete and
which parts are missing, never read the silence as "nothing found".
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.rules.registry import spec

TIME_LIMIT = spec(
    "analysis.time_limit",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The analysis was cut short: the message used up the time allowed per message",
    "An ordinary message is analysed in well under a second. Look at what makes this one "
    "costly (a huge or malformed HTML part, thousands of header fields or links): receivers' "
    "filters also limit the work they spend on one message, so they judge it on less too.",
    ("spamc(1) -s/--max-size: SpamAssassin returns larger messages unprocessed",),
)


def time_limit_finding(cut: Sequence[str], budget: float, used: float) -> Finding:
    """The finding for stages and rules skipped once the CPU budget was spent."""
    return TIME_LIMIT(
        f"The analysis of this message used {used:.1f} s of processor time, more than the "
        f"{budget:g} s allowed per message, so the remaining costly parts were skipped: "
        "their findings are missing from this report, which therefore says less than it "
        "would about this message. Parsing, routing and authentication were completed.",
        [
            f"not run: {', '.join(cut[:40])}"
            + (f" and {len(cut) - 40} more" if len(cut) > 40 else "")
        ],
    )
