"""Status and reply codes as evidence of a reason, and which code a report should carry.

Enhanced status codes (RFC 3463 and the IANA registry, plus the providers' own extensions)
and basic reply codes (RFC 5321 section 4.2.3) name a reason only when the words do not: the
classifier consults these tables after its phrase rules. Where RFC 3463 leaves a meaning
open, Sisimai's reading is used (5.2.1 "mailbox disabled" is usually the recipient's filter)
so that results compare.

A recipient whose bounce has no code at all gets Sisimai's stand-in "X.0.9NN" named after
the reason (5.0.911 userunknown); it is kept apart from the servers' codes so that a report
never presents it as one.
"""

from __future__ import annotations

import re

from inspector.bounces.smtp_codes import STATUS_RE
from inspector.bounces.vocabulary import ADDRESS_IS_WRONG
from inspector.model.bounces import BounceReason

R = BounceReason

_REPLY_RE = re.compile(r"(?<![\d.#])([245]\d\d)(?=[\s\-:;,]|$)")

# Enhanced status codes (RFC 3463 and later registrations) to reasons. Where RFC 3463 leaves
# the meaning open Sisimai's reading is used (5.2.1 "mailbox disabled" is usually a refusal
# by the recipient's filter, 4.2.1 a temporary block), so that results compare.
BY_STATUS: dict[str, BounceReason] = {
    "4.1.6": R.HASMOVED,
    "4.1.7": R.REJECTED,
    "4.1.8": R.REJECTED,
    "4.1.9": R.SYSTEMERROR,
    "4.2.1": R.BLOCKED,
    "4.2.2": R.MAILBOXFULL,
    "4.2.3": R.EXCEEDLIMIT,
    "4.2.4": R.FILTERED,
    "4.3.1": R.SYSTEMFULL,
    "4.3.2": R.NOTACCEPT,
    "4.3.3": R.SYSTEMERROR,
    "4.3.5": R.SYSTEMERROR,
    "4.4.1": R.EXPIRED,
    "4.4.2": R.NETWORKERROR,
    "4.4.3": R.SYSTEMERROR,
    "4.4.4": R.NETWORKERROR,
    "4.4.5": R.SYSTEMFULL,
    "4.4.6": R.NETWORKERROR,
    "4.4.7": R.EXPIRED,
    "4.4.8": R.NETWORKERROR,
    "4.5.3": R.SYSTEMERROR,
    "4.5.5": R.SYSTEMERROR,
    "4.6.0": R.CONTENTERROR,
    "4.6.2": R.CONTENTERROR,
    "4.6.5": R.CONTENTERROR,
    "4.7.1": R.BLOCKED,
    "4.7.2": R.BLOCKED,
    "4.7.5": R.SECURITYERROR,
    "4.7.6": R.SECURITYERROR,
    "4.7.7": R.SECURITYERROR,
    "4.7.12": R.SECURITYERROR,
    "4.7.15": R.SECURITYERROR,
    "4.7.16": R.MESGTOOBIG,
    "4.7.24": R.AUTHFAILURE,
    "4.7.25": R.REQUIREPTR,
    "4.7.26": R.AUTHFAILURE,
    "4.7.28": R.SPEEDING,
    "5.1.0": R.USERUNKNOWN,
    "5.1.1": R.USERUNKNOWN,
    "5.1.2": R.HOSTUNKNOWN,
    "5.1.3": R.USERUNKNOWN,
    "5.1.4": R.FILTERED,
    "5.1.6": R.HASMOVED,
    "5.1.7": R.REJECTED,
    "5.1.8": R.REJECTED,
    "5.1.9": R.SYSTEMERROR,
    "5.1.10": R.NOTACCEPT,
    "5.2.0": R.FILTERED,
    "5.2.1": R.FILTERED,
    "5.2.2": R.MAILBOXFULL,
    "5.2.3": R.EXCEEDLIMIT,
    "5.2.4": R.FILTERED,
    "5.3.0": R.SYSTEMERROR,
    "5.3.1": R.SYSTEMFULL,
    "5.3.2": R.NOTACCEPT,
    "5.3.3": R.SYSTEMERROR,
    "5.3.4": R.MESGTOOBIG,
    "5.3.5": R.SYSTEMERROR,
    "5.4.0": R.NETWORKERROR,
    "5.4.3": R.SYSTEMERROR,
    "5.4.4": R.HOSTUNKNOWN,
    "5.4.6": R.NETWORKERROR,
    "5.4.14": R.NETWORKERROR,  # Microsoft: hop count exceeded, possible mail loop
    "5.4.300": R.EXPIRED,  # Microsoft: message expired
    "5.4.310": R.HOSTUNKNOWN,  # Microsoft: DNS domain does not exist
    "5.4.312": R.NETWORKERROR,  # Microsoft: DNS query failed
    "5.4.316": R.EXPIRED,  # Microsoft: message expired, connection refused
    "5.5.2": R.SYNTAXERROR,
    "5.5.3": R.TOOMANYCONN,
    "5.5.4": R.SYSTEMERROR,
    "5.5.5": R.SYSTEMERROR,
    "5.5.6": R.SYNTAXERROR,
    "5.7.13": R.SUSPEND,
    "5.7.16": R.MESGTOOBIG,
    "5.7.17": R.HASMOVED,
    "5.7.18": R.HASMOVED,
    "5.7.20": R.AUTHFAILURE,
    "5.7.21": R.AUTHFAILURE,
    "5.7.22": R.AUTHFAILURE,
    "5.7.23": R.AUTHFAILURE,
    "5.7.24": R.AUTHFAILURE,
    "5.7.25": R.REQUIREPTR,
    "5.7.26": R.AUTHFAILURE,
    "5.7.27": R.NOTACCEPT,
    "5.7.28": R.SPAMDETECTED,
    "5.7.29": R.AUTHFAILURE,
    "5.7.30": R.FAILEDSTARTTLS,
    "5.7.57": R.SECURITYERROR,  # Microsoft: client not authenticated to send anonymous mail
    "5.7.64": R.NORELAYING,  # Microsoft: TenantAttribution, relay access denied
    "5.7.509": R.AUTHFAILURE,  # Microsoft: sending domain does not pass DMARC
    "5.7.520": R.POLICYVIOLATION,  # Microsoft: external forwarding not allowed
}
# Whole subject classes, when the detail is not listed above.
_BY_SUBJECT: dict[str, BounceReason] = {
    "6": R.CONTENTERROR,
    "7": R.SECURITYERROR,
}
# Basic reply codes (RFC 5321 section 4.2.3) that name a cause on their own. 550 and 554
# do not: they are used for every kind of refusal.
BY_REPLY: dict[str, BounceReason] = {
    "421": R.SYSTEMERROR,
    "451": R.SYSTEMERROR,
    "452": R.SYSTEMFULL,
    "500": R.SYNTAXERROR,
    "501": R.SYNTAXERROR,
    "502": R.SYNTAXERROR,
    "503": R.SYNTAXERROR,
    "504": R.SYNTAXERROR,
    "521": R.NOTACCEPT,
    "530": R.SECURITYERROR,
    "534": R.SECURITYERROR,
    "535": R.SECURITYERROR,
    "538": R.SECURITYERROR,
    "551": R.HASMOVED,
    "552": R.MAILBOXFULL,
    "553": R.USERUNKNOWN,
    "556": R.NOTACCEPT,
}

