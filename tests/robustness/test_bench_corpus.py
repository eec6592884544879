"""The benchmark's corpus builder (bench/corpus.py) on a small scale: the mbox it writes reads
back as the same messages, each with its own Message-ID, through the project's own reader."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import expanded, mbox_entry, with_message_id
from inspector.model.message import ReadError
from inspector.parse.message import parse_message
from inspector.parse.sources import iter_messages
from tests.robustness.support import OWN_SEEDS


def test_with_message_id_replaces_every_existing_one() -> None:
    raw = b"Message-ID: <a@x>\r\nmessage-id:\r\n <b@x>\r\nFrom: a@x.test\r\n\r\nbody\r\n"
    out = with_message_id(raw, 7)
    assert out.count(b"<bench-000007@bench.invalid>") == 1
    assert b"<a@x>" not in out and b"<b@x>" not in out
    assert out.endswith(b"From: a@x.test\r\n\r\nbody\r\n")


def test_mbox_reads_back_with_distinct_ids(tmp_path: Path) -> None:
    seeds = [*OWN_SEEDS, b"From: q@x.test\n\nFrom the start\n>From quoted\n"]
    messages = list(expanded(seeds, 40))
    mbox = tmp_path / "bench.mbox"
    mbox.write_bytes(b"".join(mbox_entry(raw) for raw in messages))
    back = [item for item in iter_messages([str(mbox)]) if not isinstance(item, ReadError)]
    assert len(back) == 40
    ids = {parse_message(raw).message_id for _, raw in back}
    assert len(ids) == 40
    assert back[3][1].rstrip(b"\r\n") == messages[3].rstrip(b"\r\n")  # ">From " unquoted again
