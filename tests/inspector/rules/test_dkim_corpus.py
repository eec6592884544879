"""dkim.third_party on real mail from the dev corpus (../shared, read only), offline: phishing
sent through a platform's default signing is named, list posts signed by their list are not,
and no ordinary legitimate message gets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.corpus import corpus_message, finding_ids, legitimate_messages

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


@pytest.mark.parametrize("path", FIRES)
def test_platform_default_signing_is_named(path: str, corpus_dir: Path) -> None:
    ref, raw = corpus_message(corpus_dir, path)
    assert "dkim.third_party" in finding_ids(raw, ref)


@pytest.mark.parametrize("path", QUIET)
def test_aligned_or_list_signature_is_not(path: str, corpus_dir: Path) -> None:
    ref, raw = corpus_message(corpus_dir, path)
    assert "dkim.third_party" not in finding_ids(raw, ref)


def test_no_legitimate_message_gets_it(corpus_dir: Path) -> None:
    seen = 0
    for ref, raw in legitimate_messages(corpus_dir):
        seen += 1
        assert "dkim.third_party" not in finding_ids(raw, ref), ref.path
    assert seen >= 150
