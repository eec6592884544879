from __future__ import annotations

from inspector.model.verdicts import Verdict
from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse


def _one(header: str) -> Verdict:
    (v,) = decode_verdicts(parse(f"{header}\nFrom: a@example.org\n\nx\n"))
    return v


def _raw(v: Verdict, name: str) -> str:
    return next(f.raw for f in v.fields if f.name == name)


def test_proofpoint_spam_details() -> None:
    v = _one(
        "X-Proofpoint-Spam-Details: rule=notspam policy=default score=0 spamscore=0\n"
        " phishscore=0 mlxlogscore=999 bulkscore=0 classifier=spam adjust=0 reason=mlx\n"
        " zzz=1"
    )
    assert v.filter == "Proofpoint"
    assert _raw(v, "rule") == "notspam"
    assert v.decision == "Proofpoint judged it not spam (rule notspam)"
    assert next(f.meaning for f in v.fields if f.name == "zzz") == "unknown tag"


def test_proofpoint_high_spam_score() -> None:
    v = _one("X-Proofpoint-Spam-Details: rule=spam policy=default score=100 spamscore=100")
    assert v.decision == "Proofpoint judged it flagged (rule spam), high spam score"


def test_mimecast() -> None:
    assert _one("X-Mimecast-Spam-Score: 3").decision == "Mimecast gave it spam score 3.0"
    v = _one(
        "X-Mimecast-Impersonation-Protect: Policy=CLT1 - Impersonation Protection Definition;"
        "Similar Internal Domain=false;Newly Observed Domain=true;Custom Threat Dictionary=false"
    )
    assert v.decision == "Mimecast Impersonation Protect fired: Newly Observed Domain"


def test_barracuda() -> None:
    v = _one(
        "X-Barracuda-Spam-Status: Yes, SCORE=6.20 using global scores of TAG_LEVEL=3.5 "
        "QUARANTINE_LEVEL=1000.0 KILL_LEVEL=9.0 tests=BSF_SC0_MISMATCH_TO"
    )
    assert v.decision == "Barracuda scored it 6.2 against a tag level of 3.5: spam"
    assert _one("X-Barracuda-Spam-Score: 6.20").decision == "Barracuda scored it 6.2"


def test_ironport_and_sophos_and_trend() -> None:
    av = _one('X-IronPort-AV: E=Sophos;i="5.87,273,1631602800"; d="scan\'208";a="296899400"')
    assert _raw(av, "E") == "Sophos"
    assert "Sophos" in av.decision
    opaque = _one("X-IronPort-Anti-Spam-Result: A0HNBQBz9WNch8mmVdFjHAEBAR8E")
    assert "does not document" in opaque.fields[0].meaning
    assert "scanned" in _one("X-IronPort-Anti-Spam-Filtered: true").decision
    lased = _one("X-LASED-SpamProbability: 0.083")
    assert lased.decision == "Sophos rated its spam probability at 8%"
    tm = _one("X-TM-AS-Result: No--16.524400-5.000000-31")
    assert tm.decision == "Trend Micro scored it -16.5244 against a threshold of 5.0: not spam"
    tmase = _one("X-TMASE-Result: 10--16.524400-5.000000")
    assert "not spam" in tmase.decision
