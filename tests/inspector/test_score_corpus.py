"""The score on real list mail (the dev corpus in ../shared; skipped when absent): no list
message is rated high or worse, and no top reason anywhere is a receiver's outcome. The
receivers' verdict headers are left in on purpose: the score must not read them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.model.codes import Risk
from inspector.model.message import ReadError
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer
from inspector.score import score_weights

_HIGH = (Risk.HIGH, Risk.CRITICAL)


def _analyse(paths: list[Path]) -> Iterator[Report]:
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        for item in iter_messages([str(p) for p in paths]):
            if not isinstance(item, ReadError):
                ref, raw = item
                yield analyzer.analyze(raw, ref)


@pytest.fixture(scope="module")
def list_reports(corpus_dir: Path) -> list[Report]:
    dirs = [corpus_dir / "mailing_lists", corpus_dir / "maildir"]
    if not all(d.is_dir() for d in dirs):
        pytest.skip("the dev corpus has no mailing_lists/ or maildir/")
    return list(_analyse(dirs))


def test_no_list_message_is_rated_high(list_reports: list[Report]) -> None:
    assert len(list_reports) >= 100
    high = [(r.source.path, r.summary.score) for r in list_reports if r.summary.risk in _HIGH]
    assert high == []


def test_no_top_reason_is_a_receivers_outcome(corpus_dir: Path) -> None:
    phishing = sorted((corpus_dir / "phishing_pot_2023-2024").glob("*.eml"))[:60]
    if not phishing:
        pytest.skip("the dev corpus has no phishing_pot_2023-2024/")
    prefixes = score_weights().outcome_prefixes
    reports = list(_analyse(phishing))
    assert all(not r.summary.top_reasons[:1] or not r.summary.top_reasons[0].startswith(prefixes)
               for r in reports)  # fmt: skip
    with_outcome = [r for r in reports if r.summary.outcome]
    assert len(with_outcome) >= len(reports) // 2
    assert all(r.summary.verdict.startswith("Outcome: ") for r in with_outcome)
