"""The identity checks (implausible.*, brand.*) on real mail from the dev corpus (../shared,
read only): the tricks the research found are named, and ordinary list and personal mail
gets none of these findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.corpus import corpus_message, finding_ids, messages_in

pytestmark = pytest.mark.slow

NEW_IDS = ("implausible.", "brand.")
PP = "phishing_pot_2023-2024"
#: corpus path -> finding the message must carry (read from its headers)
EXPECTED = {
    f"{PP}/sample-3079.eml": "brand.lookalike_letters",  # "Ϲoіոbаѕе": Greek, Cyrillic, Armenian
    f"{PP}/sample-205.eml": "brand.lookalike_letters",  # "MetɑMɑsk": Latin small alpha
    f"{PP}/sample-2369.eml": "brand.lookalike_letters",  # "Iedger": capital I for small l
    f"{PP}/sample-1340.eml": "brand.lookalike_letters",  # Syriac marks inside "Apple"
    f"{PP}/sample-2760.eml": "identity.display_name_brand",  # "Ledger" alone as the name
    f"{PP}/sample-644.eml": "brand.domain_spoof",  # bradesco.com.br, DMARC fail at receipt
    f"{PP}/sample-4147.eml": "brand.domain_spoof",  # correios.com.br, SPF fail at receipt
    f"{PP}/sample-4583.eml": "implausible.from_no_tld",  # noreply@correios
}
#: legitimate mail: none of the new findings may appear
CLEAN = ("mailing_lists", "maildir")


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_trick_is_named(path: str, corpus_dir: Path) -> None:
    ref, raw = corpus_message(corpus_dir, path)
    assert EXPECTED[path] in finding_ids(raw, ref)


@pytest.mark.parametrize("folder", CLEAN)
def test_no_new_identity_finding_on_legitimate_mail(folder: str, corpus_dir: Path) -> None:
    if not corpus_dir.is_dir():
        pytest.skip("dev corpus absent (../shared/corpus/dev)")
    hits: dict[str, set[str]] = {}
    count = 0
    for ref, raw in messages_in(corpus_dir / folder):
        count += 1
        found = {i for i in finding_ids(raw, ref) if i.startswith(NEW_IDS)}
        if found:
            hits[f"{ref.path}#{ref.index}"] = found
    assert count > 10
    assert hits == {}
