"""Receivers' verdicts taken out of a message before ``make eval`` analyses it, and
Microsoft's placement (Junk or Inbox) read from the original headers for the evaluation.

Stripping works on the raw header block, so every other byte of the message (body, other
headers, line ends) is kept exactly."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Header fields that carry a receiving system's verdict (spam scores, folders, authentication
#: results, allow/block decisions). They are removed before analysis, so what is measured is
#: the judgement of the tool from the sender's evidence, not a restatement of the receiver's.
#: A trailing ``*`` matches any field whose name starts with what precedes it; case-insensitive.
RECEIVER_VERDICT_HEADERS: tuple[str, ...] = (
    "X-Forefront-*",
    "X-Microsoft-Antispam*",
    "X-MS-Exchange-Organization-*",
    "Authentication-Results*",
    "ARC-*",
    "Received-SPF",
    "X-Spam-*",
    "X-Spamd-*",
    "X-Rspamd-*",
    "X-Pm-Spam*",
    "X-Proofpoint-*",
    "X-Mimecast-*",
    "X-IronPort-*",
    "X-Barracuda-*",
    "X-Microsoft-Antispam-Mailbox-Delivery",
    "X-Apple-*",
    "X-ICL-*",
    "X-UI-Filterresults",
    "X-GMX-Antispam",
    "X-Spam-Checked-In-Group",
    "X-Original-Authentication-Results",
    # Not in issue 14's list, but verdicts all the same: each is read by one of the project's
    # verdict decoders (inspector/verdicts) or carries Microsoft's SCL/antispam data, and two
    # of them leaked a verdict into the stripped copies when left in (X-Spam: spam in a 2002
    # ham message; X-MS-Exchange-Authentication-Results behind authres.forged).
    "X-Spam",
    "X-MS-Exchange-Authentication-Results",
    "X-MS-Exchange-CrossPremises-*",
    "X-MS-Exchange-AntiSpam-*",
    "X-TM-AS-*",
    "X-TMASE-*",
    "X-Sophos-*",
    "X-LASED-SpamProbability",
    "X-IPAS-Result",
    "X-GM-Spam",
    "X-GM-Phishy",
    "X-YMailISG",
    "X-YahooFilteredBulk",
    "X-Yahoo-Filtered-Bulk",
    "X-Yahoo-Newman-Property",
    # Receivers' verdict headers the attribution work taught the decoders to read (Vade and
    # its older names, Outlook.com's X-Message-Delivery, AOL, Zoho, WatchGuard, bogofilter,
    # greylisting, Cloudmark, site filters).
    "X-VADE-*",
    "X-VR-*",
    "X-VRSpam-*",
    "X-Message-Delivery",
    "X-Message-Info",
    "X-AOL-*",
    "X-WatchGuard-*",
    "X-Bogosity",
    "X-ZohoMail*",
    "X-Greylist",
    "X-Authority-Analysis",
    "X-CMAE-*",
    "X-MRAS",
    "X-Pm-Origin",
    # Microsoft's filter data under older or other names (BCL/PCL rule ids, the tenant's
    # filtering hash), other receivers' scores and antivirus verdicts.
    "X-Exchange-Antispam-Report-*",
    "X-MS-Office365-Filtering-*",
    "X-BlackCat-Spam-Score",
    "X-Virus-Status",
    "X-Virus-Scanned",
    "X-GMX-Antivirus",
    "X-Junkmail-*",
    "X-CLX-*",
    "X-Yandex-Spam",
    "X-Zoho-Virus-Status",
    "X-CrossPremisesHeadersFiltered",
    "X-Coremail-Antispam",
    "X-IBM-SpamModules-*",
    "X-KSE-*",
    "X-MailScanner-SpamCheck",
    "X-cPanel-MailScanner-SpamCheck",
    "X-MegaIDC-MailScanner-SpamCheck",
    "X-XSSpam",
    "SpamTally",
    "X-PhishMe*",
)

#: Names that look like a filter's opinion but are not a receiver's verdict: left in, and not
#: reported as leftovers. The sending provider's own outbound scan (the analysis credits it to
#: the sender), a bulk mailer's version, OpenDMARC's and OpenDKIM's banners (their results are
#: in the stripped Authentication-Results), a message size and a disclaimer mark.
NOT_RECEIVER_VERDICTS: frozenset[str] = frozenset(
    {"x-ui-out-filterresults", "ui-outboundreport", "x-bulkmail", "dmarc-filter",
     "dkim-filter", "x-filterd-recvd-size", "x-disclaimed"}
)  # fmt: skip

_PREFIXES = tuple(h[:-1].lower().encode() for h in RECEIVER_VERDICT_HEADERS if h.endswith("*"))
_EXACT = frozenset(h.lower().encode() for h in RECEIVER_VERDICT_HEADERS if not h.endswith("*"))
_FIELD_NAME = re.compile(rb"^([!-9;-~]+)[ \t]*:")


def header_fields(raw: bytes) -> tuple[list[tuple[bytes | None, bytes]], bytes]:
    """Split the header block into fields (name or None for a stray line, raw bytes with
    their continuation lines and line ends) and return the rest (blank line and body)."""
    fields: list[tuple[bytes | None, bytes]] = []
    pos = 0
    n = len(raw)
    while pos < n:
        end = raw.find(b"\n", pos)
        end = n if end < 0 else end + 1
        line = raw[pos:end]
        if line in (b"\r\n", b"\n", b"\r"):  # the blank line: the body follows
            break
        if line[:1] in (b" ", b"\t") and fields:
            name, text = fields[-1]
            fields[-1] = (name, text + line)
        else:
            m = _FIELD_NAME.match(line)
            fields.append((m.group(1).lower() if m else None, line))
        pos = end
    return fields, raw[pos:]


def is_verdict_header(name: bytes) -> bool:
    return name in _EXACT or name.startswith(_PREFIXES)


def strip_verdicts(raw: bytes) -> tuple[bytes, int]:
    """The message without ``RECEIVER_VERDICT_HEADERS`` (body and every other byte kept) and
    how many fields were removed."""
    fields, rest = header_fields(raw)
    kept = [text for name, text in fields if name is None or not is_verdict_header(name)]
    return b"".join(kept) + rest, len(fields) - len(kept)


_VERDICT_LIKE = re.compile(rb"spam|junk|phish|virus|filter|scl|score|bulk|reput", re.I)


def residual_verdict_headers(blobs: Iterable[bytes]) -> Counter[str]:
    """Header names left after stripping that look like a filter's opinion and are not known
    to be something else (``NOT_RECEIVER_VERDICTS``): candidates for the list."""
    seen: Counter[str] = Counter()
    for data in blobs:
        fields, _ = header_fields(data)
        for name in {n for n, _ in fields if n}:
            text = name.decode("latin-1")
            if _VERDICT_LIKE.search(name) and text not in NOT_RECEIVER_VERDICTS:
                seen[text] += 1
    return seen


def _values(fields: Sequence[tuple[bytes | None, bytes]], name: bytes) -> list[str]:
    out = []
    for fname, text in fields:
        if fname == name:
            value = text.split(b":", 1)[1]
            out.append(re.sub(rb"\s+", b"", value).decode("latin-1"))
    return out


@dataclass(frozen=True)
class JunkLabel:
    """Microsoft's judgement of a phishing_pot message, read from its original headers."""

    junk: int | None  # the filter's verdict: 1 SCL >= 5 (Junk), 0 below; None: not recorded
    folder_junk: int | None  # where it ended: the recipient's safe-senders list applied
    evidence: str


