"""Microsoft 365 / Exchange Online Protection verdict headers.

X-Forefront-Antispam-Report, X-Microsoft-Antispam, X-Microsoft-Antispam-Mailbox-Delivery, the
X-MS-Exchange-Organization-* family and the ``compauth`` clause of Authentication-Results.
Codes and meanings live in ``data/microsoft_codes.json``; tags Microsoft does not document
are kept and labelled as such rather than guessed at.
"""

from __future__ import annotations

import dataclasses
import re

from inspector.model.codes import Folder, SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import (
    CompauthReason,
    CompauthResult,
    MicrosoftCodes,
    MsCategory,
    MsFilterVerdict,
    MsFolderReason,
    MsIpVerdict,
    Verdict,
    VerdictField,
)
from inspector.verdicts._common import (
    UNKNOWN,
    Decoder,
    as_int,
    make,
    scl_decision,
    split_tags,
    table_text,
    unfold,
    vf,
)

FILTER = "Microsoft 365"
_TABLE = "microsoft_codes.json"


#: (highest level, meaning) in rising order; a level above the last band gets ``top``.
Bands = tuple[tuple[int, str], ...]
_SCL_BANDS: Bands = (
    (-1, "filtering skipped (trusted sender, safe list, or internal mail)"),
    (1, "not spam"),
    (4, "not spam (rarely used level)"),
    (7, "spam (normally delivered to the Junk Email folder)"),
)
_BCL_BANDS: Bands = (
    (0, "not from a bulk sender"),
    (3, "bulk sender that draws few complaints"),
    (7, "bulk sender that draws a mixed number of complaints"),
)


def _banded(raw: str, bands: Bands, top: str, unreadable: str) -> str:
    n = as_int(raw)
    if n is None:
        return unreadable
    meaning = next((text for highest, text in bands if n <= highest), top)
    return f"{n}: {meaning}"


def scl_meaning(raw: str) -> str:
    return _banded(raw, _SCL_BANDS, "high confidence spam", "unreadable spam confidence level")


def bcl_meaning(raw: str) -> str:
    return _banded(
        raw, _BCL_BANDS, "bulk sender that draws many complaints", "unreadable bulk complaint level"
    )


def pcl_meaning(raw: str) -> str:
    n = as_int(raw)
    if n is None:
        return "unreadable phishing confidence level"
    return f"{n}: " + ("suspicious (likely phishing)" if n >= 4 else "probably not phishing")


def _coded(section: str, raw: str) -> str:
    parts = [p for p in re.split(r"[\s,]+", raw) if p]
    if not parts:
        return "empty"
    meanings = [
        table_text(_TABLE, section, p) or table_text(_TABLE, section, p.upper()) for p in parts
    ]
    return "; ".join(m or f"{p}: undocumented value" for p, m in zip(parts, meanings, strict=True))


def _tag_meaning(tag: str, raw: str) -> str:
    up = tag.upper()
    if up == "SCL":
        return scl_meaning(raw)
    if up == "BCL":
        return bcl_meaning(raw)
    if up == "PCL":
        return pcl_meaning(raw)
    if up in ("SFV", "CAT", "IPV", "EFV", "SRV", "DIR", "SFTY"):
        if not raw:
            return "empty"
        return _coded("IPV" if up == "EFV" else up, raw)
    described = table_text(_TABLE, "forefront_tags", up)
    return described if described else UNKNOWN


def _tag_fields(value: str) -> tuple[list[VerdictField], dict[str, str]]:
    fields: list[VerdictField] = []
    seen: dict[str, str] = {}
    for tag, raw in split_tags(unfold(value)):
        fields.append(vf(tag, raw, _tag_meaning(tag, raw)))
        seen.setdefault(tag.upper(), raw)
    return fields, seen


def read_codes(seen: dict[str, str]) -> MicrosoftCodes:
    """The coded tags of one header, from its first value of each tag (keys upper-case)."""
    return MicrosoftCodes(
        sfv=MsFilterVerdict.read(seen.get("SFV", "")),
        cat=MsCategory.read(seen.get("CAT", "")),
        ipv=MsIpVerdict.read(seen.get("IPV", "")),
        srv_bulk=seen.get("SRV", "").strip().upper() == "BULK",
        folder_reason=MsFolderReason.read(seen.get("OFR", "")),
    )


#: Categories the decision sentence leaves out: no policy, or the spam level it already says.
_PLAIN_CATEGORIES = (MsCategory.NONE, MsCategory.SPM, MsCategory.BULK)


