"""Exchange Online's placement decision at one hop, read from its headers together.

Microsoft spreads one decision over three headers (the spam verdict in
X-Forefront-Antispam-Report, the bulk level in X-Microsoft-Antispam, the folder in
X-Microsoft-Antispam-Mailbox-Delivery); a reader wants the one sentence they add up to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.model.verdicts import MsCategory, MsFilterVerdict, MsFolderReason, Verdict
from inspector.verdicts._common import as_int, table_text
from inspector.verdicts.microsoft import FILTER

_TABLE = "microsoft_codes.json"

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
    sfv: MsFilterVerdict | None = None
    cat: MsCategory | None = None
    #: The category as written, for the sentence (undocumented ones are shown too).
    cat_shown: str = ""
    bulk_flag: bool = False
    dest: str = ""
    folder_reason: MsFolderReason | None = None

    @property
    def spam(self) -> bool:
        """The filter's verdict was spam (or a block list said so)."""
        if self.scl is not None and self.scl >= 5:
            return True
        return self.sfv is not None and (self.sfv.marked_spam or self.sfv.blocked)

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
        threat = _THREAT_KIND.get(self.cat) if self.cat else None
        if self.cat_shown and self.cat not in _UNTOLD and not threat:
            label = _CAT_LABEL.get(self.cat) if self.cat else None
            levels.append(f"category {self.cat_shown}" + (f", {label}" if label else ""))
        detail = f" ({', '.join(levels)})" if levels else ""
        allowed = (self.sfv is not None and self.sfv.allowed) or (
            self.folder_reason is MsFolderReason.TRUSTED_SENDER_LIST
        )
        if self.sfv is not None and self.sfv.blocked:
            what = f"blocked it because the sender is on a block list{detail}"
        elif self.spam and self.bulk_flag and (not self.cat_shown or self.cat is MsCategory.BULK):
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
        elif self.scl is not None or self.sfv is MsFilterVerdict.NSPM:
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
    MsCategory.PHSH: "phishing",
    MsCategory.HPHSH: "high confidence phishing",
    MsCategory.HPHISH: "high confidence phishing",
    MsCategory.MALW: "malware",
    MsCategory.INTOS: "intra-organisation phishing",
}
#: Short words for the other categories, for the sentence (the full meaning is in the table).
_CAT_LABEL = {
    MsCategory.SPOOF: "spoofing",
    MsCategory.UIMP: "user impersonation",
    MsCategory.DIMP: "domain impersonation",
    MsCategory.GIMP: "impersonation of a known contact",
    MsCategory.OSPM: "outbound spam",
}
#: Categories the sentence leaves out: no policy, or a spam level it already says.
_UNTOLD = (MsCategory.NONE, MsCategory.SPM, MsCategory.BULK, MsCategory.HSPM)


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
        codes = [v.microsoft for v in group if v.microsoft is not None]
        sfv = next((c.sfv for c in codes if c.sfv is not None), None)
        cat = next((c.cat for c in codes if c.cat is not None), None)
        out.append(
            Decision(
                hop=hop,
                verdicts=tuple(group),
                scl=as_int(seen.get("SCL", "")),
                bcl=as_int(seen.get("BCL", "")),
                sfv=sfv,
                cat=cat,
                cat_shown=seen.get("CAT", "").upper(),
                bulk_flag=cat is MsCategory.BULK
                or sfv is MsFilterVerdict.BULK
                or any(c.srv_bulk for c in codes),
                dest=seen.get("DEST", "").upper()
                or ("J" if seen.get("RF", "").lower() == "junkemail" else ""),
                folder_reason=next(
                    (c.folder_reason for c in codes if c.folder_reason is not None), None
                ),
            )
        )
    return tuple(out)
