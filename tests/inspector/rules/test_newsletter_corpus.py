"""A genuine bank newsletter from the dev corpus (../shared, read only), offline: Santander
Brazil's own mail, DMARC-aligned, that Microsoft delivered to the Inbox. A postmaster reads its
hidden preview line (padded with zero-width joiners) as ordinary markup and its link text
``https://santander.com.brou`` as a typo, not an imitation of the bank."""

from __future__ import annotations

from pathlib import Path

from inspector.model.codes import Severity
from tests.support.corpus import analyse, corpus_message

NEWSLETTER = "phishing_pot_2023-2024/sample-4549.eml"


def test_a_bank_newsletter_is_not_called_a_lookalike_or_hidden_text(corpus_dir: Path) -> None:
    ref, raw = corpus_message(corpus_dir, NEWSLETTER)
    found = {f.id: f for f in analyse(raw, ref).findings}
    assert "links.lookalike_domain" not in found
    assert "content.hidden_text" not in found
    preheader = found["content.hidden_preheader"]
    assert preheader.severity is Severity.INFO
    assert "Santander" in " ".join(preheader.evidence)
