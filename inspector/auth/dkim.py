"""DKIM verification (RFC 6376, RFC 8463 ed25519, RFC 8301 key sizes) on top of dkimpy.

dkimpy does the cryptography and canonicalization. Around it we add what a reader needs
and dkimpy does not say:

- why a signature failed: dkimpy returns ``False`` alike for a bad signature, a missing key,
  an unparsable key and a DNS timeout; the key lookup is recorded by
  ``inspector.auth.dnsfunc`` and the key judged in ``inspector.auth.dkim_key``, so
  permerror and temperror are told apart from fail, and the body hash is compared here
  so "body changed" is told apart from "header signature mismatch";
- the time: dkimpy checks ``t=``/``x=`` against the current clock, which makes every old
  message look expired. We verify with those two tags withheld from dkimpy's field check
  (they are still hashed, since the header itself is what is signed) and judge expiry as of
  the time the message was received;
- coverage: which important headers are unsigned, not over-signed, or present more often
  than ``h=`` covers (``inspector.auth.dkim_tags``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import dkim
from dkim.canonicalization import CanonicalizationPolicy, InvalidCanonicalizationPolicyError

from inspector.auth.dkim_key import MIN_KEY_BITS, judge_key, skipped_offline, with_key
from inspector.auth.dkim_message import DkimMessage
from inspector.auth.dkim_tags import SignatureTags, header_coverage, parse_signature
from inspector.auth.dnsfunc import RecordingDnsFunc
from inspector.model.auth import DkimResult
from inspector.model.codes import AuthStatus, DkimFailure
from inspector.model.message import ParsedMessage
from inspector.model.replaced import replaced
from inspector.net.lookup import DnsLookup

#: Signatures verified per message; the rest are reported as skipped (hostile messages
#: carry thousands, and each costs a DNS lookup and an RSA operation).
MAX_VERIFIED = 10
#: dkimpy finds each name of h= by scanning the header fields from the bottom, so one
#: signature costs (names in h=) x (header fields); hostile messages inflate both. Real
#: signatures name a few dozen fields and real messages carry a few hundred.
MAX_SIGNED_HEADERS = 200
MAX_HEADER_FIELDS = 2000
_HEADER_SHOWN = 4096
_HASHES = {"rsa-sha1": hashlib.sha1, "rsa-sha256": hashlib.sha256, "ed25519-sha256": hashlib.sha256}


def verify_dkim(
    message: ParsedMessage, dns: DnsLookup, *, as_of: datetime | None = None
) -> tuple[DkimResult, ...]:
    """Verify every DKIM-Signature of the message separately, topmost first. Never raises."""
    try:
        return _verify_all(message, dns, as_of)
    except Exception as exc:  # hostile input must never raise
        count = len(message.get_all("DKIM-Signature"))
        reason = f"could not verify: internal error {exc!r}"
        return (DkimResult(AuthStatus.PERMERROR, reason, failure=DkimFailure.MALFORMED),) * count


def _verify_all(
    message: ParsedMessage, dns: DnsLookup, as_of: datetime | None
) -> tuple[DkimResult, ...]:
    if not message.get_all("DKIM-Signature"):
        return ()  # nothing to verify: spare dkimpy's parse of the whole message
    try:
        split = DkimMessage(message.raw)
    except dkim.DKIMException as exc:
        reason = f"message could not be parsed for DKIM: {exc}"[:300]
        return tuple(
            DkimResult(
                AuthStatus.PERMERROR,
                reason,
                header=h.value[:_HEADER_SHOWN],
                failure=DkimFailure.MALFORMED,
            )
            for h in message.get_all("DKIM-Signature")
        )
    sigheaders = split.signatures
    present = Counter(split.names)  # each name's count, for every signature's coverage
    recorder = RecordingDnsFunc(dns)
    if as_of is not None and as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)  # a naive receipt time is taken as UTC
    when = as_of.astimezone(UTC) if as_of else datetime.now(UTC)
    when_text = (
        f"{when:%Y-%m-%d %H:%M:%S %Z} when the message was received"
        if as_of
        else f"{when:%Y-%m-%d %H:%M:%S %Z} (time of receipt unknown, so now)"
    )
    results: list[DkimResult] = []
    bodies: dict[str, bytes] = {}
    for header in sigheaders[:MAX_VERIFIED]:
        checker = _Checker(
            split,
            header,
            recorder,
            offline=dns.offline,
            headers_only=message.headers_only,
            bodies=bodies,
        )
        result = checker.run(present, when, when_text)
        results.append(result)
    extra = len(sigheaders) - MAX_VERIFIED
    if extra > 0:
        results.append(
            DkimResult(
                AuthStatus.SKIPPED,
                f"{extra} further DKIM-Signature header(s) not verified "
                f"(only the first {MAX_VERIFIED} are; this many signatures is itself suspicious)",
                failure=DkimFailure.CAPPED,
            )
        )
    return tuple(results)


class _Checker:
    """Verifies one signature; one object per signature keeps the steps readable."""

    def __init__(
        self,
        split: DkimMessage,
        header: tuple[bytes, bytes],
        recorder: RecordingDnsFunc,
        *,
        offline: bool,
        headers_only: bool,
        bodies: dict[str, bytes],
    ) -> None:
        self.split = split
        self.header = header
        self.recorder = recorder
        self.offline = offline
        self.headers_only = headers_only
        self.bodies = bodies

    def run(self, present: Mapping[str, int], when: datetime, when_text: str) -> DkimResult:
        name, value = self.header
        shown = (name + b":" + value).decode("utf-8", "replace").rstrip()[:_HEADER_SHOWN]
        parsed = parse_signature(value)
        if isinstance(parsed, str):
            return DkimResult(
                AuthStatus.PERMERROR,
                f"malformed signature: {parsed}",
                header=shown,
                failure=DkimFailure.MALFORMED,
            )
        cover = header_coverage(parsed.signed_headers, present)
        base = DkimResult(
            AuthStatus.NONE,
            domain=parsed.domain,
            selector=parsed.selector,
            algorithm=parsed.algorithm,
            canonicalization=parsed.canonicalization,
            identity=parsed.identity,
            signed_headers=parsed.signed_headers,
            timestamp=parsed.timestamp,
            expiration=parsed.expiration,
            verified_as_of=when,
            body_length=parsed.body_length,
            unsigned_important=cover.unsigned_important,
            not_oversigned=cover.not_oversigned,
            added_after_signing=cover.added_after_signing,
            header=shown,
        )
        problem = _structural_problem(parsed)
        if problem:
            return replace(
                base, result=AuthStatus.PERMERROR, reason=problem, failure=DkimFailure.MALFORMED
            )
        cut = verification_cut(len(parsed.signed_headers), len(self.split.names))
        if cut:
            return replace(base, result=AuthStatus.SKIPPED, reason=cut, failure=DkimFailure.CAPPED)
        try:
            policy = CanonicalizationPolicy.from_c_value(parsed.canonicalization.encode())
        except InvalidCanonicalizationPolicyError:
            return replace(
                base,
                result=AuthStatus.PERMERROR,
                failure=DkimFailure.MALFORMED,
                reason=f"invalid c= value {parsed.canonicalization!r}",
            )
        if parsed.body_length is not None:
            unsigned = max(len(self._canonical_body(policy)) - parsed.body_length, 0)
            base = replaced(base, unsigned_body_bytes=unsigned)
        if self.offline:
            return skipped_offline(base)  # no hash is compared offline: the body is not read
        body_ok = self._body_hash(policy, parsed)
        verified, error = self._crypto()
        lookup = self.recorder.lookup_for(parsed.selector or "", parsed.domain or "")
        judged = judge_key(base, parsed, lookup, error)
        if judged is not None:
            return judged
        return _final(
            with_key(base, lookup),
            parsed,
            verified=verified,
            body_ok=body_ok,
            headers_only=self.headers_only,
            error=error,
            when=when,
            when_text=when_text,
        )

    def _canonical_body(self, policy: CanonicalizationPolicy) -> bytes:
        """The body canonicalized once per c= value, not per signature."""
        key = policy.to_c_value().decode("ascii", "replace")
        if key not in self.bodies:
            self.bodies[key] = policy.canonicalize_body(self.split.body)
        return self.bodies[key]

    def _body_hash(self, policy: CanonicalizationPolicy, parsed: SignatureTags) -> bool:
        """Whether the body hash matches (the canonical body cut at l=)."""
        body = self._canonical_body(policy)
        if parsed.body_length is not None:
            body = body[: parsed.body_length]
        hasher = _HASHES.get(parsed.algorithm or "", hashlib.sha256)
        try:
            expected = base64.b64decode(re.sub(r"\s+", "", parsed.tags.get("bh", "")))
        except (binascii.Error, ValueError):
            return False
        return hasher(body).digest() == expected

    def _crypto(self) -> tuple[bool, str]:
        """Run dkimpy's verification with t=/x= withheld from its clock checks."""
        raw = dkim.util.parse_tag_value(self.header[1])
        sig = {k: v for k, v in raw.items() if k not in (b"t", b"x")}
        if self.headers_only:
            sig.pop(b"bh", None)  # body unavailable: verify the header signature alone
        include = [x.lower() for x in re.split(rb"\s*:\s*", sig[b"h"])]
        signer = dkim.DKIM(minkey=MIN_KEY_BITS)  # made here: offline, none is needed
        signer.headers = self.split.headers
        signer.body = self.split.body
        try:
            return bool(signer.verify_sig(sig, include, self.header, self.recorder)), ""
        except dkim.DKIMException as exc:
            return False, str(exc)[:300]
        except Exception as exc:  # hostile input must never raise
            return False, f"verification error: {exc!r}"[:300]


