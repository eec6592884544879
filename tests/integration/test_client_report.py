"""The client report end to end: ``main.py report`` on a 30-message folder (the bundled
samples and generated messages) as a real process, the PDF read back with pdftotext.

What a client must see is there (cover fields, executive summary, fix plan, chart captions,
notes), what they must not see is not (the analyst's folders, words broken inside), and
without the appendix the report stays short."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.runner import PROJECT, run_main
from tests.support.messages import make_message

SAMPLES = PROJECT / "resources" / "samples"
SNAPSHOT = SAMPLES / "dns.json"
COVER = {
    "--consultant": "Harbour Deliverability Consulting",
    "--client": "Northwind Coffee Roasters",
    "--analyst": "Ines Analyst",
    "--date": "2026-12-01",
    "--scope": "Marketing and transactional mail, November 2026",
    "--notes": "The newsletter platform was changed in October.",
}
#: Letters-or-digits runs longer than this are keys and hashes, which may break anywhere.
LONGEST_WORD = 30

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def _png(path: Path) -> Path:
    """A tiny valid PNG (a 4x2 red image), written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(2))
    ihdr = struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows))
    path.write_bytes(png + chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 messages: the seven bundled .eml samples and 23 generated ones from four domains."""
    folder = tmp_path_factory.mktemp("client-folders") / "mailbox"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("*.eml")):
        shutil.copy(sample, folder / sample.name)
    for i in range(30 - len(list(folder.iterdir()))):
        raw = make_message(i, subject=f"Weekly offer {i}", sender=f"news@brand{i % 4}.example")
        (folder / f"generated-{i:02d}.eml").write_bytes(raw)
    assert len(list(folder.iterdir())) == 30
    return folder


def _report(mailbox: Path, out: Path, *extra: str) -> Path:
    cover = [x for kv in COVER.items() for x in kv]
    logo = _png(out.parent / "logo.png")
    run = run_main(
        "report", "--replay-dns", str(SNAPSHOT), str(mailbox), "-o", str(out),
        "--logo", str(logo), *cover, *extra, timeout=180,
    )  # fmt: skip
    assert run.status == 0, run.err
    return out


@pytest.fixture(scope="module")
def full_pdf(mailbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _report(mailbox, tmp_path_factory.mktemp("full") / "review.pdf")


@pytest.fixture(scope="module")
def short_pdf(mailbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _report(mailbox, tmp_path_factory.mktemp("short") / "review.pdf", "--no-appendix")


def _text(pdf: Path, *mode: str) -> str:
    done = subprocess.run(["pdftotext", *mode, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8").replace("\ufb01", "fi").replace("\ufb00", "ff")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: Path) -> int:
    found = re.findall(r"page \d+ of (\d+)", _text(pdf))
    assert found
    return int(found[-1])


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _source_words(mailbox: Path) -> set[str]:
    """Every word of what the analysis says about the messages (the report's source text)."""
    done = run_main("analyze", "--json", "--replay-dns", str(SNAPSHOT), str(mailbox))
    words: set[str] = set()
    for line in done.out.splitlines():
        for text in _strings(json.loads(line)):
            words.update(w for w in re.findall(r"\w+", text) if 2 <= len(w) <= LONGEST_WORD)
    return words


def test_cover_summary_fix_plan_charts_and_notes(full_pdf: Path) -> None:
    text = _flat(_text(full_pdf))
    for value in COVER.values():
        if value != "2026-12-01":
            assert value in text, value
    assert "01 December 2026" in text
    assert "Executive summary" in text and "We examined 30 messages" in text
    assert "Fix plan" in text and "What to change" in text
    for caption in (
        "Figure 1: authentication pass rates, among the messages that could be checked",
        "Figure 2: messages by risk of being filtered or rejected",
        "Figure 3: bounce reasons",
    ):
        assert caption in text, caption
    if shutil.which("pdfimages"):
        images = subprocess.run(
            ["pdfimages", "-list", str(full_pdf)], capture_output=True, text=True, check=True
        )
        assert len(images.stdout.splitlines()) >= 3, "the logo is on the cover"


def test_no_path_of_the_machine(full_pdf: Path, mailbox: Path) -> None:
    text = _flat(_text(full_pdf))
    for leak in (str(mailbox), str(mailbox.parent), "resources/samples", "/tmp/", str(PROJECT)):
        assert leak not in text, leak
    assert "phishing-display-name.eml" in text  # the file name alone is shown


def test_no_word_is_broken_across_lines(full_pdf: Path, mailbox: Path) -> None:
    words = _source_words(mailbox)
    assert "DESKTOP" in words and "7Q2K1M" in words  # the host name that used to break
    lines = [ln.strip() for ln in _text(full_pdf, "-raw").splitlines() if ln.strip()]
    broken = []
    for first, second in itertools.pairwise(lines):
        head = re.search(r"(\w+)$", first)
        tail = re.match(r"(\w+)", second)
        if head and tail:
            joined = head.group(1) + tail.group(1)
            if joined in words and not (head.group(1) in words and tail.group(1) in words):
                broken.append(f"{first[-30:]!r} / {second[:30]!r}")
    assert broken == []


def test_finding_ids_only_in_the_reference(full_pdf: Path) -> None:
    text = _text(full_pdf)
    body, _, reference = text.partition("Finding reference")
    assert "dkim.none" not in body and "dmarc.no_record" not in body
    assert re.search(r"\b\w+\.\w+_\w+\b", reference), "ids are listed for the engineer"


def test_without_appendix_at_most_twelve_pages(short_pdf: Path, full_pdf: Path) -> None:
    assert _pages(short_pdf) <= 12
    assert _pages(short_pdf) < _pages(full_pdf)
    text = _flat(_text(short_pdf))
    assert "Appendix" not in text and "Executive summary" in text and "Fix plan" in text
