"""recipients.open_list: a new personal message openly addressed to strangers at many
organisations, on project-written messages and on real ones from the dev corpus (../shared,
read only, skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.model.findings import Finding
from inspector.model.message import SourceRef
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from inspector.pipeline import analyze_bytes
from inspector.rules import recipients as rules
from tests.inspector.intel.msgs import build, context, ids

STRANGERS = (
    "a@example.com, b@example.net, c@example.org, d@mail.example, e@shop.example, f@example.com"
)


def run(headers: list[tuple[str, str]]) -> dict[str, Finding]:
    return ids((rules.open_list,), context(build(headers)))


def test_a_new_message_to_strangers_at_many_organisations() -> None:
    found = run([("From", "x@sender.example"), ("To", STRANGERS), ("Subject", "Offer")])
    finding = found["recipients.open_list"]
    assert "6 mailboxes at 5 organisations" in finding.explanation
    assert "example.net" in finding.evidence[1]


def test_colleagues_replies_and_small_groups_are_left_alone() -> None:
    colleagues = ", ".join(f"p{i}@sender.example" for i in range(8))
    assert run([("From", "x@sender.example"), ("To", colleagues)]) == {}
    reply = [("From", "x@sender.example"), ("To", STRANGERS), ("In-Reply-To", "<1@example.com>")]
    assert run(reply) == {}
    few = [("From", "x@sender.example"), ("To", "a@example.com, b@example.net, c@example.org")]
    assert run(few) == {}
    listed = [("From", "x@sender.example"), ("To", STRANGERS), ("List-Id", "<l.example.com>")]
    assert run(listed) == {}


PP = "phishing_pot_2023-2024"
#: Sent through my.com webmail to a list of strangers at unrelated organisations; Junk.
FIRES = (f"{PP}/sample-394.eml", f"{PP}/sample-397.eml")
LEGITIMATE = ("mailing_lists", "maildir", "spamassassin_public_corpus_2002")


@pytest.fixture(scope="module")
def options() -> AnalysisOptions:
    return AnalysisOptions(offline=True, rdap=False, intel=False)


def _ids(raw: bytes, ref: SourceRef, options: AnalysisOptions) -> set[str]:
    report = analyze_bytes(raw, ref, dns=Resolver(options).session(), rdap=None, options=options)
    return {f.id for f in report.findings}


@pytest.mark.slow
@pytest.mark.parametrize("path", FIRES)
def test_mass_mail_from_a_webmail_account(
    path: str, corpus_dir: Path, options: AnalysisOptions
) -> None:
    if not (corpus_dir / path).is_file():
        pytest.skip(f"{path} is not in the dev corpus (../shared/corpus/dev)")
    ref = SourceRef(str(corpus_dir / path), 0)
    (item,) = [i for i in iter_messages([ref.path]) if isinstance(i, tuple)]
    assert "recipients.open_list" in _ids(item[1], ref, options)


@pytest.mark.slow
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
            assert "recipients.open_list" not in _ids(raw, ref, options), ref.path
    assert seen >= 150
