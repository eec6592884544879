"""Microsoft 365 / Exchange Online Protection verdict headers.

X-Forefront-Antispam-Report, X-Microsoft-Antispam, X-Microsoft-Antispam-Mailbox-Delivery, the
X-MS-Exchange-Organization-* family and the ``compauth`` clause of Authentication-Results.
Codes and meanings live in ``data/microsoft_codes.json``; tags Microsoft does not document
are kept and labelled as such rather than guessed at.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField
from inspector.verdicts._common import (
    UNKNOWN,
    Decoder,
    as_int,
    make,
    split_tags,
    table_text,
    unfold,
    vf,
)

FILTER = "Microsoft 365"
_TABLE = "microsoft_codes.json"


def scl_meaning(raw: str) -> str:
    n = as_int(raw)
    if n is None:
        return "unreadable spam confidence level"
    if n < 0:
        return "-1: filtering skipped (trusted sender, safe list, or internal mail)"
    if n <= 1:
        return f"{n}: not spam"
    if n <= 4:
        return f"{n}: not spam (rarely used level)"
    if n <= 7:
        return f"{n}: spam (normally delivered to the Junk Email folder)"
    return f"{n}: high confidence spam"


def bcl_meaning(raw: str) -> str:
    n = as_int(raw)
    if n is None:
        return "unreadable bulk complaint level"
    if n <= 0:
        return f"{n}: not from a bulk sender"
    if n <= 3:
        return f"{n}: bulk sender that draws few complaints"
    if n <= 7:
        return f"{n}: bulk sender that draws a mixed number of complaints"
    return f"{n}: bulk sender that draws many complaints"


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


def _forefront_decision(seen: dict[str, str]) -> str:
    scl = as_int(seen.get("SCL", ""))
    sfv = seen.get("SFV", "").upper()
    cat = seen.get("CAT", "").upper()
    bulk = seen.get("SRV", "").upper() == "BULK" or cat == "BULK"
    parts: list[str] = []
    if sfv == "SKA" or seen.get("IPV", "").upper() == "CAL":
        parts.append("Exchange Online skipped spam filtering for an allow-listed sender")
    elif sfv in ("SKB", "BLK"):
        parts.append("Exchange Online blocked it because the sender is on a block list")
    elif (scl is not None and scl >= 5) or sfv in ("SPM", "SKS"):
        kind = "high confidence spam" if scl is not None and scl >= 8 else "spam"
        if bulk:
            kind = "bulk mail" if not cat or cat == "BULK" else kind
        parts.append(f"Exchange Online filtered it as {kind}")
    elif scl is not None and scl < 0:
        parts.append("Exchange Online skipped spam filtering (trusted or internal)")
    elif scl is not None or sfv == "NSPM":
        parts.append("Exchange Online judged it not spam")
    else:
        parts.append("Exchange Online left its anti-spam report")
    if scl is not None:
        parts.append(f"SCL {scl}")
    if cat and cat not in ("NONE", "SPM", "BULK"):
        name = table_text(_TABLE, "CAT", cat) or cat
        parts.append(f"category {cat} ({name})")
    return ", ".join(parts)


def decode_forefront(header: Header) -> Verdict | None:
    fields, seen = _tag_fields(header.value)
    return make(FILTER, header, fields, _forefront_decision(seen))


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
    return make(FILTER, header, fields, decision)


def decode_mailbox_delivery(header: Header) -> Verdict | None:
    fields: list[VerdictField] = []
    seen: dict[str, str] = {}
    for tag, raw in split_tags(unfold(header.value)):
        key = tag.lower() if tag.lower() in ("ucf", "jmr", "ex", "auth", "dest", "wl") else tag
        meaning = table_text(_TABLE, "mailbox_tags", key) or UNKNOWN
        if key == "dest":
            meaning = f"delivered to {table_text(_TABLE, 'dest', raw.upper()) or 'folder ' + raw}"
        elif key in ("OFR", "RF"):
            meaning = table_text(_TABLE, key, raw) or f"{meaning}: {raw} (undocumented value)"
        fields.append(vf(tag, raw, meaning))
        seen.setdefault(key, raw)
    dest = seen.get("dest", "").upper()
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
    return make(FILTER, header, fields, decision)


def decode_org_scl(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = scl_meaning(raw)
    return make(FILTER, header, [vf("SCL", raw, meaning)], f"Exchange organisation SCL {meaning}")


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
    exact = table_text(_TABLE, "compauth_reasons", code)
    if exact:
        return exact
    if len(code) == 3 and code.isdigit():
        return table_text(_TABLE, "compauth_reasons", code[0] + "xx") or "undocumented code"
    return "undocumented code"


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
    return make(FILTER, header, fields, decision)


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


# --------------------------------------------------------------------------- combined decision

#: The receiver-side headers that together make up Exchange Online's placement decision.
_DECISION_HEADERS = frozenset(
    {
        "x-forefront-antispam-report",
        "x-microsoft-antispam",
        "x-microsoft-antispam-mailbox-delivery",
        "x-ms-exchange-organization-scl",
    }
)


@dataclass(frozen=True)
class Decision:
    """What Exchange Online decided at one hop, read from its headers together.

    Microsoft spreads one decision over three headers (the spam verdict in
    X-Forefront-Antispam-Report, the bulk level in X-Microsoft-Antispam, the folder in
    X-Microsoft-Antispam-Mailbox-Delivery); a reader wants the one sentence they add up to.
    """

    hop: int | None
    verdicts: tuple[Verdict, ...]
    scl: int | None = None
    bcl: int | None = None
    sfv: str = ""
    cat: str = ""
    bulk_flag: bool = False
    dest: str = ""
    folder_reason: str = ""

    @property
    def spam(self) -> bool:
        """The filter's verdict was spam (or a block list said so)."""
        return (self.scl is not None and self.scl >= 5) or self.sfv in ("SPM", "SKS", "SKB", "BLK")

    @property
    def bulk(self) -> bool:
        return self.bulk_flag or (self.bcl is not None and self.bcl >= 4)

    @property
    def junk(self) -> bool:
        return self.dest == "J"

    @property
    def filtered(self) -> bool:
        """The decision works against the sender: spam, bulk or the Junk folder."""
        return self.spam or self.bulk or self.junk

    def sentence(self) -> str:
        """E.g. "Exchange Online filtered it as bulk (BCL 7) and moved it to Junk"."""
        levels = []
        if self.scl is not None:
            levels.append(f"SCL {self.scl}")
        if self.bcl is not None and (self.bulk or not levels):
            levels.append(f"BCL {self.bcl}")
        threat = _THREAT_KIND.get(self.cat)
        if self.cat and self.cat not in ("NONE", "SPM", "BULK", "HSPM") and not threat:
            label = _CAT_LABEL.get(self.cat)
            levels.append(f"category {self.cat}" + (f", {label}" if label else ""))
        detail = f" ({', '.join(levels)})" if levels else ""
        allowed = self.sfv in ("SKA", "SFE") or self.folder_reason == "TrustedSenderList"
        if self.sfv in ("SKB", "BLK"):
            what = f"blocked it because the sender is on a block list{detail}"
        elif self.spam and self.bulk_flag and self.cat in ("", "BULK"):
            what = f"filtered it as bulk{detail}"
        elif threat:
            what = f"filtered it as {threat}{detail}"
        elif self.spam:
            kind = "high confidence spam" if (self.scl or 0) >= 8 else "spam"
            what = f"filtered it as {kind}{detail}"
        elif self.bulk:
            what = f"rated the sender as bulk{detail}"
        elif allowed:
            what = f"skipped spam filtering for an allow-listed sender{detail}"
        elif self.scl is not None and self.scl < 0:
            what = f"skipped spam filtering (trusted or internal){detail}"
        elif self.scl is not None or self.sfv == "NSPM":
            what = f"judged it not spam{detail}"
        else:
            what = f"left its verdict{detail}" if detail else ""
        folder = {"I": "the Inbox"}.get(self.dest) or table_text(_TABLE, "dest", self.dest) or ""
        if self.dest and not folder:
            folder = f"folder {self.dest}"
        if self.junk:
            where = "moved it to Junk"
        elif folder:
            where = f"delivered it to {folder}"
            if allowed and (self.spam or self.bulk):
                # the filter's verdict was overridden: say both, so nobody reads it as a pass
                return f"Exchange Online {what}, but an allow list let it through to {folder}"
        else:
            where = ""
        joined = " and ".join(p for p in (what, where) if p)
        return f"Exchange Online {joined or 'left its anti-spam headers'}"


