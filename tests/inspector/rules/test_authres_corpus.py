"""``authres.forged`` on real mail: the receiver's own Authentication-Results, a list host's
and the honest records of the sender's own servers are never called forged.

Runs the whole pipeline offline over every dev-corpus message (../shared, skipped when
absent) that Microsoft 365 / Outlook.com received or that came through a mailing-list host,
and over the rest of the phishing set, where forged claims may legitimately be found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer

_FOLDERS = ("phishing_pot_2023-2024", "mailing_lists", "maildir", "mbox")


@pytest.fixture(scope="module")
def reports(corpus_dir: Path) -> list[Report]:
    out: list[Report] = []
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        for folder in _FOLDERS:
            for item in iter_messages([str(corpus_dir / folder)]):
                if isinstance(item, tuple):
                    ref, raw = item
                    out.append(analyzer.analyze(raw, ref))
    return out


def _at_outlook_or_list(report: Report) -> bool:
    return report.route.receiver == "Microsoft 365" or report.route.intermediary is not None


def test_no_forged_results_at_outlook_or_list_hosts(reports: list[Report]) -> None:
    chosen = [r for r in reports if _at_outlook_or_list(r)]
    assert len(chosen) >= 250  # 145 received by Microsoft 365, 141 through a list host
    forged = [
        (r.source.path, f.evidence[0][:120])
        for r in chosen
        for f in r.findings
        if f.id == "authres.forged"
    ]
    assert forged == []
    # the receiver's own results are credited to it, and trusted
    microsoft = [r for r in chosen if r.route.receiver == "Microsoft 365"]
    trusted = [r for r in microsoft if any(a.trusted for a in r.auth.received)]
    assert len(trusted) >= 0.95 * len(microsoft)


def test_results_of_list_hosts_are_the_intermediarys(reports: list[Report]) -> None:
    lists = [r for r in reports if r.route.intermediary is not None]
    credited = {a.party.value for r in lists for a in r.auth.received if "subspace" in a.raw}
    assert credited == {"intermediary"}