def verification_cut(signed_names: int, header_fields: int) -> str:
    """Why a signature (DKIM or ARC) is not handed to dkimpy, or "" when it is within the
    limits."""
    parts = []
    if signed_names > MAX_SIGNED_HEADERS:
        parts.append(
            f"h= names {signed_names:,} header fields (at most {MAX_SIGNED_HEADERS} are "
            "verified; real signatures name a few dozen)"
        )
    if header_fields > MAX_HEADER_FIELDS:
        parts.append(
            f"the message has {header_fields:,} header fields (at most {MAX_HEADER_FIELDS:,} "
            "are verified; the cost grows with their number)"
        )
    return "not verified: " + " and ".join(parts) if parts else ""


def _structural_problem(parsed: SignatureTags) -> str:
    """dkimpy's own field checks, minus its clock, plus our own t=/x= syntax checks."""
    raw = {
        k.encode("utf-8", "replace"): v.encode("utf-8", "replace")
        for k, v in parsed.tags.items()
        if k not in ("t", "x")
    }
    try:
        dkim.validate_signature_fields(raw)
    except dkim.DKIMException as exc:
        text = str(exc)
        if text.startswith("unknown signature algorithm"):
            return f"unknown algorithm a={parsed.algorithm}"
        return f"malformed signature: {text[:200]}"
    t, x = parsed.tags.get("t"), parsed.tags.get("x")
    if t is not None and not t.isdigit():
        return f"malformed signature: t= is not a number ({t[:40]})"
    if x is not None and not x.isdigit():
        return f"malformed signature: x= is not a number ({x[:40]})"
    if t and x and len(t) < 20 and len(x) < 20 and int(x) < int(t):
        return f"malformed signature: x= ({x}) is earlier than t= ({t})"
    return ""