#: Categories that name a threat rather than a spam level (told as what it was filtered as).
_THREAT_KIND = {
    "PHSH": "phishing",
    "HPHSH": "high confidence phishing",
    "HPHISH": "high confidence phishing",
    "MALW": "malware",
    "INTOS": "intra-organisation phishing",
}
#: Short words for the other categories, for the sentence (the full meaning is in the table).
_CAT_LABEL = {
    "SPOOF": "spoofing",
    "UIMP": "user impersonation",
    "DIMP": "domain impersonation",
    "GIMP": "impersonation of a known contact",
    "OSPM": "outbound spam",
}


def decisions(verdicts: Sequence[Verdict]) -> tuple[Decision, ...]:
    """One combined decision per hop, from the receiver's own (not -Untrusted) headers."""
    by_hop: dict[int | None, list[Verdict]] = {}
    for v in verdicts:
        if v.filter != FILTER or v.header.lower() not in _DECISION_HEADERS:
            continue
        by_hop.setdefault(v.hop, []).append(v)
    out = []
    for hop, group in by_hop.items():
        seen: dict[str, str] = {}
        for v in group:
            for f in v.fields:
                seen.setdefault(f.name.upper(), f.raw.strip())
        cat = seen.get("CAT", "").upper()
        out.append(
            Decision(
                hop=hop,
                verdicts=tuple(group),
                scl=as_int(seen.get("SCL", "")),
                bcl=as_int(seen.get("BCL", "")),
                sfv=seen.get("SFV", "").upper(),
                cat=cat,
                bulk_flag=cat == "BULK"
                or seen.get("SRV", "").upper() == "BULK"
                or seen.get("SFV", "").upper() == "BULK",
                dest=seen.get("DEST", "").upper()
                or ("J" if seen.get("RF", "").lower() == "junkemail" else ""),
                folder_reason=seen.get("OFR") or seen.get("RF", ""),
            )
        )
    return tuple(out)
