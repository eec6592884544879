"""What the classifier never reads: the recipients' local parts and the paths of links."""

from __future__ import annotations

import re

import pytest

from inspector.bounces.classify import classify
from inspector.bounces.evidence import lowered_pattern, required_words
from inspector.model.bounces import BounceReason, SmtpCommand

R = BounceReason

# --------------------------------------------------------------------------- what is not read


def test_local_part_is_never_read() -> None:
    # sample bounces name the answer in the local part: it must not decide
    v = classify("550 5.1.1 <mailboxfull@example.jp>... User Unknown", "5.1.1", "550")
    assert v.reason is R.USERUNKNOWN
    v = classify("550 5.2.2 <userunknown@example.jp>... Mailbox Full", "5.2.2", "550")
    assert v.reason is R.MAILBOXFULL
    v = classify(
        "550 <spamdetected@example.jp>: Recipient address rejected",
        "5.0.0",
        "550",
        command=SmtpCommand.RCPT,
    )
    assert v.reason is R.USERUNKNOWN


def test_link_paths_are_never_read() -> None:
    v = classify("550 see https://libsisimai.org/en/reason/#mailboxfull", None, None)
    assert v.reason is not R.MAILBOXFULL
    v = classify("554 see https://example.org/help/virus-detected.html", "5.0.0", "554")
    assert v.reason is not R.VIRUSDETECTED


def test_link_hosts_still_name_a_block_list() -> None:
    v = classify("553 http://www.spamhaus.org/query/bl?ip=192.0.2.222", "5.1.3", "553")
    assert v.reason is R.BLOCKED
    assert "Spamhaus" in v.explanation


def test_the_matched_words_are_quoted_as_the_server_wrote_them() -> None:
    v = classify("552 5.2.2 MAILBOX IS FULL for this user", None, "552")
    assert v.reason is R.MAILBOXFULL
    assert v.matched == "MAILBOX IS FULL"
    accented = classify("552 Boîte pleine: Mailbox Is Full", None, "552")
    assert accented.reason is R.MAILBOXFULL
    assert accented.matched == "Mailbox Is Full"


# --------------------------------------------------------------------------- lowered patterns


@pytest.mark.parametrize(
    "pattern", [r"AUP#(?:CXBL|IPBL\d*)\b", r"\bMC\w*Signature\W", r"\bUBE\b|spam[^.;]{0,9}X"]
)
def test_a_pattern_lowered_finds_what_ignoring_case_finds(pattern: str) -> None:
    lower = lowered_pattern(pattern)
    assert lower is not None
    for text in (
        "aup#cxbl",
        "x AUP#IPBL0001 x",
        "Mc123SIGNATURE!",
        "ube",
        "UbE",
        "SPAM; x",
        "spam x",
    ):
        caseless = re.search(pattern, text, re.I)
        found = lower.search(text.lower())
        assert (found and found.span()) == (caseless and caseless.span())


@pytest.mark.parametrize("pattern", [r"\x41b", r"(?-i:AB)c", r"[A-Z]x", r"(a)\1", r"(?P<N>a)"])
def test_patterns_lowering_could_change_are_not_lowered(pattern: str) -> None:
    assert lowered_pattern(pattern) is None


def test_a_code_in_capitals_is_quoted_as_the_server_wrote_it() -> None:
    assert classify("554 AUP#CXBL refused", None, "554").matched == "AUP#CXBL"
    assert classify("554 aup#cxbl refused", None, "554").matched == "aup#cxbl"


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bdmarc\b|mail ?box full", ("dmarc", "box full")),
        (r"(?:mail )?system (?:storage )?is full|out of space", ("system ", "out of space")),
        (r"too+ big|x\.y{0,3}z", (" big", "x.")),
        (r"(?:a|b)c|d", ("c", "d")),
        (r"(?:a|b)|d", None),
        (r"[^.;]{0,9}|\bspam\b", None),
    ],
)
def test_the_words_every_match_holds(pattern: str, words: tuple[str, ...] | None) -> None:
    assert required_words(pattern) == words
    for text in ("dmarc", "mailbox full", "system is full", "tooo big", "x.yyz", "out of space"):
        if re.search(pattern, text) and words is not None:
            assert any(word in text for word in words)