# Sisimai's convention for a recipient whose bounce carries no status code: "X.0.9NN",
# where NN names the reason. Kept so that statuses compare with Sisimai's output.
_PSEUDO: dict[BounceReason, int] = {
    R.ONHOLD: 901,
    R.SYNTAXERROR: 902,
    R.SUPPRESSED: 903,
    R.NORELAYING: 909,
    R.FILTERED: 910,
    R.USERUNKNOWN: 911,
    R.HOSTUNKNOWN: 912,
    R.HASMOVED: 916,
    R.REJECTED: 918,
    R.SUSPEND: 921,
    R.MAILBOXFULL: 922,
    R.EXCEEDLIMIT: 923,
    R.AUTHFAILURE: 926,
    R.SYSTEMERROR: 930,
    R.SYSTEMFULL: 931,
    R.NOTACCEPT: 932,
    R.MESGTOOBIG: 934,
    R.MAILERERROR: 939,
    R.NETWORKERROR: 944,
    R.TOOMANYCONN: 945,
    R.SPEEDING: 946,
    R.EXPIRED: 947,
    R.CONTENTERROR: 960,
    R.SECURITYERROR: 970,
    R.BLOCKED: 971,
    R.POLICYVIOLATION: 972,
    R.REQUIREPTR: 973,
    R.NOTCOMPLIANTRFC: 974,
    R.BADREPUTATION: 975,
    R.FAILEDSTARTTLS: 976,
    R.SPAMDETECTED: 980,
    R.VIRUSDETECTED: 981,
    R.UNDEFINED: 900,
}
# A status that is already a pseudo code ("5.0.911", from Sisimai or an earlier run) names
# its reason; read it back rather than calling it undefined.
_FROM_PSEUDO: dict[str, BounceReason] = {f"0.{n}": r for r, n in _PSEUDO.items()} | {
    "0.924": R.FILTERED
}


