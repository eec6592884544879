"""Bounces of the dev corpus (sisimai's set-of-emails and the rest, read from ../shared,
never copied).

Every recipient of every delivery-status report carries its Status field as written; every
bounce gets a reason or says why not; the reasons and statuses agree with Sisimai's own
expectations for at least 95% of the recipients, without reading the samples' answers.
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

from bench.bounce_agreement import SUITE, measure, summary
from inspector.bounces.decode import decode_bounce
from inspector.model.bounces import BounceReason
from inspector.parse.sources import iter_messages
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
        if bounce.kind != "dsn" or not expected:
            continue  # (no recipient block: X-Failed-Recipients names them instead)
        # the stdlib splits on blank lines only; AOL writes none between recipients
        assert len(bounce.recipients) >= len(expected), name
        for rcpt, status in zip(bounce.recipients, expected, strict=False):
            if status:
                assert rcpt.status_field == status, (name, rcpt)
                checked += 1
    assert checked >= 50
    print(f"\nDSN recipients whose status matched the Status field: {checked}")


def test_every_dev_corpus_bounce_has_a_reason_or_says_why(corpus_dir: Path) -> None:
    kinds: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    unexplained: list[str] = []
    for item in iter_messages([str(corpus_dir)]):
        if not isinstance(item, tuple):
            continue
        bounce = decode_bounce(parse(item[1]))
        if bounce is None:
            continue
        kinds[bounce.kind.value] += 1
        reasons.update(r.reason.value for r in bounce.recipients)
        silent = not bounce.recipients or any(
            r.reason is BounceReason.UNDEFINED for r in bounce.recipients
        )
        if silent and not bounce.unclassified:
            unexplained.append(f"{item[0].path}#{item[0].index}")
    print(f"\nkinds: {dict(kinds)}")
    print(f"recipient reasons: {dict(reasons.most_common())}")
    assert sum(kinds.values()) >= 150
    assert unexplained == []


def test_agreement_with_sisimai(shared_dir: Path) -> None:
    if not (shared_dir / SUITE).is_file():
        pytest.skip("the bounces-sisimai suite is not in ../shared/suites")
    figures = measure(shared_dir)
    print("\n" + summary(figures))
    assert figures["recipients"] == 125
    assert float(str(figures["reason_agreement"])) >= 95.0
    assert float(str(figures["status_agreement"])) >= 95.0


# The samples name the answer in their recipients' local parts and link to the reason's
# documentation; with both replaced by neutral text the classification must not change.
_ANSWERS = re.compile(
    rb"(?i)\b(?:" + b"|".join(r.value.encode() for r in BounceReason) + rb")(?=@)"
)
_REASON_LINKS = re.compile(rb"(?i)https?://(?:www\.)?libsisimai\.org\S*")


def _neutral(raw: bytes) -> bytes:
    """Answer-naming local parts replaced by distinct neutral ones, reason links by a host."""
    names: dict[bytes, bytes] = {}

    def rename(m: re.Match[bytes]) -> bytes:
        return names.setdefault(m.group(0).lower(), b"someone%d" % len(names))

    return _REASON_LINKS.sub(b"https://example.net/", _ANSWERS.sub(rename, raw))


def test_answer_naming_local_parts_and_reason_links_are_never_read(corpus_dir: Path) -> None:
    compared = 0
    for name, raw in _corpus(corpus_dir):
        neutral = _neutral(raw)
        if neutral == raw:
            continue
        before = decode_bounce(parse(raw))
        after = decode_bounce(parse(neutral))
        got = [(r.reason, r.status, r.pseudo_status) for r in before.recipients] if before else []
        again = [(r.reason, r.status, r.pseudo_status) for r in after.recipients] if after else []
        assert got == again, name
        compared += 1
    print(f"\nfiles whose answers were hidden, classified the same: {compared}")
    assert compared >= 5
