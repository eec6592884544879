"""Verdicts over the dev corpus (read from ../shared, never copied).

For every message with X-Forefront-Antispam-Report, the decoded SCL and SFV raw values must
equal what the header itself says (read here independently with the stdlib), and decoding
must never raise. Counts of verdicts per filter are printed for the report.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.model.verdicts import CompauthReason, MsCategory, MsIpVerdict
from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse


def _messages(corpus_dir: Path) -> Iterator[tuple[str, bytes]]:
    if not corpus_dir.is_dir():
        pytest.skip("dev corpus absent")
    for path in sorted(corpus_dir.rglob("*")):
        if not path.is_file() or path.suffix in (".csv", ".md", ".json", ".xml", ".gz", ".zip"):
            continue
        if "dmarc_reports" in path.parts:
            continue
        if path.suffix == ".mbox":
            box = mailbox.mbox(str(path), create=False)
            for key in box.keys():  # noqa: SIM118 - iterating an mbox yields messages
                yield f"{path.name}#{key}", box.get_bytes(key)
        else:
            yield str(path.relative_to(corpus_dir)), path.read_bytes()


def _tag(value: str, tag: str) -> str | None:
    m = re.search(rf"(?:^|;)\s*{tag}:([^;]*)", value)
    return m.group(1).strip() if m else None


def test_forefront_scl_and_sfv_match_the_header(corpus_dir: Path) -> None:
    messages = checked = 0
    for name, raw in _messages(corpus_dir):
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        written = [
            re.sub(r"\r?\n[ \t]*", "", str(v)).strip()
            for k, v in msg.items()
            if k.lower() == "x-forefront-antispam-report"
        ]
        if not written:
            continue
        messages += 1
        decoded = [
            v
            for v in decode_verdicts(parse(raw))
            if v.header.lower() == "x-forefront-antispam-report"
        ]
        assert len(decoded) == len(written), name
        for value, verdict in zip(written, decoded, strict=True):
            for tag in ("SCL", "SFV"):
                want = _tag(value, tag)
                got = [f.raw for f in verdict.fields if f.name.upper() == tag]
                if want is None:
                    assert got == [], (name, tag)
                else:
                    assert got[:1] == [want], (name, tag, value)
                    checked += 1
    print(f"\nmessages with X-Forefront-Antispam-Report: {messages}; SCL/SFV checked: {checked}")
    assert messages >= 50


def test_verdict_counts_per_filter(corpus_dir: Path) -> None:
    filters: Counter[str] = Counter()
    headers: Counter[str] = Counter()
    messages_with = 0
    for _name, raw in _messages(corpus_dir):
        verdicts = decode_verdicts(parse(raw))
        messages_with += bool(verdicts)
        for v in verdicts:
            assert v.decision
            filters[v.filter] += 1
            headers[v.header.lower()] += 1
    print(f"\nmessages with at least one verdict: {messages_with}")
    print(f"verdicts per filter: {dict(filters.most_common())}")
    print(f"verdicts per header: {dict(headers.most_common(20))}")
    assert filters["Microsoft 365"] > 0 and filters["SpamAssassin"] > 0


def test_microsoft_codes_read_as_the_header_writes_them(corpus_dir: Path) -> None:
    """SFV, CAT and IPV of every X-Forefront-Antispam-Report, and compauth result and reason
    of every Authentication-Results, read into enums equal the words the header writes."""
    read: Counter[str] = Counter()
    compauth_pattern = re.compile(r"compauth=([a-z]+)(?:\s+reason=(\d{3}))?", re.I)
    for name, raw in _messages(corpus_dir):
        for v in decode_verdicts(parse(raw)):
            codes = v.microsoft
            if v.header.lower() == "x-forefront-antispam-report":
                assert codes is not None, name
                for tag, code in (("SFV", codes.sfv), ("CAT", codes.cat), ("IPV", codes.ipv)):
                    written = next((f.raw for f in v.fields if f.name.upper() == tag), "")
                    if code is None:  # absent or undocumented (CAT:EXAMPLE in a sample)
                        assert written.upper() not in {"NSPM", "SPM", "NONE", "SPOOF", "CAL"}
                    else:
                        assert code.value == written.upper(), (name, tag)
                        read[f"{tag}:{code.value}"] += 1
            elif codes is not None and codes.compauth is not None:
                m = compauth_pattern.search(" ".join(f"{f.name}={f.raw}" for f in v.fields))
                assert m is not None and codes.compauth.value == m.group(1).lower(), name
                if m.group(2):
                    assert codes.compauth_reason is not None, name
                    assert codes.compauth_reason.value in (m.group(2), m.group(2)[0] + "xx")
                read[f"compauth={codes.compauth.value}"] += 1
    print(f"\nMicrosoft codes read: {dict(read.most_common())}")
    assert read["SFV:NSPM"] >= 50 and read["CAT:SPOOF"] >= 1 and read["IPV:CAL"] >= 1
    assert read["compauth=fail"] >= 5 and read["compauth=pass"] >= 50


def test_named_microsoft_codes(corpus_dir: Path) -> None:
    """Header values as real receivers wrote them (messages referenced, not copied)."""
    cases = {
        "phishing_pot_2023-2024/sample-392.eml": ("cat", MsCategory.SPOOF),
        "phishing_pot_2023-2024/sample-2885.eml": ("compauth_reason", CompauthReason.IMPLICIT_FAIL),
        "phishing_pot_2023-2024/sample-3740.eml": ("compauth_reason", CompauthReason.PASSED),
        "mailing_lists/ksummit.lists.linux.dev__c6a3fe5d8b5e.eml": ("ipv", MsIpVerdict.CAL),
    }
    for path, (attribute, want) in cases.items():
        if not (corpus_dir / path).is_file():
            pytest.skip(f"{path} is not in the dev corpus (../shared/corpus/dev)")
        verdicts = decode_verdicts(parse((corpus_dir / path).read_bytes()))
        got = {getattr(v.microsoft, attribute) for v in verdicts if v.microsoft is not None}
        assert want in got, path
