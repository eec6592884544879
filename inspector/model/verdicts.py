"""Filter verdicts that receivers (and senders) left in the headers, decoded, and the codes
of Microsoft's headers as enums: the decoders read them once, the rules compare members."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from inspector.model.codes import Folder, SpamDecision, VerdictParty

_E = TypeVar("_E", bound=StrEnum)


def _read_code(enum: type[_E], word: str) -> _E | None:
    """The member a code written in a header names, or None for a value outside the
    documented list (the field keeps it as written, labelled undocumented)."""
    try:
        return enum(word.strip().upper())
    except ValueError:
        return None


class MsCategory(StrEnum):
    """Microsoft's ``CAT``: the protection policy whose verdict applied to the message (the
    one with the highest priority when several scans flagged it)."""

    NONE = "NONE"
    BULK = "BULK"
    SPM = "SPM"
    HSPM = "HSPM"
    PHSH = "PHSH"
    HPHSH = "HPHSH"
    HPHISH = "HPHISH"
    MALW = "MALW"
    INTOS = "INTOS"
    SPOOF = "SPOOF"
    DIMP = "DIMP"
    UIMP = "UIMP"
    GIMP = "GIMP"
    OSPM = "OSPM"
    AMP = "AMP"
    SAP = "SAP"
    FTBP = "FTBP"

    @classmethod
    def read(cls, word: str) -> MsCategory | None:
        return _read_code(cls, word)

    @property
    def is_threat(self) -> bool:
        """Phishing or malware: a threat, not a spam level."""
        return self in _THREATS

    @property
    def is_impersonation(self) -> bool:
        return self in _IMPERSONATIONS


_THREATS = frozenset(
    {MsCategory.PHSH, MsCategory.HPHSH, MsCategory.HPHISH, MsCategory.MALW, MsCategory.INTOS}
)
_IMPERSONATIONS = frozenset({MsCategory.UIMP, MsCategory.DIMP, MsCategory.GIMP})


class MsFilterVerdict(StrEnum):
    """Microsoft's ``SFV``: what spam filtering did, or why it was skipped. ``BULK`` is not in
    Microsoft's list but is written by some tenants; it is read as the bulk mark."""

    NSPM = "NSPM"
    SPM = "SPM"
    SKS = "SKS"
    SKA = "SKA"
    SKB = "SKB"
    SKN = "SKN"
    SKI = "SKI"
    SKQ = "SKQ"
    SKU = "SKU"
    SFE = "SFE"
    BLK = "BLK"
    BULK = "BULK"

    @classmethod
    def read(cls, word: str) -> MsFilterVerdict | None:
        return _read_code(cls, word)

    @property
    def blocked(self) -> bool:
        """A block list decided (the policy's or the recipient's)."""
        return self in (MsFilterVerdict.SKB, MsFilterVerdict.BLK)

    @property
    def allowed(self) -> bool:
        """An allow list decided (the policy's or the recipient's Safe Senders)."""
        return self in (MsFilterVerdict.SKA, MsFilterVerdict.SFE)

    @property
    def marked_spam(self) -> bool:
        """Spam filtering, or a rule before it, marked the message as spam."""
        return self in (MsFilterVerdict.SPM, MsFilterVerdict.SKS)


class MsIpVerdict(StrEnum):
    """Microsoft's ``IPV`` (and ``EFV``): the connection filter's verdict on the IP."""

    CAL = "CAL"
    NLI = "NLI"

    @classmethod
    def read(cls, word: str) -> MsIpVerdict | None:
        return _read_code(cls, word)


class MsFolderReason(StrEnum):
    """Microsoft's ``OFR`` in X-Microsoft-Antispam-Mailbox-Delivery: what decided the folder.
    Written in mixed case and compared as written."""

    TRUSTED_SENDER_LIST = "TrustedSenderList"
    BLOCKED_SENDER_LIST = "BlockedSenderList"
    EXCLUSIVE_SETTINGS = "ExclusiveSettings"
    SPAM_FILTER_AUTH_J = "SpamFilterAuthJ"
    SPAM_FILTER = "SpamFilter"
    CUSTOM_RULES = "CustomRules"
    JUNK_FILTER = "JunkFilter"

    @classmethod
    def read(cls, word: str) -> MsFolderReason | None:
        try:
            return cls(word.strip())
        except ValueError:
            return None


class CompauthResult(StrEnum):
    """The ``compauth=`` result of Microsoft's composite authentication."""

    PASS = "pass"
    FAIL = "fail"
    SOFTPASS = "softpass"
    SOFTFAIL = "softfail"
    NONE = "none"

    @classmethod
    def read(cls, word: str) -> CompauthResult | None:
        try:
            return cls(word.strip().lower())
        except ValueError:
            return None

    @property
    def failed(self) -> bool:
        return self in (CompauthResult.FAIL, CompauthResult.SOFTFAIL)


class CompauthReason(StrEnum):
    """The documented meaning of a compauth ``reason=`` code: four exact codes, then classes
    by the first digit (the other two digits are Microsoft's internal codes)."""

    EXPLICIT_FAIL = "000"
    IMPLICIT_FAIL = "001"
    SPOOF_FORBIDDEN = "002"
    OWN_DOMAIN_DMARC_FAIL = "010"
    PASSED = "1xx"
    SOFT_PASSED = "2xx"
    NOT_CHECKED = "3xx"
    BYPASSED = "4xx"
    INTERNAL_5 = "5xx"
    OWN_DOMAIN_IMPLICIT_FAIL = "6xx"
    PASSED_7 = "7xx"
    INTERNAL_8 = "8xx"
    BYPASSED_9 = "9xx"

    @classmethod
    def read(cls, code: str) -> CompauthReason | None:
        """The reason a code names: an exact code, else the class of a three-digit code by
        its first digit; None for anything else (or an undocumented 0xx code)."""
        code = code.strip()
        candidates = [code]
        if len(code) == 3 and code.isdigit():
            candidates.append(code[0] + "xx")
        for candidate in candidates:
            try:
                return cls(candidate)
            except ValueError:
                continue
        return None


@dataclass(frozen=True)
class MicrosoftCodes:
    """Microsoft's coded fields of one header, read once by its decoder so that rules compare
    values, never the header's text. Each is None when absent or outside the documented list
    (the verdict's fields keep every value as written)."""

    sfv: MsFilterVerdict | None = None
    cat: MsCategory | None = None
    ipv: MsIpVerdict | None = None
    srv_bulk: bool = False
    folder_reason: MsFolderReason | None = None
    compauth: CompauthResult | None = None
    compauth_reason: CompauthReason | None = None


@dataclass(frozen=True)
class VerdictField:
    name: str
    raw: str
    meaning: str


@dataclass(frozen=True)
class Verdict:
    """A filter's verdict decoded from the header it left. ``decision`` is the sentence shown
    to people; ``spam`` and ``folder`` are the same decision as values for the rules, and
    ``party`` says who wrote the header (only the recipient's describe what happened)."""

    filter: str
    header: str
    fields: tuple[VerdictField, ...]
    decision: str
    hop: int | None = None
    spam: SpamDecision = SpamDecision.UNKNOWN
    folder: Folder | None = None
    party: VerdictParty = VerdictParty.UNKNOWN
    party_reason: str = ""
    position: int | None = None  # index of the header in the message's header block
    microsoft: MicrosoftCodes | None = None
