"""Bounces of the dev corpus (sisimai's set-of-emails, read from ../shared, never copied).

Every recipient of every delivery-status report must carry its Status field as written, and
the share of bounces that get a specific reason (not ``other``) is printed for the report.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import mailbox
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.bounces.decode import decode_bounce
from tests.inspector.verdicts._msg import parse

_CODE = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")


def _corpus(corpus_dir: Path) -> Iterator[tuple[str, bytes]]:
    folder = corpus_dir / "bounces_sisimai_upto2023"
    if not folder.is_dir():
        pytest.skip("bounces_sisimai_upto2023 is not in the corpus")
    for path in sorted(folder.glob("*.eml")):
        yield path.name, path.read_bytes()
    for path in sorted((corpus_dir / "mbox").glob("sisimai*.mbox")):
        box = mailbox.mbox(str(path), create=False)
        for key in box.keys():  # noqa: SIM118 - iterating an mbox yields messages
            yield f"{path.name}#{key}", box.get_bytes(key)


def _status_fields(raw: bytes) -> list[str] | None:
    """Status of each per-recipient block, read independently with the stdlib."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    if msg.get_content_type() != "multipart/report":
        return None
    for part in msg.walk():
        if part.get_content_type() in ("message/delivery-status", "message/global-delivery-status"):
            payload = part.get_payload()
            if not isinstance(payload, list):
                return None
            out = []
            for block in payload:
                names = {k.lower() for k in block}
                if names & {"final-recipient", "original-recipient", "action", "status"}:
                    status = block.get("Status") if not isinstance(block, str) else None
                    if status is not None:
                        text = " ".join(str(status).split())
                        m = _CODE.search(text)
                        out.append(m.group(0) if m else (text.split()[0] if text else ""))
                    else:
                        out.append("")
            return out
    return None


def test_dsn_status_equals_delivery_status_field(corpus_dir: Path) -> None:
    checked = 0
    for name, raw in _corpus(corpus_dir):
        expected = _status_fields(raw)
        if expected is None:
            continue
        bounce = decode_bounce(parse(raw))
        assert bounce is not None, name
        if bounce.kind != "dsn":
            continue
        assert len(bounce.recipients) == len(expected), name
        for rcpt, status in zip(bounce.recipients, expected, strict=True):
            if status:
                assert rcpt.status == status, (name, rcpt)
                checked += 1
    assert checked >= 50
    print(f"\nDSN recipients whose status matched the Status field: {checked}")


def test_reason_coverage(corpus_dir: Path) -> None:
    kinds: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    bounces = specific = 0
    for _name, raw in _corpus(corpus_dir):
        bounce = decode_bounce(parse(raw))
        if bounce is None:
            kinds["none"] += 1
            continue
        kinds[bounce.kind] += 1
        if bounce.kind == "arf":
            continue
        bounces += 1
        if any(r.reason != "other" for r in bounce.recipients):
            specific += 1
        reasons.update(r.reason for r in bounce.recipients)
    print(f"\nkinds: {dict(kinds)}")
    print(f"bounces with a specific reason: {specific}/{bounces}")
    print(f"recipient reasons: {dict(reasons.most_common())}")
    assert bounces >= 100
    assert specific / bounces >= 0.8
