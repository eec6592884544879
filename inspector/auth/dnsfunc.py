"""The bridge from our per-message DNS session to dkimpy's ``dnsfunc`` callback.

dkimpy 1.1.x turns a missing key, an unparsable key and a DNS timeout into the same bare
``False`` it returns for a bad signature. The only place where those cases still differ is
the key lookup itself, so this bridge answers dkimpy's question through our ``DnsLookup``
and records what the DNS said. The verifier then reads the record to tell permerror
(no key) and temperror (timeout, SERVFAIL) apart from a real signature failure.
"""

from __future__ import annotations

from dataclasses import dataclass

import dkim

from inspector.model.codes import DnsStatus
from inspector.net.lookup import DnsLookup

#: A key record longer than this is not a DKIM key (RSA 8192 is ~1.4 kB of base64).
MAX_KEY_RECORD = 8192


@dataclass(frozen=True)
class KeyLookup:
    """What the DNS said when dkimpy asked for a key: the chosen record, if any."""

    name: str
    status: DnsStatus
    records: tuple[str, ...] = ()
    chosen: str | None = None

    @property
    def temporary(self) -> bool:
        return self.status.temporary

    @property
    def offline(self) -> bool:
        return self.status is DnsStatus.OFFLINE


def choose_key_record(records: tuple[str, ...]) -> str | None:
    """Pick the DKIM key among a name's TXT records: the first that looks like one.

    RFC 6376 3.6.2.2 leaves several records undefined; a name often carries an unrelated
    TXT (verification tokens), so prefer one with ``v=DKIM1`` or a ``p=`` tag."""
    usable = [r for r in records if len(r) <= MAX_KEY_RECORD]
    for record in usable:
        if record.lstrip().startswith("v=DKIM1"):
            return record
    for record in usable:
        if "p=" in record:
            return record
    return usable[0] if usable else None


class RecordingDnsFunc:
    """Callable with dkimpy's ``dnsfunc(name, timeout=...)`` signature that keeps a log."""

    def __init__(self, dns: DnsLookup) -> None:
        self._dns = dns
        self.lookups: dict[str, KeyLookup] = {}

    def __call__(self, name: bytes | str, timeout: float = 5) -> bytes | None:
        del timeout  # the session owns time limits
        text = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
        key = text.rstrip(".").lower()
        if key in self.lookups:
            found = self.lookups[key]
        else:
            found = self._ask(key)
            self.lookups[key] = found
        if found.temporary or found.offline:
            raise dkim.DnsTimeoutError(f"{found.status.value} for {key}")
        if found.chosen is None:
            return None
        return found.chosen.encode("utf-8", "replace")

    def lookup_for(self, selector: str, domain: str) -> KeyLookup | None:
        return self.lookups.get(f"{selector}._domainkey.{domain}".rstrip(".").lower())

    def _ask(self, key: str) -> KeyLookup:
        try:
            answer = self._dns.query(key, "TXT")
        except Exception as exc:
            return KeyLookup(key, DnsStatus.ERROR, (f"resolver error: {exc!r}",))
        if not answer.ok:
            return KeyLookup(key, answer.status, answer.records)
        return KeyLookup(key, answer.status, answer.records, choose_key_record(answer.records))
