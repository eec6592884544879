"""Received-SPF (RFC 7208 section 9.1): the SPF result a receiver recorded, with the client
address it judged.

Kept with the verdicts so that it is credited like them: the recipient's own record says what
SPF gave at delivery; one written by an earlier server (a forwarder, a list, the sender's
own relay) only says what that server saw.
"""

from __future__ import annotations

import re

from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField
from inspector.verdicts._common import UNKNOWN, key_values, make, unfold, vf

FILTER = "SPF (receiver's record)"
_RESULT = re.compile(r"^\s*([A-Za-z]+)\b")
_COMMENT_HOST = re.compile(r"\(([A-Za-z0-9.-]{3,253}):")
_KEYS = {
    "client-ip": "the address whose authorisation was checked",
    "envelope-from": "the MAIL FROM address checked",
    "helo": "the name the client gave in HELO/EHLO",
    "receiver": "the server that checked",
    "identity": "which identity was checked (mailfrom or helo)",
    "mechanism": "the SPF mechanism that matched",
}


def decode_received_spf(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    m = _RESULT.match(raw)
    if not m:
        return None
    result = m.group(1).lower()
    fields: list[VerdictField] = [vf("result", m.group(1), f"SPF {result}")]
    host = _COMMENT_HOST.search(raw)
    if host:
        fields.append(vf("checked-by", host.group(1), "the server that checked, in its comment"))
    for key, value in key_values(raw[m.end() :]):
        if key.lower() in _KEYS:
            fields.append(vf(key.lower(), value.strip('"'), _KEYS.get(key.lower(), UNKNOWN)))
    return make(FILTER, header, fields, f"SPF {result} at the server that recorded it")


DECODERS = {"received-spf": decode_received_spf}
