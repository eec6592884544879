"""Real messages of the dev corpus (../shared/corpus/dev, read only) analysed offline, for the
tests that pin a finding on named messages and keep it off ordinary legitimate mail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from inspector.model.message import SourceRef
from inspector.model.report import Report
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages, read_message
from inspector.pipeline import analyze_bytes

OFFLINE = AnalysisOptions(offline=True, rdap=False, intel=False)
#: The corpus folders of legitimate mail (SpamAssassin's spam folders sit beside its ham).
LEGITIMATE = ("mailing_lists", "maildir", "spamassassin_public_corpus_2002")


def analyse(raw: bytes, ref: SourceRef, options: AnalysisOptions = OFFLINE) -> Report:
    return analyze_bytes(raw, ref, dns=Resolver(options).session(), rdap=None, options=options)


def finding_ids(raw: bytes, ref: SourceRef, options: AnalysisOptions = OFFLINE) -> set[str]:
    return {f.id for f in analyse(raw, ref, options).findings}


def corpus_message(corpus_dir: Path, path: str) -> tuple[SourceRef, bytes]:
    """The message at ``path`` in the corpus (the first of a mailbox file); the test is
    skipped when it is absent."""
    if not (corpus_dir / path).is_file():
        pytest.skip(f"{path} is not in the dev corpus (../shared/corpus/dev)")
    ref = SourceRef(str(corpus_dir / path), 0)
    return ref, read_message(ref)


def messages_in(folder: Path) -> Iterator[tuple[SourceRef, bytes]]:
    for item in iter_messages([str(folder)]):
        if isinstance(item, tuple):
            yield item


def legitimate_messages(
    corpus_dir: Path, folders: Sequence[str] = LEGITIMATE
) -> Iterator[tuple[SourceRef, bytes]]:
    """Every legitimate message of ``folders``; the test is skipped when none is there."""
    present = [corpus_dir / f for f in folders if (corpus_dir / f).is_dir()]
    if not present:
        pytest.skip("no legitimate folders in the dev corpus (../shared/corpus/dev)")
    for folder in present:
        for ref, raw in messages_in(folder):
            if "spam-" not in Path(ref.path).name:
                yield ref, raw
