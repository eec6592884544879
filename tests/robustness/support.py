"""Helpers for the robustness tests: analyse with bounds, find internal errors, seed messages.

An "internal error" in ``Report.errors`` means a pipeline stage raised: hostile input must
never do that, so every test here checks for it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from inspector.model.codes import SourceKind
from inspector.model.message import SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer

PROJECT = Path(__file__).resolve().parents[2]
SAMPLES = PROJECT / "resources" / "samples"
CORPUS = PROJECT.parent / "shared" / "corpus" / "dev"
REF = SourceRef("<robustness>", 0, SourceKind.EML)
T = TypeVar("T")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def internal_errors(report: Report) -> list[str]:
    return [e for e in report.errors if "internal error" in e]


def analyze(raw: bytes, options: AnalysisOptions | None = None) -> tuple[Report, float]:
    """One analysis with a fresh Analyzer; returns the report and the seconds it took."""
    with Analyzer(options or AnalysisOptions(offline=True)) as analyzer:
        started = time.perf_counter()
        report = analyzer.analyze(raw, REF)
        return report, time.perf_counter() - started


def _rss_bytes() -> int:
    with open("/proc/self/statm", "rb") as f:
        return int(f.read().split()[1]) * _PAGE


def traced_peak(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and how far resident memory rose above where it started while it ran, in MB.

    Why sampling /proc instead of tracemalloc: tracemalloc slows allocation-heavy parsing
    several times over, which would turn a time bound into a test of the tracer. Sampling
    every 5 ms can miss a peak shorter than that; a real blow-up lasts far longer."""
    if not os.path.exists("/proc/self/statm"):
        return fn(), 0.0
    start = _rss_bytes()
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, _rss_bytes())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = fn()
    finally:
        done.set()
        sampler.join()
    peak = max(peak, _rss_bytes())
    return result, (peak - start) / 1e6


# Seeds written for this project (no third-party text): plain, multipart with HTML and an
# attachment, and a relayed, signed-looking newsletter with an Authentication-Results chain.
OWN_SEEDS: tuple[bytes, ...] = (
    b"Return-Path: <alice@sender.test>\r\n"
    b"Received: from mail.sender.test (mail.sender.test [198.51.100.7])\r\n"
    b"\tby mx.receiver.test with ESMTPS id 4aBc; Mon, 3 Mar 2025 10:00:02 +0000\r\n"
    b"From: Alice <alice@sender.test>\r\nTo: bob@receiver.test\r\n"
    b"Subject: Lunch?\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n"
    b"Message-ID: <seed1@sender.test>\r\n\r\nShall we have lunch at noon?\r\n",
    b"From: =?utf-8?q?Caf=C3=A9?= <news@shop.test>\r\nTo: you@receiver.test\r\n"
    b"Subject: =?utf-8?b?U29sZGVzIOKAkyA1MCU=?=\r\nDate: Tue, 4 Mar 2025 08:30:00 +0100\r\n"
    b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n'
    b'--outer\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n'
    b"--inner\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\nSoldes =E0 50 %\r\n"
    b"--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    b'<html><body><a href="https://shop.test/s?u=1">Shop</a>'
    b'<img src="https://t.shop.test/p.gif" width=1 height=1></body></html>\r\n'
    b'--inner--\r\n--outer\r\nContent-Type: application/pdf; name="invoice.pdf"\r\n'
    b'Content-Disposition: attachment; filename="invoice.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--outer--\r\n",
    b"Authentication-Results: mx.receiver.test; dkim=pass header.d=list.test;\r\n"
    b" spf=pass smtp.mailfrom=list.test; dmarc=pass header.from=list.test\r\n"
    b"ARC-Seal: i=1; a=rsa-sha256; cv=none; d=list.test; s=arc; t=1741000000; b=AAAA\r\n"
    b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=list.test; s=sel;\r\n"
    b" h=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"
    b"Received: from out.list.test (out.list.test [203.0.113.9]) by mx.receiver.test\r\n"
    b" (Postfix) with ESMTP id X1; Wed, 5 Mar 2025 09:00:05 +0000\r\n"
    b"Received: from [10.0.0.5] (helo=laptop) by out.list.test with esmtpa;\r\n"
    b" Wed, 5 Mar 2025 09:00:01 +0000\r\n"
    b"List-Id: <talk.list.test>\r\nList-Unsubscribe: <mailto:u@list.test>\r\n"
    b"From: Carol <carol@list.test>\r\nTo: talk@list.test\r\nSubject: [talk] Minutes\r\n"
    b"Date: Wed, 5 Mar 2025 09:00:00 +0000\r\nMessage-ID: <seed3@list.test>\r\n\r\n"
    b"Minutes attached.\r\n-- \r\nlist footer\r\n",
)


def seed_messages(corpus_count: int = 6) -> Iterator[bytes]:
    """Our own seeds, the bundled samples, and a few messages of the shared dev corpus."""
    yield from OWN_SEEDS
    if SAMPLES.is_dir():
        for path in sorted(SAMPLES.glob("*.eml")):
            yield path.read_bytes()
    if CORPUS.is_dir():
        picked = 0
        for group in sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "extras"):
            for path in sorted(p for p in group.rglob("*") if p.is_file())[:1]:
                if picked < corpus_count and path.stat().st_size < 200_000:
                    picked += 1
                    yield path.read_bytes()
