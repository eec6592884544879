"""Risk and trust on real mail: the summary should match what the corpus groups are.

Runs the whole pipeline offline over the third-party dev corpus in ../shared (skipped when it
is absent). The bounds leave a margin around what was measured when they were set (offline,
December 2026):

    group                     n    low  medium  high  critical  high+critical
    phishing_pot            150     22     81    22     25        31%  (55% told not to trust it)
      of which a receiver
      filtered it (spam/Junk) 99      8     47    21     23        44%
    spamassassin easy-ham    40     34      6     0      0         0%
    spamassassin hard-ham    25     21      4     0      0         0%
    spamassassin spam        25      4     18     2      1        12%
    mailing lists           110    110      0     0      0         0%

The risk follows from the score, and the score forecasts placement from sender-side evidence
only (docs/scoring.md): a phishing message that the receiving Microsoft 365 tenant let into
the Inbox (about a third of phishing_pot) was truly not filtered, so the fit counts it as half
spam, and many phishing messages sent through reputable platforms come out medium. What a
reader is told about trusting the message does not hang on that forecast: an impersonation
(a brand in the display name, a look-alike domain, an abused platform...) says "Do not trust
it" at any score. What a receiver decided heads the summary as the outcome and is never a
reason. The 2002 SpamAssassin ham predates DKIM and one-click unsubscribe, so it must not be
condemned for lacking them; the hard ham was chosen by its publishers for looking like spam
(forms, bare-IP links), so it may score higher.

Run with ``pytest -s`` to see the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.model.codes import Risk
from inspector.model.message import SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer

_HIGH = (Risk.HIGH, Risk.CRITICAL)
_FILTERED = {"verdicts.junk_folder", "verdicts.marked_spam", "verdicts.phishing"}


def _groups(corpus: Path) -> dict[str, list[Path]]:
    sa = sorted((corpus / "spamassassin_public_corpus_2002").glob("*.eml"))
    return {
        "phishing_pot": sorted((corpus / "phishing_pot_2023-2024").glob("*.eml")),
        "sa_easy_ham": [p for p in sa if p.name.startswith("easy-ham")],
        "sa_hard_ham": [p for p in sa if p.name.startswith("hard-ham")],
        "sa_spam": [p for p in sa if p.name.startswith("spam")],
        "mailing_lists": sorted((corpus / "mailing_lists").glob("*.eml")),
    }


@pytest.fixture(scope="module")
def reports(corpus_dir: Path) -> Iterator[dict[str, list[Report]]]:
    groups = _groups(corpus_dir)
    if not all(groups.values()):
        pytest.skip("the dev corpus groups are not all present")
    out: dict[str, list[Report]] = {}
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        for name, paths in groups.items():
            out[name] = [analyzer.analyze(p.read_bytes(), SourceRef(str(p))) for p in paths]
    _print_table(out)
    yield out


def _share(reports: list[Report], risks: tuple[Risk, ...] = _HIGH) -> float:
    return sum(r.summary.risk in risks for r in reports) / len(reports)


def _filtered(report: Report) -> bool:
    return any(f.id in _FILTERED for f in report.findings)


def _print_table(groups: dict[str, list[Report]]) -> None:
    phishing = groups["phishing_pot"]
    rows = {**groups, "phishing_pot (receiver filtered)": [r for r in phishing if _filtered(r)]}
    print("\n| group | n | low | medium | high | critical | high+critical |")
    print("|---|---|---|---|---|---|---|")
    for name, reps in rows.items():
        c = Counter(r.summary.risk for r in reps)
        counts = " | ".join(str(c[k]) for k in Risk.__members__.values())
        print(f"| {name} | {len(reps)} | {counts} | {_share(reps):.0%} |")


def _warned(report: Report) -> bool:
    return "Do not trust it" in report.summary.verdict


def _auc(higher: list[float], lower: list[float]) -> float:
    pairs = [(h > low) + 0.5 * (h == low) for h in higher for low in lower]
    return sum(pairs) / len(pairs)


def test_phishing_tells_the_reader_not_to_trust_it(reports: dict[str, list[Report]]) -> None:
    phishing = reports["phishing_pot"]
    assert sum(map(_warned, phishing)) >= 0.5 * len(phishing)  # 55% measured
    assert _share(phishing) >= 0.25
    legitimate = [r for g in ("sa_easy_ham", "sa_hard_ham", "mailing_lists") for r in reports[g]]
    assert not any(map(_warned, legitimate))


def test_a_receivers_filtering_is_the_outcome_and_never_a_reason(
    reports: dict[str, list[Report]],
) -> None:
    filtered = [r for reps in reports.values() for r in reps if _filtered(r)]
    assert len(filtered) >= 50
    assert all(r.summary.verdict.startswith("Outcome: ") for r in filtered)
    assert not any(
        t.startswith(("verdicts.", "authres.", "bounce."))
        for r in filtered
        for t in r.summary.top_reasons
    )
    exchange = [r for r in filtered if any(f.id == "verdicts.junk_folder" for f in r.findings)]
    assert all("Exchange Online" in r.summary.outcome for r in exchange)
    # judged on the sender's evidence alone, what receivers filtered scores above the
    # phishing they let through
    phishing = reports["phishing_pot"]
    junk = [r.summary.score or 0.0 for r in phishing if _filtered(r)]
    let_in = [r.summary.score or 0.0 for r in phishing if not _filtered(r)]
    assert _auc(junk, let_in) >= 0.7  # 0.79 measured


def test_old_ham_is_not_condemned(reports: dict[str, list[Report]]) -> None:
    easy = reports["sa_easy_ham"]
    assert _share(easy) <= 0.10
    assert not any(r.summary.risk is Risk.CRITICAL for r in easy)
    # lacking DKIM in 2002 is never the reason given
    assert not any(r.summary.top_reasons[:1] == ("dkim.no_signature",) for r in easy)
    assert _share(reports["sa_hard_ham"]) <= 0.45


def test_spam_scores_above_ham(reports: dict[str, list[Report]]) -> None:
    def mean(reps: list[Report]) -> float:
        order = list(Risk.__members__.values())
        return sum(order.index(r.summary.risk) for r in reps) / len(reps)

    assert mean(reports["sa_spam"]) > mean(reports["sa_easy_ham"]) + 0.5
    assert mean(reports["phishing_pot"]) > mean(reports["mailing_lists"]) + 1.0


def test_mailing_list_traffic_is_mostly_low(reports: dict[str, list[Report]]) -> None:
    lists = reports["mailing_lists"]
    assert _share(lists) <= 0.10
    assert _share(lists, (Risk.LOW,)) >= 0.60


def test_every_bounce_leads_with_the_bounce_and_is_never_nothing_found(
    corpus_dir: Path,
) -> None:
    folder = corpus_dir / "bounces_sisimai_upto2023"
    if not folder.is_dir():
        pytest.skip("bounces_sisimai_upto2023 is not in the corpus")
    checked = 0
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        for path in sorted(folder.glob("*.eml")):
            report = analyzer.analyze(path.read_bytes(), SourceRef(str(path)))
            if report.bounce is None:
                continue
            checked += 1
            assert report.summary.top_reasons, path.name
            assert report.summary.top_reasons[0].startswith("bounce."), path.name
            assert all(t.startswith("bounce.") for t in report.summary.top_reasons), path.name
            assert "Nothing found" not in report.summary.verdict, path.name
    assert checked >= 110
