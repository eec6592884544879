"""A genuine bank newsletter from the dev corpus (../shared, read only), offline: Santander
Brazil's own mail, DMARC-aligned, that Microsoft delivered to the Inbox. A postmaster reads its
hidden preview line (padded with zero-width joiners) as ordinary markup and its link text
``https://santander.com.brou`` as a typo, not an imitation of the bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.model.codes import Severity
from inspector.model.message import SourceRef
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.sources import read_message
from inspector.pipeline import analyze_bytes

NEWSLETTER = "phishing_pot_2023-2024/sample-4549.eml"


def test_a_bank_newsletter_is_not_called_a_lookalike_or_hidden_text(corpus_dir: Path) -> None:
    path = corpus_dir / NEWSLETTER
    if not path.is_file():
        pytest.skip(f"{NEWSLETTER} is not in the dev corpus (../shared/corpus/dev)")
    options = AnalysisOptions(offline=True, rdap=False, intel=False)
    ref = SourceRef(str(path), 0)
    report = analyze_bytes(
        read_message(ref), ref, dns=Resolver(options).session(), rdap=None, options=options
    )
    found = {f.id: f for f in report.findings}
    assert "links.lookalike_domain" not in found
    assert "content.hidden_text" not in found
    preheader = found["content.hidden_preheader"]
    assert preheader.severity is Severity.INFO
    assert "Santander" in " ".join(preheader.evidence)