def _forefront_decision(seen: dict[str, str], codes: MicrosoftCodes) -> str:
    scl = as_int(seen.get("SCL", ""))
    sfv, cat = codes.sfv, codes.cat
    cat_text = seen.get("CAT", "").upper()
    bulk = codes.srv_bulk or cat is MsCategory.BULK
    parts: list[str] = []
    if sfv is MsFilterVerdict.SKA or codes.ipv is MsIpVerdict.CAL:
        parts.append("Exchange Online skipped spam filtering for an allow-listed sender")
    elif sfv is not None and sfv.blocked:
        parts.append("Exchange Online blocked it because the sender is on a block list")
    elif (scl is not None and scl >= 5) or (sfv is not None and sfv.marked_spam):
        kind = "high confidence spam" if scl is not None and scl >= 8 else "spam"
        if bulk:
            kind = "bulk mail" if not cat_text or cat is MsCategory.BULK else kind
        parts.append(f"Exchange Online filtered it as {kind}")
    elif scl is not None and scl < 0:
        parts.append("Exchange Online skipped spam filtering (trusted or internal)")
    elif scl is not None or sfv is MsFilterVerdict.NSPM:
        parts.append("Exchange Online judged it not spam")
    else:
        parts.append("Exchange Online left its anti-spam report")
    if scl is not None:
        parts.append(f"SCL {scl}")
    if cat_text and cat not in _PLAIN_CATEGORIES:
        name = table_text(_TABLE, "CAT", cat_text) or cat_text
        parts.append(f"category {cat_text} ({name})")
    return ", ".join(parts)


def forefront_outcome(seen: dict[str, str], codes: MicrosoftCodes) -> SpamDecision:
    """The spam decision of one X-Forefront-Antispam-Report, from SFV, SCL, CAT and SRV."""
    sfv, cat = codes.sfv, codes.cat
    scl = as_int(seen.get("SCL", ""))
    if cat is not None and cat.is_threat:
        return SpamDecision.MALWARE if cat is MsCategory.MALW else SpamDecision.PHISH
    if sfv is not None and sfv.blocked:
        return SpamDecision.BLOCKED
    if (sfv is not None and sfv.allowed) or codes.ipv is MsIpVerdict.CAL:
        return SpamDecision.ALLOWED
    bulk = codes.srv_bulk or cat is MsCategory.BULK or sfv is MsFilterVerdict.BULK
    if bulk and (scl is None or scl < 8):
        if (scl or 0) >= 5 or sfv is MsFilterVerdict.SPM:
            return SpamDecision.BULK
        return SpamDecision.CLEAN
    if cat is MsCategory.HSPM:
        return SpamDecision.HIGH_CONFIDENCE_SPAM
    decided = scl_decision(scl)
    if sfv is not None and sfv.marked_spam and not decided.is_spam:
        return SpamDecision.SPAM
    if decided is SpamDecision.UNKNOWN and sfv is MsFilterVerdict.NSPM:
        return SpamDecision.CLEAN
    return decided


def decode_forefront(header: Header) -> Verdict | None:
    fields, seen = _tag_fields(header.value)
    codes = read_codes(seen)
    verdict = make(
        FILTER, header, fields, _forefront_decision(seen, codes), forefront_outcome(seen, codes)
    )
    return dataclasses.replace(verdict, microsoft=codes)


def decode_antispam(header: Header) -> Verdict | None:
    fields, seen = _tag_fields(header.value)
    bcl = as_int(seen.get("BCL", ""))
    pcl = as_int(seen.get("PCL", ""))
    bits = []
    if bcl is not None:
        bits.append(f"bulk complaint level {bcl}" + (" (bulk)" if bcl >= 4 else ""))
    if pcl is not None:
        bits.append(f"phishing confidence level {pcl}")
    decision = (
        "Exchange Online rated it: " + ", ".join(bits)
        if bits
        else "Microsoft anti-spam rule identifiers (undocumented)"
    )
    return dataclasses.replace(make(FILTER, header, fields, decision), microsoft=read_codes(seen))


