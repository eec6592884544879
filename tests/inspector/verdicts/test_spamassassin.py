from __future__ import annotations

from inspector.model.message import Header
from inspector.verdicts import decode_verdicts
from inspector.verdicts.spamassassin import rule_hits
from tests.inspector.verdicts._msg import parse

MSG = b"""X-Spam-Flag: YES
X-Spam-Score: 7.3
X-Spam-Level: *******
X-Spam-Status: Yes, score=7.3 required=5.0 tests=BAYES_99,
\tRCVD_IN_SBL,HTML_MESSAGE,T_MADE_UP_RULE autolearn=no
\tautolearn_force=no version=3.4.6
X-Spam-Report:
\t*  3.5 BAYES_99 BODY: Bayes spam probability is 99 to 100%
\t*      [score: 1.0000]
\t*  2.6 RCVD_IN_SBL RBL: Received via a relay in Spamhaus SBL
\t*  0.0 HTML_MESSAGE BODY: HTML included in message
\t*  1.2 ZZ_LOCAL_RULE Our own custom rule
Received: from a.example (a.example [192.0.2.1]) by mx.example.net; Mon, 2 Jan 2023 10:00:00 +0000
From: a@example.org
Subject: x

body
"""


def _by_header(raw: bytes) -> dict[str, object]:
    return {v.header.lower(): v for v in decode_verdicts(parse(raw))}


def test_status_decision_and_fields() -> None:
    v = _by_header(MSG)["x-spam-status"]
    assert v.filter == "SpamAssassin"  # type: ignore[attr-defined]
    assert v.decision == "SpamAssassin scored it 7.3 against a threshold of 5.0: spam"  # type: ignore[attr-defined]
    fields = {(f.name, f.raw) for f in v.fields}  # type: ignore[attr-defined]
    assert ("status", "Yes") in fields
    assert ("score", "7.3") in fields
    assert ("required", "5.0") in fields
    assert ("autolearn", "no") in fields
    assert ("version", "3.4.6") in fields
    tests = [f for f in v.fields if f.name == "tests"]  # type: ignore[attr-defined]
    assert [f.raw for f in tests] == ["BAYES_99", "RCVD_IN_SBL", "HTML_MESSAGE", "T_MADE_UP_RULE"]
    assert "Bayes" in tests[0].meaning
    assert "under test" in tests[3].meaning


def test_flag_level_score() -> None:
    found = _by_header(MSG)
    assert found["x-spam-flag"].fields[0].meaning == "marked as spam"  # type: ignore[attr-defined]
    assert found["x-spam-level"].fields[0].meaning.startswith("7 star")  # type: ignore[attr-defined]
    assert found["x-spam-score"].decision == "SpamAssassin scored it 7.3"  # type: ignore[attr-defined]


def test_report_lines_with_points_and_own_description() -> None:
    v = _by_header(MSG)["x-spam-report"]
    lines = [f for f in v.fields if f.name == "report"]  # type: ignore[attr-defined]
    assert len(lines) == 4
    assert lines[0].raw.startswith("*  3.5 BAYES_99")
    hits = rule_hits(v)  # type: ignore[arg-type]
    assert [h.name for h in hits][:2] == ["BAYES_99", "RCVD_IN_SBL"]
    assert hits[0].points == 3.5
    local = next(h for h in hits if h.name == "ZZ_LOCAL_RULE")
    assert local.description == "Our own custom rule"


def test_amavis_bracket_tests_with_scores() -> None:
    raw = (
        b"X-Spam-Status: No, score=-0.75 tagged_above=-9999 required=5\n"
        b"\ttests=[BAYES_50=0.8, DKIM_SIGNED=0.1, DKIM_VALID=-0.1,\n"
        b"\tSPF_PASS=-0.001] autolearn=ham\nFrom: a@example.org\n\nx\n"
    )
    v = decode_verdicts(parse(raw))[0]
    assert v.decision == "SpamAssassin scored it -0.75 against a threshold of 5.0: not spam"
    hits = {h.name: h.points for h in rule_hits(v)}
    assert hits == {"BAYES_50": 0.8, "DKIM_SIGNED": 0.1, "DKIM_VALID": -0.1, "SPF_PASS": -0.001}


def test_odd_status_does_not_raise() -> None:
    from inspector.verdicts.spamassassin import decode_status

    for value in (
        "",
        "maybe",
        "Yes, score=abc",
        "No, score=x tagged_above=-999 required=5 tests=[]",
    ):
        v = decode_status(Header("X-Spam-Status", value))
        assert v is not None and v.decision


def test_checker_version_and_generic_x_spam() -> None:
    raw = (
        b"X-Spam-Checker-Version: SpamAssassin 3.4.6 (2021-04-09) on mail.example.net\n"
        b"X-Spam: Yes\nFrom: a@example.org\n\nx\n"
    )
    checker, generic = decode_verdicts(parse(raw))
    assert checker.decision == "Checked by SpamAssassin 3.4.6 on mail.example.net"
    assert generic.fields[0].meaning == "spam"
    assert "marked it as spam" in generic.decision


def test_header_names_in_any_case_are_decoded_alike() -> None:
    def decoded(raw: bytes) -> list[tuple[str, str, tuple[str, ...]]]:
        return [
            (v.header.lower(), str(v.decision), tuple(f.raw for f in v.fields))
            for v in decode_verdicts(parse(raw))
        ]

    shouted = MSG.replace(b"X-Spam-Status:", b"X-SPAM-STATUS:").replace(
        b"X-Spam-Flag:", b"x-spam-flag:"
    )
    assert decoded(shouted) == decoded(MSG)
    assert {h for h, _, _ in decoded(shouted)} >= {"x-spam-status", "x-spam-flag"}