def junk_label(raw: bytes) -> JunkLabel:
    """Junk is what the issue measures: the filter's spam confidence level, SCL >= 5, from
    X-Forefront-Antispam-Report or X-MS-Exchange-Organization-SCL (or dest:J); Inbox is a
    recorded SCL below 5 (or dest:I with no SCL). That is what the score forecasts.

    ``folder_junk`` is the second reading, the folder the message ended in
    (X-Microsoft-Antispam-Mailbox-Delivery dest:J / dest:I, else the Forefront SCL). The two
    differ where the recipient's own safe-senders list (OFR:TrustedSenderList) moved a message
    the filter scored as spam into the Inbox: a choice of the recipient, which no evidence on
    the sender's side can forecast. A custom folder chosen by the user's rule (dest:C) and
    messages without Microsoft headers get no label."""
    fields, _ = header_fields(raw)
    forefront = _values(fields, b"x-forefront-antispam-report")
    delivery = _values(fields, b"x-microsoft-antispam-mailbox-delivery")
    org_scl = _values(fields, b"x-ms-exchange-organization-scl")
    scls = [int(m.group(1)) for v in forefront for m in [re.search(r"SCL:(-?\d+)", v)] if m]
    dests = [m.group(1).upper() for v in delivery for m in [re.search(r"dest:(\w)", v)] if m]
    ofr = [m.group(1) for v in delivery for m in [re.search(r"OFR:(\w+)", v)] if m]
    org = [int(v) for v in org_scl if re.fullmatch(r"-?\d+", v)]
    evidence = ";".join(
        [f"SCL:{s}" for s in scls]
        + [f"dest:{d}" for d in dests]
        + [f"OFR:{o}" for o in ofr]
        + [f"orgSCL:{s}" for s in org]
    )
    folder_junk: int | None
    if any(s >= 5 for s in scls) or "J" in dests:
        folder_junk = 1
    elif "I" in dests or (scls and not dests):
        folder_junk = 0
    else:
        folder_junk = None
    junk: int | None
    all_scl = scls + org
    if any(s >= 5 for s in all_scl) or "J" in dests:
        junk = 1
    elif all_scl or "I" in dests:
        junk = 0
    else:
        junk = None
    return JunkLabel(junk, folder_junk, evidence)
