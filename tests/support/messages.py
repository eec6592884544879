"""Small, well-formed messages written by the project for tests (no third-party data)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from inspector.model.message import SourceRef


def make_message(
    i: int = 0,
    *,
    subject: str | None = None,
    sender: str = "news@brand.example",
    to: str = "alice@client.example",
    body: str = "Hello,\nthis is a test message.\n",
    extra_headers: str = "",
) -> bytes:
    when = datetime(2026, 3, 4, 10, 0, tzinfo=UTC) + timedelta(minutes=i)
    stored = format_datetime(when + timedelta(seconds=3))
    relay = f"mail{i % 7}.brand.example"
    received = (
        f"Received: from mx.client.example (mx.client.example [10.0.0.5])\n"
        f"\tby store.client.example with LMTP id {i:06d}; {stored}\n"
        f"Received: from {relay} ({relay} [203.0.113.{i % 250 + 1}])\n"
        f"\tby mx.client.example (Postfix) with ESMTPS id A{i:05d}\n"
        f"\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n"
        f"\tfor <{to}>; {format_datetime(when + timedelta(seconds=1))}\n"
    )
    text = (
        f"{received}"
        f"Return-Path: <bounce@brand.example>\n"
        f"From: Brand News <{sender}>\n"
        f"To: {to}\n"
        f"Subject: {subject if subject is not None else f'Message number {i}'}\n"
        f"Date: {format_datetime(when)}\n"
        f"Message-ID: <msg{i}@brand.example>\n"
        f"MIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset=utf-8\n"
        f"{extra_headers}"
        f"\n{body}"
    )
    return text.encode("utf-8")


def write_mbox(path: Path, count: int, **kwargs: object) -> Path:
    """An mboxrd file with ``count`` messages, written in chunks (constant memory)."""
    with path.open("wb") as out:
        for i in range(count):
            raw = make_message(i, **kwargs)  # type: ignore[arg-type]
            out.write(b"From MAILER-DAEMON Wed Mar  4 10:00:00 2026\n")
            out.write(raw.replace(b"\nFrom ", b"\n>From "))
            out.write(b"\n")
    return path


def write_folder(path: Path, count: int, **kwargs: object) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (path / f"{i:05d}.eml").write_bytes(make_message(i, **kwargs))  # type: ignore[arg-type]
    return path


def numbered_messages(n: int) -> list[tuple[SourceRef, bytes]]:
    """``n`` distinct small messages, each with a place named after its number."""
    return [(SourceRef(f"m{i}.eml"), make_message(i)) for i in range(n)]