def decode_mailbox_delivery(header: Header) -> Verdict | None:
    fields: list[VerdictField] = []
    seen: dict[str, str] = {}
    by_tag: dict[str, str] = {}
    for tag, raw in split_tags(unfold(header.value)):
        by_tag.setdefault(tag.upper(), raw)
        key = tag.lower() if tag.lower() in ("ucf", "jmr", "ex", "auth", "dest", "wl") else tag
        meaning = table_text(_TABLE, "mailbox_tags", key) or UNKNOWN
        if key == "dest":
            meaning = f"delivered to {table_text(_TABLE, 'dest', raw.upper()) or 'folder ' + raw}"
        elif key in ("OFR", "RF"):
            meaning = table_text(_TABLE, key, raw) or f"{meaning}: {raw} (undocumented value)"
        fields.append(vf(tag, raw, meaning))
        seen.setdefault(key, raw)
    dest = seen.get("dest", "").upper()
    if not dest and seen.get("RF", "").lower() == "junkemail":
        dest = "J"
    folder = {"I": Folder.INBOX, "J": Folder.JUNK, "C": Folder.CUSTOM}.get(dest)
    where = {"I": "the Inbox", "J": "Junk"}.get(dest, table_text(_TABLE, "dest", dest) or "")
    reason = seen.get("OFR") or seen.get("RF")
    if where:
        decision = f"Exchange Online delivered it to {where}"
        if dest == "J":
            decision = "Exchange Online moved it to Junk"
        if reason:
            decision += f" ({table_text(_TABLE, 'OFR', reason) or reason})"
    else:
        decision = "Exchange Online mailbox delivery details"
    verdict = make(FILTER, header, fields, decision, folder=folder)
    return dataclasses.replace(verdict, microsoft=read_codes(by_tag))


def decode_org_scl(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = scl_meaning(raw)
    decision = f"Exchange organisation SCL {meaning}"
    return make(FILTER, header, [vf("SCL", raw, meaning)], decision, scl_decision(as_int(raw)))


def decode_org_pcl(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = pcl_meaning(raw)
    return make(FILTER, header, [vf("PCL", raw, meaning)], f"Exchange phishing level {meaning}")


def decode_org_simple(tag: str, section: str | None) -> Decoder:
    def decode(header: Header) -> Verdict | None:
        raw = unfold(header.value)
        if section:
            meaning = table_text(_TABLE, section, raw) or f"{raw} (undocumented value)"
        else:
            meaning = "the Exchange server that authenticated the sender"
        return make(FILTER, header, [vf(tag, raw, meaning)], f"Exchange {tag}: {meaning}")

    return decode


_COMPAUTH = re.compile(r"\bcompauth=([A-Za-z]+)(?:\s+reason=([0-9A-Za-z]+))?", re.I)


def compauth_reason(code: str) -> str:
    reason = CompauthReason.read(code)
    meaning = table_text(_TABLE, "compauth_reasons", reason.value) if reason else None
    return meaning or "undocumented code"


def decode_compauth(header: Header) -> Verdict | None:
    m = _COMPAUTH.search(unfold(header.value))
    if not m:
        return None
    result, reason = m.group(1).lower(), m.group(2)
    fields = [vf("compauth", m.group(1), table_text(_TABLE, "compauth_results", result) or UNKNOWN)]
    decision = f"Microsoft composite authentication: {result}"
    if reason:
        why = compauth_reason(reason)
        fields.append(vf("reason", reason, why))
        decision += f" (reason {reason}: {why})"
    codes = MicrosoftCodes(
        compauth=CompauthResult.read(result),
        compauth_reason=CompauthReason.read(reason) if reason else None,
    )
    return dataclasses.replace(make(FILTER, header, fields, decision), microsoft=codes)


def _untrusted(decoder: Decoder) -> Decoder:
    """The ``-Untrusted`` copies record the sending organisation's own outbound scan."""

    def decode(header: Header) -> Verdict | None:
        verdict = decoder(header)
        if verdict is None:
            return None
        note = " (outbound scan by the sender's own Microsoft 365 tenant, not the receiver's)"
        return dataclasses.replace(verdict, decision=verdict.decision + note)

    return decode


def is_untrusted(verdict: Verdict) -> bool:
    return verdict.header.lower().endswith("-untrusted")


DECODERS = {
    "x-forefront-antispam-report": decode_forefront,
    "x-forefront-antispam-report-untrusted": _untrusted(decode_forefront),
    "x-microsoft-antispam-untrusted": _untrusted(decode_antispam),
    "x-microsoft-antispam": decode_antispam,
    "x-microsoft-antispam-mailbox-delivery": decode_mailbox_delivery,
    "x-ms-exchange-organization-scl": decode_org_scl,
    "x-ms-exchange-organization-pcl": decode_org_pcl,
    "x-ms-exchange-organization-authas": decode_org_simple("AuthAs", "AuthAs"),
    "x-ms-exchange-organization-authsource": decode_org_simple("AuthSource", None),
    "x-ms-exchange-organization-messagedirectionality": decode_org_simple(
        "MessageDirectionality", "MessageDirectionality"
    ),
}
