"""Redaction for sharing a report: recipient addresses, their local parts and chosen domains are
replaced everywhere in a Report (headers raw and decoded, hops, evidence, DNS log...).

The same address always gets the same token, so a reader can still follow one recipient
through the report. Works on the Report value itself, so every output format (PDF, HTML,
JSON) is redacted alike.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TypeVar

from inspector.model.report import Report

T = TypeVar("T")

_ADDR = re.compile(r"[A-Za-z0-9._%+'=-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
_RECIPIENT_HEADERS = frozenset(
    {
        "to",
        "cc",
        "bcc",
        "delivered-to",
        "x-original-to",
        "envelope-to",
        "x-envelope-to",
        "x-rcpt-to",
        "original-recipient",
        "final-recipient",
        "x-forwarded-to",
    }
)


def recipient_addresses(report: Report) -> set[str]:
    """Addresses of the message's recipients, wherever the headers and bounce record them."""
    found: set[str] = set()
    for h in report.headers:
        if h.name.lower() in _RECIPIENT_HEADERS:
            found.update(a.lower() for a in _ADDR.findall(h.value))
    for hop in report.hops:
        if hop.for_:
            found.update(a.lower() for a in _ADDR.findall(hop.for_))
    if report.bounce:
        for r in report.bounce.recipients:
            if r.address:
                found.update(a.lower() for a in _ADDR.findall(r.address))
    if report.message.to:
        found.update(a.lower() for a in _ADDR.findall(report.message.to))
    return found


class Redactor:
    """Consistent replacement of addresses, local parts and domains across many reports."""

    def __init__(self, domains: Iterable[str] = ()) -> None:
        self._tokens: dict[str, str] = {}
        self._domains = {d.lower().strip(".") for d in domains if d.strip(".")}
        self._pattern: re.Pattern[str] | None = None

    def _token(self, kind: str, value: str) -> str:
        key = f"{kind}:{value.lower()}"
        if key not in self._tokens:
            n = sum(1 for k in self._tokens if k.startswith(kind + ":")) + 1
            self._tokens[key] = (
                f"recipient{n}@redacted.invalid"
                if kind == "addr"
                else f"recipient{n}"
                if kind == "local"
                else f"domain{n}.invalid"
            )
        return self._tokens[key]

    def learn(self, report: Report) -> None:
        for addr in sorted(recipient_addresses(report)):
            local, _, _ = addr.partition("@")
            self._token("addr", addr)
            if len(local) >= 3:
                self._token("local", local)
        self._pattern = None

    def _compiled(self) -> re.Pattern[str] | None:
        """Addresses and local parts: whole words, not parts of longer addresses."""
        if self._pattern is None:
            words = sorted(
                {k.partition(":")[2] for k in self._tokens if not k.startswith("domain:")},
                key=len,
                reverse=True,
            )
            if not words:
                return None
            alternatives = "|".join(re.escape(w) for w in words)
            self._pattern = re.compile(
                rf"(?<![A-Za-z0-9._%+-])({alternatives})(?![A-Za-z0-9-])", re.IGNORECASE
            )
        return self._pattern

    def _domain_pattern(self) -> re.Pattern[str] | None:
        """Chosen domains, including their subdomains (mx.client.example)."""
        if not self._domains:
            return None
        alternatives = "|".join(re.escape(d) for d in sorted(self._domains, key=len, reverse=True))
        return re.compile(rf"(?<![A-Za-z0-9-])({alternatives})(?![A-Za-z0-9-])", re.IGNORECASE)

    def text(self, value: str) -> str:
        pattern = self._compiled()
        if pattern is not None:

            def replace(match: re.Match[str]) -> str:
                word = match.group(1).lower()
                return self._tokens.get(f"addr:{word}") or self._tokens[f"local:{word}"]

            value = pattern.sub(replace, value)
        domains = self._domain_pattern()
        if domains is not None:
            value = domains.sub(lambda m: self._token("domain", m.group(1)), value)
        return value

    def report(self, report: Report) -> Report:
        return _walk(report, self.text)


def _walk(value: T, fn: object) -> T:
    assert callable(fn)
    if isinstance(value, Enum | datetime | bool | int | float) or value is None:
        return value
    if isinstance(value, str):
        result: object = fn(value)
    elif isinstance(value, bytes):
        result = fn(value.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
    elif isinstance(value, tuple):
        result = tuple(_walk(v, fn) for v in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name), fn) for f in dataclasses.fields(value)}
        result = dataclasses.replace(value, **changes)
    else:
        return value
    return result  # type: ignore[return-value]


def redact_reports(reports: list[Report], domains: Iterable[str] = ()) -> list[Report]:
    redactor = Redactor(domains)
    for r in reports:
        redactor.learn(r)
    return [redactor.report(r) for r in reports]
