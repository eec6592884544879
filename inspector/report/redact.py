"""Redaction for sharing a report: the recipients' addresses, in every form a message can
carry them (``inspector.report.redact_forms``), their display names and chosen domains are
replaced everywhere in a Report (headers raw and decoded, hops, links, evidence, DNS log...).

The same recipient always gets the same tokens (``recipient1@redacted.invalid``,
``recipient1``, ``Recipient 1``), so a reader can still follow one recipient through the
report. Works on the Report value itself, so every output format (PDF, HTML, JSON) is redacted
alike. When in doubt it redacts: a longer address that contains the recipient's
(``xalice@client.example``) loses that part too, which costs a reader little and never leaks.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import getaddresses
from enum import Enum
from typing import TypeVar

from inspector.model.report import Report
from inspector.report.redact_forms import SecretKind, secret_patterns, split_address
from inspector.report.redact_index import AnchorIndex, unbroken

T = TypeVar("T")

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
        "resent-to",
        "resent-cc",
    }
)
_REMEMBERED = 20_000  # redacted strings kept for reuse, each short: 40 MB at the very most
_REMEMBERED_LENGTH = 1_000
_TYPED_ADDRESS = re.compile(r"^\s*[A-Za-z0-9-]+\s*;\s*", re.ASCII)  # "rfc822; user@host"


def _mailboxes(value: str) -> list[tuple[str, str]]:
    """``(display name, address)`` pairs in a header value; addresses need a local part and
    a domain (quoted, international and ``[IP]`` forms included)."""
    value = _TYPED_ADDRESS.sub("", value)
    pairs = []
    for name, address in getaddresses([value]):
        local, domain = split_address(address)
        if local and domain and not any(c.isspace() for c in domain):
            pairs.append((name.strip(), address.strip()))
    return pairs


@dataclass
class Recipient:
    """One recipient: the display name given (may be empty) and each spelling seen, since
    an encoded form (base64, a digest) keeps the case it was written in."""

    name: str = ""
    spellings: set[str] = field(default_factory=set)


def recipients(report: Report) -> dict[str, Recipient]:
    """Lower-cased address -> Recipient, for every recipient the headers, the hops' ``for``
    clauses and a bounce record name."""
    found: dict[str, Recipient] = {}

    def add(value: str | None) -> None:
        for name, address in _mailboxes(value or ""):
            recipient = found.setdefault(address.lower(), Recipient())
            recipient.name = recipient.name or name
            recipient.spellings.add(address)

    for h in report.headers:
        if h.name.lower() in _RECIPIENT_HEADERS:
            add(h.value)
    for hop in report.hops:
        add(hop.for_)
    if report.bounce:
        for r in report.bounce.recipients:
            add(r.address)
    add(report.message.to)
    return found


def recipient_addresses(report: Report) -> set[str]:
    return set(recipients(report))


class Redactor:
    """Consistent replacement of recipients and chosen domains across many reports."""

    def __init__(self, domains: Iterable[str] = ()) -> None:
        self._numbers: dict[str, int] = {}
        self._learned: set[str] = set()
        self._index = AnchorIndex()
        self._forms: dict[tuple[int, bool], dict[str, tuple[SecretKind, str]]] = {}
        self._patterns: dict[tuple[int, bool], tuple[re.Pattern[str], list[str]]] = {}
        self._domain_tokens: dict[str, str] = {}
        self._domains = {d.lower().strip(".") for d in domains if d.strip(".")}
        self._done: dict[str, str] = {}

    def learn(self, report: Report) -> None:
        for address, recipient in sorted(recipients(report).items()):
            number = self._numbers.get(address)
            if number is None:
                number = self._numbers[address] = len(self._numbers) + 1
            new = {address, *recipient.spellings, recipient.name} - self._learned
            if not new:
                continue
            self._learned |= new
            for spelling in sorted(recipient.spellings | {address}):
                local, _ = split_address(spelling)
                for kind, text, pattern in secret_patterns(spelling, recipient.name):
                    encoded = kind is SecretKind.ENCODED  # base64: found decoded, by anchor
                    self._forms.setdefault((number, encoded), {}).setdefault(pattern, (kind, text))
                    if kind in (SecretKind.ADDRESS, SecretKind.VERP):
                        self._index.add(local, number)  # domains are shared by many
                    elif not encoded:
                        self._index.add(text, number)
                self._index.add_encoded(local, number)
            if recipient.name:
                self._index.add_encoded(recipient.name, number)
            self._patterns.pop((number, False), None)
            self._patterns.pop((number, True), None)
            self._done.clear()

    @staticmethod
    def _token(kind: SecretKind, number: int) -> str:
        match kind:
            case SecretKind.ADDRESS:
                return f"recipient{number}@redacted.invalid"
            case SecretKind.VERP:
                return f"recipient{number}=redacted.invalid"
            case SecretKind.LOCAL_PART:
                return f"recipient{number}"
            case SecretKind.DISPLAY_NAME:
                return f"Recipient {number}"
            case SecretKind.ENCODED | SecretKind.DIGEST:
                return f"redacted-recipient{number}"

    def _pattern(self, number: int, encoded: bool) -> tuple[re.Pattern[str], list[str]] | None:
        """One alternation of a recipient's written (or base64) forms, longest first, each in
        its own group; compiled only once some text needs it."""
        key = (number, encoded)
        if key not in self._patterns:
            forms = self._forms.get(key)
            if not forms:
                return None
            ordered = sorted(forms.items(), key=lambda i: len(i[1][1]), reverse=True)
            tokens = [self._token(kind, number) for _, (kind, _) in ordered]
            alternatives = "|".join(f"({pattern})" for pattern, _ in ordered)
            self._patterns[key] = (re.compile(alternatives, re.IGNORECASE), tokens)
        return self._patterns[key]

    def _domain_pattern(self) -> re.Pattern[str] | None:
        """Chosen domains, including their subdomains (mx.client.example)."""
        if not self._domains:
            return None
        alternatives = "|".join(re.escape(d) for d in sorted(self._domains, key=len, reverse=True))
        return re.compile(rf"(?<![A-Za-z0-9-])({alternatives})(?![A-Za-z0-9-])", re.IGNORECASE)

    def _domain_token(self, domain: str) -> str:
        key = domain.lower()
        if key not in self._domain_tokens:
            self._domain_tokens[key] = f"domain{len(self._domain_tokens) + 1}.invalid"
        return self._domain_tokens[key]

    def text(self, value: str) -> str:
        """``value`` redacted; results are remembered (bounded) because reports of one mailbox
        repeat most of their text (finding explanations, remedies, DNS answers)."""
        if len(value) > _REMEMBERED_LENGTH:  # whole documents and JSON lines: never repeated
            return self._redact(value)
        done = self._done.get(value)
        if done is None:
            done = self._redact(value)
            if len(self._done) >= _REMEMBERED:
                self._done.clear()
            self._done[value] = done
        return done

    def _redact(self, value: str) -> str:
        plain, encoded = self._index.candidates(value)
        if plain:
            value = unbroken(value)
        for number, is_encoded in sorted(
            {(n, False) for n in plain} | {(n, True) for n in encoded}
        ):
            compiled = self._pattern(number, is_encoded)
            if compiled is not None:
                value = compiled[0].sub(_replacer(compiled[1]), value)
        domains = self._domain_pattern()
        if domains is not None:
            value = domains.sub(lambda m: self._domain_token(m.group(1)), value)
        return value

    def report(self, report: Report) -> Report:
        return _walk(report, self.text)


def _replacer(tokens: list[str]) -> Callable[[re.Match[str]], str]:
    """The token of whichever form (group) matched."""
    return lambda match: tokens[(match.lastindex or 1) - 1]


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
