from __future__ import annotations

from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse

MSG = b"""X-Spamd-Result: default: False [2.04 / 25.00]; SUBJ_EXCESS_BASE64(1.50)[];
 URI_COUNT_ODD(1.00)[15]; ARC_ALLOW(-1.00)[example.net:s=arc:i=1];
 R_SPF_ALLOW(-0.20)[+ip4:192.0.2.0/27]; ZZ_CUSTOM(0.00)[]
X-Rspamd-Action: add header
X-Rspamd-Score: 2.04
X-Spamd-Bar: ++
X-Rspamd-Server: filter1.example.net
X-Rspamd-Queue-Id: 4ABC123
From: a@example.org

x
"""


def test_result_symbols_and_decision() -> None:
    found = {v.header.lower(): v for v in decode_verdicts(parse(MSG))}
    res = found["x-spamd-result"]
    assert res.filter == "rspamd"
    assert res.decision == "rspamd scored it 2.04 of 25.0: not over the reject threshold"
    syms = {f.name: f for f in res.fields}
    assert syms["R_SPF_ALLOW"].raw == "-0.20 [+ip4:192.0.2.0/27]"
    assert "SPF passed" in syms["R_SPF_ALLOW"].meaning
    assert "not in our table" in syms["ZZ_CUSTOM"].meaning
    assert found["x-rspamd-action"].fields[0].meaning.startswith("delivered with a spam header")
    assert found["x-spamd-bar"].fields[0].meaning.startswith("score about +2")
    assert found["x-rspamd-score"].decision == "rspamd scored it 2.04"
    assert found["x-rspamd-server"].fields[0].raw == "filter1.example.net"


def test_reject_true() -> None:
    raw = b"X-Spamd-Result: default: True [31.5 / 15.0]; BAYES_SPAM(5.1)[99.9%]\n\nx\n"
    (v,) = decode_verdicts(parse(raw))
    assert "rejected as spam" in v.decision
