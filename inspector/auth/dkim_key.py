"""Judging a DKIM key record: the cases where the key, not the signature, decides.

dkimpy reads a key and gives up with a bare ``False`` when it cannot; here each reason
(no record, revoked, malformed, wrong type, hash or service restrictions, strict identity
flag, too short) becomes a permerror or temperror with its own text, per RFC 6376 3.6.1
and RFC 8301.
"""

from __future__ import annotations

from dataclasses import replace

import dkim

from inspector.auth.dkim_tags import SignatureTags
from inspector.auth.dnsfunc import KeyLookup
from inspector.model.auth import DkimKeyType, DkimResult
from inspector.model.codes import AuthStatus, DkimFailure, DnsStatus
from inspector.model.replaced import replaced
from inspector.net.lookup import OFFLINE_REASON

MIN_KEY_BITS = 1024  # RFC 8301 3.2: smaller RSA keys MUST NOT be accepted
_KEY_FOR_ALG = {
    "rsa-sha1": DkimKeyType.RSA,
    "rsa-sha256": DkimKeyType.RSA,
    "ed25519-sha256": DkimKeyType.ED25519,
}


def _key_type(text: str) -> DkimKeyType | None:
    try:
        return DkimKeyType(text.lower())
    except ValueError:
        return None


def with_key(base: DkimResult, lookup: KeyLookup | None) -> DkimResult:
    """Add the key record, its size and type when the key can be read."""
    if lookup is None or lookup.chosen is None:
        return base
    try:
        _, bits, ktag, _ = dkim.evaluate_pk(lookup.name, lookup.chosen)
    except Exception:  # hostile input must never raise; judged in _judge_key
        return replace(base, key_record=lookup.chosen)
    ktype = _key_type(ktag.decode() if isinstance(ktag, bytes) else str(ktag))
    return replace(base, key_record=lookup.chosen, key_bits=bits, key_type=ktype)


def _key_tags(record: str) -> dict[str, str]:
    try:
        raw = dkim.util.parse_tag_value(record.encode("utf-8", "replace"))
    except dkim.util.InvalidTagValueList:
        return {}
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in raw.items()}


def skipped_offline(base: DkimResult) -> DkimResult:
    """Offline, the signature is read but never verified: nothing was asked."""
    # a copy of the field dict: one per signature of every message read offline
    return replaced(
        base, result=AuthStatus.SKIPPED, reason=OFFLINE_REASON, failure=DkimFailure.OFFLINE
    )


def judge_key(
    base: DkimResult, parsed: SignatureTags, lookup: KeyLookup | None, error: str
) -> DkimResult | None:
    """A result when the key (not the signature) decides it: permerror or temperror."""
    where = f"{parsed.selector}._domainkey.{parsed.domain}"
    if lookup is None:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.MALFORMED,
            reason=f"not verified: {error or 'key was never looked up'}",
        )
    if lookup.offline:
        return skipped_offline(base)
    if lookup.status is DnsStatus.NOT_IN_REPLAY:
        return replace(
            base,
            result=AuthStatus.SKIPPED,
            failure=DkimFailure.OFFLINE,
            reason=f"not checked (the key {where} is not in the replayed DNS snapshot)",
        )
    if lookup.temporary:
        return replace(
            base,
            result=AuthStatus.TEMPERROR,
            failure=DkimFailure.DNS,
            reason=f"key lookup for {where} failed temporarily ({lookup.status.value})",
        )
    if lookup.chosen is None:
        what = (
            "does not exist (NXDOMAIN)"
            if lookup.status is DnsStatus.NXDOMAIN
            else ("has no DKIM key record")
        )
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.NO_KEY,
            reason=f"no key: {where} {what}",
        )
    record = lookup.chosen
    base = with_key(base, lookup)
    tags = _key_tags(record)
    if not tags:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.BAD_KEY,
            reason=f"malformed key record at {where}",
        )
    if "p" in tags and not tags["p"].strip():
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.REVOKED,
            reason=f"key revoked: {where} publishes an empty p=",
        )
    ktype = _key_type(tags.get("k", "rsa"))
    if ktype is None:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.BAD_KEY,
            reason=f"unknown key type k={tags['k'].lower()} at {where}",
        )
    service = tags.get("s", "*").lower()
    if not {"*", "email"} & {x.strip() for x in service.split(":")}:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.BAD_KEY,
            reason=f"key at {where} is not for e-mail (s={service})",
        )
    try:
        dkim.evaluate_pk(lookup.name, record)
    except Exception as exc:  # hostile input must never raise
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.BAD_KEY,
            reason=f"unusable key at {where}: {str(exc)[:160]}",
        )
    wanted = _KEY_FOR_ALG.get(parsed.algorithm or "")
    if wanted and wanted is not ktype:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.KEY_MISMATCH,
            reason=f"a={parsed.algorithm} signature but the key at {where} is k={ktype}",
        )
    hashes = tags.get("h")
    alg_hash = (parsed.algorithm or "").rpartition("-")[2]
    if hashes and alg_hash not in [h.strip().lower() for h in hashes.split(":")]:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.KEY_MISMATCH,
            reason=f"key at {where} allows only h={hashes}, signature uses {alg_hash}",
        )
    flags = {f.strip().lower() for f in tags.get("t", "").split(":")}
    ident_domain = (parsed.identity or "").rpartition("@")[2].lower().rstrip(".")
    if "s" in flags and parsed.identity and ident_domain != parsed.domain:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.KEY_MISMATCH,
            reason=f"key at {where} is strict (t=s) but i= domain {ident_domain} is not d=",
        )
    if ktype is DkimKeyType.RSA and base.key_bits is not None and base.key_bits < MIN_KEY_BITS:
        return replace(
            base,
            result=AuthStatus.PERMERROR,
            failure=DkimFailure.KEY_TOO_SMALL,
            reason=f"RSA key of {base.key_bits} bits at {where} is below the "
            f"{MIN_KEY_BITS}-bit minimum of RFC 8301",
        )
    return None
