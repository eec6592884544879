"""recipients.open_list: a new personal message openly addressed to strangers at many
organisations, on project-written messages and on real ones from the dev corpus (../shared,
read only, skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.model.findings import Finding
from inspector.rules import recipients as rules
from tests.inspector.intel.msgs import build, context, ids
from tests.support.corpus import corpus_message, finding_ids, legitimate_messages

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


@pytest.mark.slow
@pytest.mark.parametrize("path", FIRES)
def test_mass_mail_from_a_webmail_account(path: str, corpus_dir: Path) -> None:
    ref, raw = corpus_message(corpus_dir, path)
    assert "recipients.open_list" in finding_ids(raw, ref)


@pytest.mark.slow
def test_no_legitimate_message_gets_it(corpus_dir: Path) -> None:
    seen = 0
    for ref, raw in legitimate_messages(corpus_dir):
        seen += 1
        assert "recipients.open_list" not in finding_ids(raw, ref), ref.path
    assert seen >= 150
