"""A redacted report holds the recipient's address in no form, in PDF, HTML and JSON alike.

The message carries four recipients (plain, international, quoted, domain literal) in every
place senders put them: recipient headers with display names (also RFC 2047-encoded),
Received ``for``, a Message-ID, In-Reply-To and References, a VERP Return-Path and unsubscribe
mailto, URL-encoded, base64-encoded (three alignments, standard and URL-safe) and hashed in
tracking links of a quoted-printable body whose soft line breaks split an address. Each report
is searched for every form; the PDF through pdftotext."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import subprocess
import sys
import unicodedata
from urllib.parse import quote, quote_plus

import pytest

from inspector.report.redact_forms import base64_cores
from tests.robustness.support import PROJECT

RECIPIENTS = {
    "Alice.Smith@client.example": "Alice Example",
    "josé.garcía@bücher.example": "José García",
    '"john doe"@client.example': "",
    "joe.public@[192.0.2.7]": "",
}
ALICE = "Alice.Smith@client.example"


def _b64(text: str, prefix: bytes = b"", *, urlsafe: bool = False) -> str:
    data = prefix + text.encode("utf-8")
    encoder = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    return encoder(data).decode("ascii")


def _tracking_links() -> list[str]:
    links = []
    for address in RECIPIENTS:
        for shift in range(3):
            payload = b"u=42&"[: 2 + shift] + b"e="
            links.append(f"https://t.esp.example/c?d={_b64(address, payload)}")
            links.append(f"https://t.esp.example/o?d={_b64(address, payload, urlsafe=True)}")
        links.append(f"https://t.esp.example/b64?e={_b64(address)}")
        links.append(f"https://t.esp.example/u?e={quote(address, safe='')}")
        links.append(f"https://t.esp.example/p?e={quote_plus(address)}")
        links.append(
            f"https://t.esp.example/h?id={hashlib.md5(address.lower().encode()).hexdigest()}"
        )
    links.append(f"https://t.esp.example/n?name={quote_plus('Alice Example')}")
    return links


def _quoted_printable(text: str) -> str:
    """QP with a soft line break inside the first address (as encoders do at 76 columns)."""
    encoded = text.encode("utf-8").decode("latin-1")
    out = "".join(c if ord(c) < 128 and c != "=" else f"={ord(c):02X}" for c in encoded)
    return out.replace("Alice.Smith@cl", "Alice.Smith@=\r\ncl", 1)


def build_message() -> bytes:
    jose_name = "=?utf-8?b?" + _b64("José García") + "?="
    body = "".join(f'<a href="{html.escape(link)}">link</a>\r\n' for link in _tracking_links())
    body += "".join(
        f'<a href="https://t.esp.example/v?x={html.escape(form)}">form</a>\r\n'
        for address, name in RECIPIENTS.items()
        for form in sorted(forms(address, name))
    )
    body += "<p>Dear Alice Example (Alice.Smith@client.example), josé.garcía@bücher.example</p>"
    headers = [
        "Return-Path: <bounce-alice.smith=client.example@esp.example>",
        "Received: from out.esp.example (out.esp.example [198.51.100.20])\r\n"
        "\tby mx.client.example with ESMTPS id 9Zz for <Alice.Smith@client.example>;\r\n"
        "\tTue, 3 Mar 2026 10:00:05 +0000",
        "Delivered-To: alice.smith@client.example",
        "From: Shop <news@shop.example>",
        "To: Alice Example <Alice.Smith@client.example>",
        f'Cc: {jose_name} <josé.garcía@bücher.example>, "john doe"@client.example,\r\n'
        " joe.public@[192.0.2.7]",
        "Subject: Hello Alice Example, your offer",
        "Date: Tue, 3 Mar 2026 10:00:00 +0000",
        "Message-ID: <20260303.Alice.Smith@client.example.4711@esp.example>",
        "In-Reply-To: <x.alice.smith=client.example@esp.example>",
        "References: <r1.joe.public@[192.0.2.7]@esp.example> <r2.john%20doe@esp.example>",
        "List-Unsubscribe: <mailto:unsub-alice.smith=client.example@esp.example?subject=u>,\r\n"
        f" <https://esp.example/u?e={quote(ALICE, safe='')}>",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + _quoted_printable(body)).encode("utf-8")


def forms(address: str, name: str) -> set[str]:
    """Every form of one recipient the report must not contain."""
    local, _, domain = address.rpartition("@")
    bare = local.strip('"')
    found = {address, address.lower(), f"{bare}={domain}", f"{bare}={domain}".lower()}
    found |= {quote(address, safe=""), quote_plus(address), quote(address)}
    found |= {_b64(address), _b64(address).rstrip("="), _b64(address, urlsafe=True)}
    found |= base64_cores(address)
    found.add(hashlib.md5(address.lower().encode()).hexdigest())
    if len(bare) >= 3:
        found.add(bare)
    if name:
        found |= {name, quote_plus(name), _b64(name)}
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _leaks(text: str) -> list[str]:
    folded = text.lower()
    squeezed = "".join(folded.split())  # a PDF line may wrap inside a form
    return sorted(
        f"{form!r} ({address})"
        for address, name in RECIPIENTS.items()
        for form in forms(address, name)
        if form.lower() in folded or "".join(form.lower().split()) in squeezed
    )


@pytest.fixture(scope="module")
def redacted_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("redaction")
    message = folder / "message.eml"
    message.write_bytes(build_message())
    texts: dict[str, str] = {}
    for suffix in (".json", ".html", ".pdf", "plain"):
        redact = ["--redact"] if suffix != "plain" else []
        out = folder / (f"report{suffix}" if redact else "unredacted.json")
        done = subprocess.run(
            [
                sys.executable,
                str(PROJECT / "main.py"),
                "report",
                "--offline",
                *redact,
                str(message),
                "-o",
                str(out),
            ],
            cwd=PROJECT,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
            capture_output=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        if suffix == ".pdf":
            text = subprocess.run(
                ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8")
            texts[suffix] = unicodedata.normalize("NFKC", text)
        elif suffix in (".json", "plain"):
            texts[suffix] = "\n".join(_strings(json.loads(out.read_text("utf-8"))))
        else:
            texts[suffix] = html.unescape(out.read_text("utf-8"))
    return texts


def test_every_form_reaches_an_unredacted_report(redacted_reports: dict[str, str]) -> None:
    """The search would prove nothing if a form never made it into a report at all."""
    expected = sorted(
        f"{form!r} ({address})"
        for address, name in RECIPIENTS.items()
        for form in forms(address, name)
    )
    assert _leaks(redacted_reports["plain"]) == expected


@pytest.mark.parametrize("suffix", [".json", ".html", ".pdf"])
def test_redacted_report_holds_no_form_of_any_recipient(
    redacted_reports: dict[str, str], suffix: str
) -> None:
    text = redacted_reports[suffix]
    assert "recipient1@redacted.invalid" in text
    assert _leaks(text) == []


def test_the_sender_is_still_readable(redacted_reports: dict[str, str]) -> None:
    for text in redacted_reports.values():
        assert "news@shop.example" in text
