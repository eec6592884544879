"""bogofilter, Mail.ru, WatchGuard, site rule lists and the note-only headers."""

from __future__ import annotations

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.verdicts import decode_verdicts
from inspector.verdicts.small_filters import DECODERS, decode_site_rules
from tests.inspector.verdicts._msg import parse


def test_bogosity_and_mras() -> None:
    ham = DECODERS["x-bogosity"](Header("X-Bogosity", "Ham, tests=bogofilter, spamicity=0.0"))
    assert ham is not None and ham.spam is SpamDecision.CLEAN
    spam = DECODERS["x-bogosity"](Header("X-Bogosity", "Spam, tests=bogofilter"))
    assert spam is not None and spam.spam is SpamDecision.SPAM
    ok = DECODERS["x-mras"](Header("X-Mras", "Ok"))
    assert ok is not None and ok.spam is SpamDecision.CLEAN


def test_site_rules_list_their_tests() -> None:
    v = decode_site_rules(Header("X-SPAM-FILTER-4", "h=0.4 BAYES_00,DKIM_SIGNED"))
    assert v is not None
    assert [f.raw for f in v.fields] == ["0.4", "BAYES_00", "DKIM_SIGNED"]
    assert decode_site_rules(Header("X-SPAM-FILTER-4", "no score here")) is None


def test_prefixed_names_are_decoded_in_the_pipeline() -> None:
    pm = parse(b"X-SPAM-FILTER-9: h=1.1 BAYES_00\nX-Greylist: delayed 5 seconds\n\nx\n")
    assert [v.filter for v in decode_verdicts(pm)] == ["Spam filter (site rules)", "postgrey"]
