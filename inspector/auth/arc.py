"""ARC chain validation (RFC 8617) with dkimpy, plus who sealed each instance.

dkimpy validates the chain and reports per instance whether the ARC-Message-Signature and
the ARC-Seal verify. We add: the key lookups (through ``inspector.auth.dnsfunc``) so that a
DNS timeout reads as temperror rather than a broken chain; the instances still listed when
validation stopped early; and the Received hop of each sealer, matched by the seal's d=
against the receiving host of each hop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import dkim

from inspector.auth.dkim import verification_cut
from inspector.auth.dnsfunc import RecordingDnsFunc
from inspector.auth.results import org_domain, received_positions
from inspector.model.auth import ArcInstance, ArcResult
from inspector.model.codes import AuthStatus, DnsStatus
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop
from inspector.net.lookup import OFFLINE_REASON, DnsLookup

MAX_INSTANCES = 50  # RFC 8617 4.2.1: i= is 1..50
_ARC_NAMES = ("arc-seal", "arc-message-signature", "arc-authentication-results")
_INSTANCE = re.compile(r"(?:^|[\s;])i\s*=\s*(\d{1,6})", re.IGNORECASE)
#: Operators that seal under one domain and receive under others.
_SEALER_FAMILIES = {
    "microsoft.com": {"microsoft.com", "outlook.com", "office365.com", "hotmail.com"},
    "google.com": {"google.com", "gmail.com", "googlemail.com"},
    "yahoo.com": {"yahoo.com", "yahoo.net", "yahoodns.net", "aol.com"},
}
_TAG = re.compile(r"(?:^|;)\s*([a-z]+)\s*=\s*([^;]*)", re.IGNORECASE)


def verify_arc(message: ParsedMessage, dns: DnsLookup, hops: Sequence[Hop] = ()) -> ArcResult:
    """Validate the ARC chain. ``result`` is pass, fail or none (no ARC headers); skipped
    offline; temperror when a key lookup failed temporarily. Never raises."""
    try:
        return _verify(message, dns, hops)
    except Exception as exc:  # hostile input must never raise
        return ArcResult(AuthStatus.FAIL, f"could not validate the ARC chain: {exc!r}"[:300])


def _verify(message: ParsedMessage, dns: DnsLookup, hops: Sequence[Hop]) -> ArcResult:
    sets = _arc_sets(message)
    if not sets:
        return ArcResult(AuthStatus.NONE, "no ARC headers")
    listed = _listed_instances(message, sets, hops)
    if dns.offline:
        return ArcResult(AuthStatus.SKIPPED, OFFLINE_REASON, listed)
    if max(sets) > MAX_INSTANCES or len(message.get_all("ARC-Seal")) > MAX_INSTANCES:
        return ArcResult(
            AuthStatus.FAIL, f"more than {MAX_INSTANCES} ARC sets (RFC 8617 limit)", listed
        )
    signed = max((len(_tags(v).get("h", "").split(":")) for v in _signatures(sets)), default=0)
    cut = verification_cut(signed, len(message.headers))
    if cut:
        return ArcResult(AuthStatus.SKIPPED, cut.replace("h= names", "an ARC h= names"), listed)
    recorder = RecordingDnsFunc(dns)
    try:
        validator = dkim.ARC(message.raw, minkey=1024)
        cv, data, reason = validator.verify(dnsfunc=recorder)
    except dkim.DKIMException as exc:
        return ArcResult(AuthStatus.FAIL, f"ARC headers malformed: {exc}"[:300], listed)
    instances = _merge(listed, data, recorder)
    offline = [k for k in recorder.lookups.values() if k.offline]
    temporary = [k for k in recorder.lookups.values() if k.temporary]
    if cv == dkim.CV_Pass:
        return ArcResult(AuthStatus.PASS, "chain validated", instances)
    if offline:
        return ArcResult(AuthStatus.SKIPPED, OFFLINE_REASON, instances)
    if any(k.status is DnsStatus.NOT_IN_REPLAY for k in temporary):
        return ArcResult(
            AuthStatus.SKIPPED, "not checked (a key is not in the replayed DNS snapshot)", instances
        )
    if temporary:
        names = ", ".join(f"{k.name} ({k.status.value})" for k in temporary)
        return ArcResult(AuthStatus.TEMPERROR, f"key lookup failed temporarily: {names}", instances)
    text = reason if isinstance(reason, str) else str(reason)
    if cv == dkim.CV_None and not data:
        return ArcResult(
            AuthStatus.FAIL,
            "ARC headers present but none carries a valid instance number i= (RFC 8617 4.2.1)",
            instances,
        )
    missing = [
        k.name
        for k in recorder.lookups.values()
        if k.chosen is None and k.status in (DnsStatus.NXDOMAIN, DnsStatus.NODATA, DnsStatus.ANSWER)
    ]
    if missing:
        text += f" (no key published at {', '.join(missing)})"
    # cv None from dkimpy: a seal itself says cv=fail, the chain ended there (RFC 8617 5.2).
    return ArcResult(AuthStatus.FAIL, text[:500], instances)


def _arc_sets(message: ParsedMessage) -> dict[int, dict[str, str]]:
    """instance -> {header name: value} from the message's ARC headers (first one kept)."""
    sets: dict[int, dict[str, str]] = {}
    for pos in message.positions(*_ARC_NAMES):
        header = message.headers[pos]
        name = header.name.lower()
        found = _INSTANCE.search(" " + header.value[:4096])
        number = int(found.group(1)) if found else 0
        sets.setdefault(number, {}).setdefault(name, header.value)
        if len(sets) > MAX_INSTANCES + 5:
            break
    return sets


