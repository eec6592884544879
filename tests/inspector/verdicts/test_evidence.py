"""Evidence lines quote a verdict in its header's own notation, with the hop that added it."""

from __future__ import annotations

import dataclasses

from inspector.verdicts import decode_verdicts
from inspector.verdicts.evidence import evidence_line, field
from tests.inspector.verdicts._msg import parse


def test_microsoft_and_spamassassin_notation() -> None:
    pm = parse(
        b"X-Forefront-Antispam-Report: CIP:192.0.2.1;SFV:SPM;SCL:6;LANG:en\n"
        b"X-Spam-Status: Yes, score=7.3 required=5.0 tests=BAYES_99\n\nx\n"
    )
    ms, sa = decode_verdicts(pm)
    assert evidence_line(ms) == "X-Forefront-Antispam-Report: SFV:SPM;SCL:6"
    assert field(ms, "scl") == "6" and field(ms, "nope") is None
    assert evidence_line(dataclasses.replace(sa, hop=2)) == (
        "X-Spam-Status: Yes score=7.3 required=5.0 tests=BAYES_99 (added at hop 3)"
    )
