"""The benchmark corpus, built in bench/work/ from the bundled samples and ../shared/corpus/dev.

Each source message is repeated with a distinct Message-ID until there are 10,000, then written
twice: as one mboxrd file (and its 2,500- and 5,000-message prefixes, for the memory slope) and
as a folder of one file per message. Third-party messages are only ever copied into the
git-ignored work folder, never into the project.

Why our own mbox writer instead of ``mailbox.mbox``: the stdlib writer rewrites line endings
and keeps every message in memory while flushing; here each message is appended as bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from inspector.model.message import ReadError
from inspector.parse.sources import iter_messages

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SAMPLES = ROOT / "resources" / "samples"
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"
SIZES = (2_500, 5_000, 10_000)
TOTAL = SIZES[-1]

_MESSAGE_ID = re.compile(rb"(?im)^message-id[ \t]*:.*(?:\r?\n[ \t].*)*\r?\n")
_FROM_LINE = re.compile(rb"(?m)^(>*From )")
_SEPARATOR = b"From bench@bench.invalid Thu Jan  1 00:00:00 2026\n"


@dataclass(frozen=True)
class Corpus:
    """Where the built corpus lives and what went into it."""

    unique: int  # distinct source messages
    sources: tuple[str, ...]  # folders the messages came from
    mbox: Path  # all 10,000
    prefixes: dict[int, Path]  # size -> mbox with the first `size` messages
    folder: Path  # 10,000 files

    def to_dict(self) -> dict[str, object]:
        return {
            "unique_messages": self.unique,
            "sources": list(self.sources),
            "mbox": str(self.mbox.relative_to(ROOT)),
            "folder": str(self.folder.relative_to(ROOT)),
            "messages": TOTAL,
        }


def source_dirs() -> list[Path]:
    """The bundled samples and the shared dev corpus, where present."""
    return [d for d in (SAMPLES, SHARED_DEV) if d.is_dir()]


def load_unique() -> list[bytes]:
    """Every readable message under the source folders, in a stable order."""
    out: list[bytes] = []
    for item in iter_messages([str(d) for d in source_dirs()]):
        if not isinstance(item, ReadError) and item[1].strip():
            out.append(item[1])
    return out


def with_message_id(raw: bytes, number: int) -> bytes:
    """The message with its Message-ID field(s) replaced by a unique one at the top."""
    end = raw.find(b"\n\n")
    crlf_end = raw.find(b"\r\n\r\n")
    if crlf_end != -1 and (end == -1 or crlf_end < end):
        end = crlf_end
    head, body = (raw, b"") if end == -1 else (raw[: end + 1], raw[end + 1 :])
    newline = b"\r\n" if b"\r\n" in raw[:2000] else b"\n"
    head = _MESSAGE_ID.sub(b"", head)
    field = b"Message-ID: <bench-%06d@bench.invalid>" % number + newline
    return field + head + body


def expanded(unique: list[bytes], count: int = TOTAL) -> Iterator[bytes]:
    """``count`` messages cycling through ``unique``, each with its own Message-ID."""
    for n in range(count):
        yield with_message_id(unique[n % len(unique)], n)


def mbox_entry(raw: bytes) -> bytes:
    """One mboxrd entry: separator, '>'-quoted From lines, a blank line after."""
    body = _FROM_LINE.sub(rb">\1", raw)
    if not body.endswith(b"\n"):
        body += b"\n"
    return _SEPARATOR + body + b"\n"


def _fingerprint(unique: list[bytes]) -> str:
    h = hashlib.sha256()
    for raw in unique:
        h.update(hashlib.sha256(raw).digest())
    h.update(str(TOTAL).encode())
    return h.hexdigest()


def build(work: Path = WORK) -> Corpus:
    """Build (or reuse, when the sources have not changed) the mbox files and the folder."""
    unique = load_unique()
    if not unique:
        raise SystemExit("no sample messages found (resources/samples, ../shared/corpus/dev)")
    work.mkdir(parents=True, exist_ok=True)
    mbox = work / "mailbox-10000.mbox"
    folder = work / "folder-10000"
    prefixes = {size: work / f"mailbox-{size}.mbox" for size in SIZES}
    prefixes[TOTAL] = mbox
    stamp = work / "corpus.json"
    fingerprint = _fingerprint(unique)
    sources = tuple(str(d) for d in source_dirs())
    corpus = Corpus(len(unique), sources, mbox, prefixes, folder)
    built = stamp.is_file() and json.loads(stamp.read_text()).get("fingerprint") == fingerprint
    if built and all(p.is_file() for p in prefixes.values()) and folder.is_dir():
        return corpus
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    ends: dict[int, int] = {}
    with mbox.open("wb") as out:
        for n, raw in enumerate(expanded(unique), start=1):
            out.write(mbox_entry(raw))
            (folder / f"msg-{n:05d}.eml").write_bytes(raw)
            if n in prefixes:
                ends[n] = out.tell()
    with mbox.open("rb") as src:
        for size, path in prefixes.items():
            if size == TOTAL:
                continue
            src.seek(0)
            path.write_bytes(src.read(ends[size]))
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "unique": len(unique)}))
    return corpus