def pseudo_status(reason: BounceReason, temporary: bool = False) -> str | None:
    """Sisimai's stand-in status ("5.0.911") for a recipient whose bounce gave no code.

    None for reasons that carry no status at all (delivered, feedback, vacation)."""
    number = _PSEUDO.get(reason)
    if number is None:
        return None
    if reason is R.FILTERED and temporary:
        return "4.0.924"  # Sisimai's temporary "filtered" has its own number
    cls = "4" if temporary and reason not in ADDRESS_IS_WRONG else "5"
    return f"{cls}.0.{number}"


def status_codes(text: str | None) -> list[str]:
    """Every enhanced status code in ``text``, in order."""
    if not text:
        return []
    return [".".join(m.groups()) for m in STATUS_RE.finditer(text[:20000])]


def first_reply(text: str | None) -> str | None:
    """The first reply code in ``text``, also after a colon or before a comma."""
    if not text:
        return None
    m = _REPLY_RE.search(text[:20000])
    return m.group(1) if m else None


def is_generic(code: str) -> bool:
    """X.0.0: only the class is known."""
    return code.endswith(".0.0")


def _vague(code: str) -> bool:
    """X.Y.0 or X.0.Z: the subject or the detail is missing."""
    _, subject, detail = code.split(".")
    return subject == "0" or detail == "0"


def preferred_status(
    field: str | None, diagnostic: str | None, reply_code: str | None = None
) -> str | None:
    """The status that best describes the failure: the Status field or the code the remote
    server wrote in its reply, whichever is more specific.

    Why not always the Status field: a reporting MTA often writes a generic (5.0.0) or its own
    code (Sendmail's 5.1.1, 4.4.7 "expired") while the remote's reply says what happened
    (5.7.1 blocked). RFC 3463 asks that X.4.7 be replaced by the code of the actual problem,
    so an expiry notice that quotes the last reply takes that reply's code."""
    field = field.strip() if field else None
    if field and not STATUS_RE.fullmatch(field):
        found = status_codes(field)
        field = found[0] if found else None
    in_text = status_codes(diagnostic)
    inner = next((c for c in in_text if not c.endswith(".4.7")), None)
    said = in_text[0] if in_text else None
    if said and said.endswith(".4.7") and inner:
        said = inner  # an expiry notice quoting the real failure
    if field is None:
        return said
    if said is None or said == field:
        return field
    reply = reply_code or first_reply(diagnostic)
    if reply and field[0] != said[0]:
        if reply[0] == said[0]:
            return said
        if reply[0] == field[0]:
            return field
    return field if _prefer_field(field, said) else said


def _prefer_field(field: str, said: str) -> bool:
    """Between two different codes, keep the Status field unless the reply is sharper."""
    if is_generic(field):
        return is_generic(said)
    if _vague(said):
        return True
    if field.endswith((".4.7", ".7.0")) or field.startswith("5.3."):
        return False  # expiry, "too many errors", system status: the reply says more
    if field.split(".")[1] == "5" and field.split(".")[2] in ("1", "2", "4", "5"):
        return False  # protocol-level codes written by the reporting MTA
    if field == "5.1.1":
        return said.startswith("5.5.")  # Sendmail's own "User unknown" after a refusal
    return not (field == "5.1.3" and said.startswith("5.7."))


def reason_by_status(status: str | None) -> tuple[BounceReason, str] | None:
    """(reason, the code as evidence) that an enhanced status code alone names."""
    if not status or not STATUS_RE.fullmatch(status):
        return None
    if status.startswith("2."):
        return R.DELIVERED, f"status {status}"
    reason = BY_STATUS.get(status) or _FROM_PSEUDO.get(status[2:])
    if reason is None and re.fullmatch(r"5\.7\.(?:6[0-4]\d|7[0-5]\d)", status):
        reason = R.BLOCKED  # Microsoft: banned sending IP (5.7.6xx), tenant blocked (5.7.7xx)
    if reason is None and not is_generic(status):
        reason = _BY_SUBJECT.get(status.split(".")[1])
    return (reason, f"status {status}") if reason else None