def _signatures(sets: dict[int, dict[str, str]]) -> list[str]:
    return [v for fields in sets.values() for k, v in fields.items() if k == _ARC_NAMES[1]]


def _tags(value: str) -> dict[str, str]:
    flat = " ".join(value.split())
    return {k.lower(): v.strip() for k, v in _TAG.findall(flat)}


def _listed_instances(
    message: ParsedMessage, sets: dict[int, dict[str, str]], hops: Sequence[Hop]
) -> tuple[ArcInstance, ...]:
    """What the headers claim, before any verification; newest instance first."""
    positions = received_positions(message, hops)
    seal_pos: dict[int, int] = {}
    for pos in message.positions("arc-seal"):
        found = _INSTANCE.search(" " + message.headers[pos].value[:4096])
        if found:
            seal_pos.setdefault(int(found.group(1)), pos)
    out = []
    for number in sorted(sets, reverse=True)[: MAX_INSTANCES + 1]:
        seal = _tags(sets[number].get("arc-seal", ""))
        ams = _tags(sets[number].get("arc-message-signature", ""))
        domain = (seal.get("d") or ams.get("d") or "").lower() or None
        out.append(
            ArcInstance(
                instance=number,
                domain=domain,
                selector=seal.get("s") or ams.get("s") or None,
                cv=seal.get("cv", "").lower() or None,
                authentication_results=" ".join(
                    sets[number].get("arc-authentication-results", "").split()
                )[:4096],
                hop_index=_sealer_hop(domain, seal_pos.get(number), hops, positions),
                ams_domain=(ams.get("d") or "").lower() or None,
            )
        )
    return tuple(out)


def _sealer_hop(
    domain: str | None, seal_pos: int | None, hops: Sequence[Hop], positions: dict[int, int]
) -> int | None:
    """The hop received by the sealer's host: its by-host shares the seal's d= domain;
    among several, the one whose Received header lies nearest below the seal."""
    if not domain:
        return None
    orgs = _SEALER_FAMILIES.get(org_domain(domain), {org_domain(domain)})
    matching = [h for h in hops if h.by and org_domain(h.by) in orgs]
    if not matching:
        return None
    if seal_pos is not None:
        below = [
            (positions[h.index], h.index)
            for h in matching
            if h.index in positions and positions[h.index] > seal_pos
        ]
        if below:
            return min(below)[1]
    return max(matching, key=lambda h: h.index).index


def _status(
    valid: Any, domain: str | None, selector: str | None, recorder: RecordingDnsFunc
) -> AuthStatus:
    if valid:
        return AuthStatus.PASS
    lookup = recorder.lookup_for(selector or "", domain or "")
    if lookup is not None:
        if lookup.temporary:
            return AuthStatus.TEMPERROR
        if lookup.chosen is None:
            return AuthStatus.PERMERROR
    return AuthStatus.FAIL


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _merge(
    listed: tuple[ArcInstance, ...], data: list[dict[str, Any]], recorder: RecordingDnsFunc
) -> tuple[ArcInstance, ...]:
    """Fill in dkimpy's verdicts; instances it never reached keep result none."""
    verdicts = {int(d.get("instance", 0)): d for d in data}
    out = []
    for inst in listed:
        found = verdicts.get(inst.instance)
        if found is None:
            out.append(replace(inst, reason="not reached by validation"))
            continue
        ams_d, ams_s = _text(found.get("ams-domain")), _text(found.get("ams-selector"))
        as_d, as_s = _text(found.get("as-domain")), _text(found.get("as-selector"))
        ams = _status(found.get("ams-valid"), ams_d, ams_s, recorder)
        seal = _status(found.get("as-valid"), as_d, as_s, recorder)
        notes = []
        if ams is not AuthStatus.PASS:
            notes.append(f"message signature {ams.value}")
        if seal is not AuthStatus.PASS:
            notes.append(f"seal {seal.value}")
        out.append(
            replace(
                inst,
                ams_result=ams,
                as_result=seal,
                cv=_text(found.get("cv")) or inst.cv,
                reason="; ".join(notes) or "seal and message signature verified",
            )
        )
    return tuple(out)
