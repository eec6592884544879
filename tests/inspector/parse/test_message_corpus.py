"""Every message of the third-party dev corpus (../shared/corpus/dev) is found by iter_messages
over the whole folder (.eml files, the mbox files, the Maildir) and parses without exception,
keeping every Received header. Skips when ../shared is absent."""

from __future__ import annotations

import collections
import email
import email.policy
import re
import time
from pathlib import Path

from inspector.model.message import ReadError
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.parse.message import parse_message
from inspector.parse.sources import iter_messages

_RECEIVED = re.compile(rb"(?im)^Received[ \t]*:")


def _header_block(raw: bytes) -> bytes:
    if raw.startswith((b"\n", b"\r\n")):
        return b""
    ends = [i for i in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if i >= 0]
    return raw[: min(ends)] if ends else raw


def test_corpus_parses(corpus_dir: Path) -> None:
    kinds: collections.Counter[str] = collections.Counter()
    defects: collections.Counter[str] = collections.Counter()
    errors: list[ReadError] = []
    messages: list[bytes] = []
    received_total = 0
    for item in iter_messages([str(corpus_dir)]):
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        ref, raw = item
        kinds[ref.kind] += 1
        if ref.path.endswith(".mbox"):
            kinds["in .mbox files"] += 1
        messages.append(raw)
        pm = parse_message(raw)
        expected = len(_RECEIVED.findall(_header_block(raw)))
        assert len(pm.get_all("Received")) == expected, ref
        received_total += expected
        defects.update(d.kind for d in pm.defects)

    # the corpus holds .eml files (some begin with an mbox "From " line, so count as mbox),
    # two .mbox files (62 messages) and one Maildir (15 messages)
    assert kinds["in .mbox files"] == 62
    assert kinds["maildir"] == 15
    assert kinds["eml"] + kinds["mbox"] - 62 >= 450
    # what is not a message is reported, never fatal: README, CSV, XML/JSON/zip/gz reports
    assert all(e.message.startswith("not a message") for e in errors)

    start = time.perf_counter()
    for raw in messages:
        parse_message(raw)
    ours = len(messages) / (time.perf_counter() - start)
    start = time.perf_counter()
    for raw in messages:
        email.message_from_bytes(raw, policy=email.policy.default)
    stdlib = len(messages) / (time.perf_counter() - start)
    print(
        f"\ncorpus: {len(messages)} messages {dict(kinds)}, {len(errors)} non-message files,"
        f" {received_total} Received headers"
        f"\ndefects: {dict(defects.most_common())}"
        f"\nparse rate: parse_message {ours:.0f} msg/s; "
        f"email.message_from_bytes(policy=default) {stdlib:.0f} msg/s"
    )


SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


def test_bundled_samples() -> None:
    """The project's own samples: all read, the mbox holds the same bytes as the .eml files,
    and the ones meant to be well-formed parse without a single defect."""
    found = {}
    splitter = FeedbackSplitter()  # the DMARC report sample is a report, not a message
    for item in splitter.split(iter_messages([str(SAMPLES)])):
        assert not isinstance(item, ReadError), item  # README.md beside them is skipped
        ref, raw = item
        found[(Path(ref.path).name, ref.index)] = raw
        assert parse_message(raw).defects == ()
    assert len([k for k in found if k[0].endswith(".eml")]) == 8
    assert len(splitter.dmarc) == 1
    for index, name in enumerate(("personal-plain.eml", "newsletter-esp.eml", "bounce-dsn.eml")):
        assert found[("samples.mbox", index)] == found[(name, 0)]
    for raw in found.values():
        assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