def _final(
    base: DkimResult,
    parsed: SignatureTags,
    *,
    verified: bool,
    body_ok: bool,
    headers_only: bool,
    error: str,
    when: datetime,
    when_text: str,
) -> DkimResult:
    notes: list[str] = []
    expired = parsed.expiration is not None and parsed.expiration < when
    if parsed.expiration is not None:
        state = "expired" if expired else "not expired"
        notes.append(
            f"x= {parsed.expiration:%Y-%m-%d %H:%M:%S %Z}: {state}; expiry judged as of {when_text}"
        )
    if parsed.timestamp is not None and (parsed.timestamp - when).total_seconds() > 36000:
        notes.append("t= lies in the future of the receipt time (signer clock wrong?)")
    if base.unsigned_body_bytes:
        notes.append(f"l= leaves {base.unsigned_body_bytes} body bytes unsigned")
    if "t=y" in (base.key_record or "").replace(" ", ""):
        notes.append("key is in testing mode (t=y)")
    tail = ("; " + "; ".join(notes)) if notes else ""
    if not verified:
        if headers_only:
            reason, failure = (
                "header signature mismatch (body not available)",
                DkimFailure.SIGNATURE,
            )
        elif not body_ok:
            reason, failure = (
                "body hash mismatch: the body was changed after signing",
                DkimFailure.BODY_HASH,
            )
        else:
            reason, failure = (
                "header signature mismatch: a signed header was changed after signing "
                "(or the published key does not match the signing key)",
                DkimFailure.SIGNATURE,
            )
        if error and "body hash" not in error and "digest" in error:
            reason += f" ({error})"
        return replace(base, result=AuthStatus.FAIL, reason=reason + tail, failure=failure)
    if expired:
        return replace(
            base,
            result=AuthStatus.FAIL,
            failure=DkimFailure.EXPIRED,
            reason="signature expired (valid otherwise)" + tail,
        )
    if headers_only:
        return replace(
            base,
            result=AuthStatus.NEUTRAL,
            failure=DkimFailure.NONE,
            reason="header signature valid; body not available, body hash not checked" + tail,
        )
    return replace(base, result=AuthStatus.PASS, reason="signature verified" + tail)
