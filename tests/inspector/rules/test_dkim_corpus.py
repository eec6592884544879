"""dkim.third_party on real mail from the dev corpus (../shared, read only), offline: phishing
sent through a platform's default signing is named, list posts signed by their list are not,
and no ordinary legitimate message gets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.model.message import SourceRef
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages, read_message
from inspector.pipeline import analyze_bytes

pytestmark = pytest.mark.slow

PP = "phishing_pot_2023-2024"
#: From reposepoint.com, signed only by ksd2.klaviyomail.com; From tovani.com.br, signed by
#: volp.com.br through SendGrid
FIRES = (f"{PP}/sample-2153.eml", f"{PP}/sample-1483.eml")
#: From oracle.com signed by oracle.com (aligned); From kernel.org, signed by google.com (the
#: list), a list post
QUIET = (
    "mailing_lists/ksummit.lists.linux.dev__54f82108170a.eml",
    "mailing_lists/linux-ntb.googlegroups__098e36086632.eml",
)
LEGITIMATE = ("mailing_lists", "maildir", "spamassassin_public_corpus_2002")


@pytest.fixture(scope="module")
def options() -> AnalysisOptions:
    return AnalysisOptions(offline=True, rdap=False, intel=False)


def _ids(raw: bytes, ref: SourceRef, options: AnalysisOptions) -> set[str]:
    report = analyze_bytes(raw, ref, dns=Resolver(options).session(), rdap=None, options=options)
    return {f.id for f in report.findings}


def _read(corpus_dir: Path, path: str) -> tuple[SourceRef, bytes]:
    if not (corpus_dir / path).is_file():
        pytest.skip(f"{path} is not in the dev corpus (../shared/corpus/dev)")
    ref = SourceRef(str(corpus_dir / path), 0)
    return ref, read_message(ref)


@pytest.mark.parametrize("path", FIRES)
def test_platform_default_signing_is_named(
    path: str, corpus_dir: Path, options: AnalysisOptions
) -> None:
    ref, raw = _read(corpus_dir, path)
    assert "dkim.third_party" in _ids(raw, ref, options)


@pytest.mark.parametrize("path", QUIET)
def test_aligned_or_list_signature_is_not(
    path: str, corpus_dir: Path, options: AnalysisOptions
) -> None:
    ref, raw = _read(corpus_dir, path)
    assert "dkim.third_party" not in _ids(raw, ref, options)


def test_no_legitimate_message_gets_it(corpus_dir: Path, options: AnalysisOptions) -> None:
    folders = [corpus_dir / f for f in LEGITIMATE if (corpus_dir / f).is_dir()]
    if not folders:
        pytest.skip("no legitimate folders in the dev corpus (../shared/corpus/dev)")
    seen = 0
    for folder in folders:
        for item in iter_messages([str(folder)]):
            if not isinstance(item, tuple):
                continue
            ref, raw = item
            if "spam-" in Path(ref.path).name:
                continue  # SpamAssassin's spam folders sit beside its ham
            seen += 1
            assert "dkim.third_party" not in _ids(raw, ref, options), ref.path
    assert seen >= 150
