"""Why a bounce failed: the reason classes, the classifier and the block-list namer.

The classifier is a small ordered table
written here: no library on PyPI classifies bounces in Python without pulling in a large
dependency.
"""

from __future__ import annotations

import re

from inspector.bounces.smtp_codes import explain_reply, explain_status, find_status

REASONS = (
    "unknown_user",
    "mailbox_full",
    "blocked_spam",
    "blocked_blocklist",
    "auth_failure",
    "rate_limited",
    "too_large",
    "policy",
    "dns_failure",
    "relay_denied",
    "expired",
    "other",
)

# (reason, pattern, plain words): provider texts first, generic wording after. The first match
# wins, so specific provider codes sit above the broad words that would also match them.
_TEXT_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "auth_failure",
        r"5\.7\.26|unauthenticated (?:e-?mail|message)|dmarc policy",
        "the receiver requires SPF, DKIM and DMARC to pass and they did not (Gmail: "
        "'unauthenticated email'); sign with DKIM and align SPF/DKIM with the From domain",
    ),
    (
        "auth_failure",
        r"5\.7\.27|5\.7\.23|spf (?:check )?fail|\bspf\b.*(?:fail|not pass)",
        "SPF failed: the sending server is not listed in the envelope domain's SPF record",
    ),
    (
        "auth_failure",
        r"5\.7\.2[0-2]\b|dkim\b.*(?:fail|invalid|required)",
        "the receiver requires a valid DKIM signature and none passed",
    ),
    (
        "auth_failure",
        r"5\.7\.25|reverse dns|ptr record|\brdns\b",
        "the sending IP has no matching reverse DNS (PTR) name",
    ),
    (
        "blocked_blocklist",
        r"spamhaus|spamcop|barracudacentral|sorbs|\bdnsbl\b|\brbl\b|"
        r"block ?list|black ?list|\bS3150\b|\bS3140\b|5\.7\.6(?:0[6-9]|[1-4]\d)|"
        r"banned sending ip|(?<!not )listed (?:in|on|at|by)|on our block|ipcheck\.proofpoint",
        "the sending IP (or a domain in the message) is on a block list the receiver uses",
    ),
    (
        "blocked_spam",
        r"5\.7\.28|5\.7\.70[0-9]|5\.7\.750",
        "the receiver blocked the sender for sending too much unwanted mail (Gmail 5.7.28, "
        "Microsoft 5.7.70x/5.7.750 tenant or domain reputation)",
    ),
    (
        "mailbox_full",
        r"mailbox.{0,40}(?:exceeded|is full|over ?quota)|over ?quota|quota exceeded",
        "the recipient's mailbox is full; it may work later",
    ),
    (
        "rate_limited",
        r"\bTSS0[49]\b|\bTSS11\b|4\.7\.28|rate.?limit|too many (?:connections|"
        r"messages|recipients|concurrent)|throttl|greylist|graylist|try (?:again )?later|"
        r"temporarily (?:deferred|rejected|blocked)|unusual rate|exceeded .*(?:rate|limit)|"
        r"4\.7\.0 .*(?:later|temporar)|deferred due to|frequency limit",
        "the receiver slowed the sender down (rate limit, greylisting or deferral); retry slowly",
    ),
    (
        "blocked_spam",
        r"\bPH01\b|likely unsolicited|unsolicited (?:mail|e-?mail|bulk)|"
        r"\bspam\b|junk mail|bulk mail|content.*(?:reject|filter)|\bOU-00[12]\b|\bSC-001\b|"
        r"\bDY-002\b|suspicious|phish|high probability|reputation|spamsignature|"
        r"security polic|virus|malware",
        "the receiver judged the message or its sender as spam",
    ),
    (
        "relay_denied",
        r"relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|"
        r"not (?:permitted|allowed) to relay|unable to relay|relay not permitted|5\.7\.64\b|"
        r"open relay not allowed|"
        r"tenantattribution",
        "the server refused to pass the message on (relaying denied)",
    ),
    (
        "policy",
        r"\bSC-00[234]\b|\bDY-001\b|\bAS\(\d+\)|policy|not allowed|prohibited|"
        r"refused|administrative|5\.7\.1\b.*(?:denied|reject)|\brejected\b|denied",
        "the receiver refused it by local policy",
    ),
)

_USER_UNKNOWN = re.compile(
    r"user unknown|unknown user|no such (?:user|mailbox|recipient|address|account)|"
    r"does not exist|doesn.t exist|not exist|unknown (?:recipient|address|mailbox|local)|"
    r"invalid (?:recipient|mailbox|address|user)|recipient (?:address )?(?:rejected|not found|"
    r"unknown)|address rejected|mailbox (?:not found|unavailable|disabled|is disabled|"
    r"inactive)|account (?:is )?(?:disabled|locked|suspended|inactive|closed|deactivated)|"
    r"user not found|no mailbox|not a valid|(?:mailbox|address|user) .*not found|"
    r"no longer (?:active|available|valid)|resolver\.adr\.recipnotfound|bad destination mailbox|"
    r"doesn.t have an? .{0,40}account|not listed in|invalid final delivery|not recognized|"
    r"unknown or illegal alias|mailbox is frozen|no account",
    re.I,
)
_MAILBOX_FULL = re.compile(
    r"mailbox (?:is )?full|over ?quota|quota (?:exceeded|full)|exceeded .*quota|"
    r"insufficient (?:storage|disk)|storage (?:space|allocation)|mailbox .*(?:too large|size "
    r"limit)|full mailbox|user.s disk|folder is full|mailbox.{0,20}\bfull\b",
    re.I,
)
_TOO_LARGE = re.compile(
    r"too (?:large|big)|size (?:limit|exceeds|too)|exceeds? .*(?:size|maximum)|message size|"
    r"message length exceeds|maximum allowed",
    re.I,
)
_DNS = re.compile(
    r"host not found|domain not found|no mx|name service error|nxdomain|unrouteable|"
    r"unroutable|host unknown|domain (?:does not|doesn.t) exist|no such domain|"
    r"mx (?:lookup|record)|dns (?:error|fail|lookup)|unresolvable|couldn.t find any host|"
    r"domain is not reachable|domain not reachable",
    re.I,
)
_EXPIRED = re.compile(
    r"retry time(?:out)? (?:not reached|exceeded)|delivery time expired|message expired|"
    r"too long in (?:the )?queue|could not be delivered (?:for|within)|gave up|giving up|"
    r"maximum (?:time|retries)|timeout exceeded|expired after",
    re.I,
)

_STATUS_REASON = {
    "1.1": "unknown_user",
    "1.0": "unknown_user",
    "1.6": "unknown_user",
    "1.3": "unknown_user",
    "1.10": "unknown_user",  # RFC 7505 says null MX; Microsoft uses it for unknown recipients
    "2.1": "unknown_user",
    "1.2": "dns_failure",
    "1.8": "dns_failure",
    "4.4": "dns_failure",
    "4.3": "dns_failure",
    "2.2": "mailbox_full",
    "3.1": "mailbox_full",
    "2.3": "too_large",
    "3.4": "too_large",
    "4.7": "expired",
    "7.13": "unknown_user",
    "7.20": "auth_failure",
    "7.21": "auth_failure",
    "7.22": "auth_failure",
    "7.23": "auth_failure",
    "7.24": "auth_failure",
    "7.25": "auth_failure",
    "7.26": "auth_failure",
    "7.27": "auth_failure",
    "7.28": "rate_limited",
    "4.5": "rate_limited",
    "5.3": "rate_limited",
}

_PLAIN = {
    "unknown_user": "the address does not exist or the account is closed; remove it from the list",
    "mailbox_full": "the recipient's mailbox is full; it may work later",
    "too_large": "the message is larger than the receiver accepts",
    "dns_failure": "the recipient's domain could not be found or has no mail server in DNS",
    "expired": "the sending server gave up after retrying for too long",
    "policy": "the receiver refused it by local policy",
    "other": "no specific reason could be read from the bounce",
    "connection": "the receiving server could not be reached (connection failed or timed out); "
    "the sending server usually retries",
}
_CONNECTION = re.compile(
    r"connection (?:timed out|refused|reset|lost)|timed out|socket error|unable to connect|"
    r"not accepting connections|could not connect|no route to host|network is unreachable",
    re.I,
)


def classify(status: str | None, diagnostic: str | None) -> tuple[str, str]:
    """(reason class, plain words) for one failed recipient."""
    text = diagnostic or ""
    sub = ".".join(status.split(".")[1:]) if status else ""
    for reason, pattern, words in _TEXT_RULES[:4]:  # authentication texts outrank codes
        if re.search(pattern, text, re.I) or (status and re.fullmatch(pattern, status)):
            return reason, words
    by_code = _STATUS_REASON.get(sub)
    if sub == "1.10" and re.search(r"null mx", text, re.I):
        by_code = "dns_failure"
    if sub == "7.28" and (status or "").startswith("5"):
        by_code = "blocked_spam"  # Gmail's 5.7.28 is a block; its 4.7.28 a deferral
    if by_code == "expired":  # the text often says why it expired (mailbox full, blocked...)
        inner = find_status(text)
        if inner and inner != status and not inner.endswith(".4.7"):
            better = classify(inner, text)
            if better[0] != "other":
                return better
    if by_code and sub not in ("0.0",):
        if by_code == "unknown_user" and _MAILBOX_FULL.search(text):
            by_code = "mailbox_full"
        for reason, _pattern, words in _TEXT_RULES:
            if reason == by_code:
                return reason, words
        return by_code, _PLAIN.get(by_code, "")
    for reason, pattern, words in _TEXT_RULES[4:]:
        if re.search(pattern, text, re.I):
            if reason == "policy":
                break  # generic policy words: let the specific checks below speak first
            return reason, words
    for reason, regex in (
        ("mailbox_full", _MAILBOX_FULL),
        ("unknown_user", _USER_UNKNOWN),
        ("too_large", _TOO_LARGE),
        ("dns_failure", _DNS),
        ("expired", _EXPIRED),
    ):
        if regex.search(text):
            return reason, _PLAIN[reason]
    if re.search(_TEXT_RULES[-1][1], text, re.I) or sub.startswith("7."):
        return "policy", _PLAIN["policy"]
    if _CONNECTION.search(text):
        return "other", _PLAIN["connection"]
    return "other", _PLAIN["other"]


def explain(status: str | None, reply: str | None, words: str) -> str:
    """Plain words, then what the status and reply codes mean."""
    parts = [words]
    if status:
        parts.append(f"status {status}: {explain_status(status)}")
    if reply:
        parts.append(f"reply {reply}: {explain_reply(reply)}")
    return "; ".join(p for p in parts if p)


_LISTS = (
    (r"spamhaus|\bzen\.|\bsbl\b|\bxbl\b|\bpbl\b|\bdbl\b", "Spamhaus"),
    (r"spamcop", "SpamCop"),
    (r"barracudacentral|\bb\.barracuda|barracuda reputation", "Barracuda Reputation Block List"),
    (r"sorbs", "SORBS"),
    (r"uceprotect", "UCEPROTECT"),
    (
        r"\bS3150\b|\bS3140\b|5\.7\.6(?:0[6-9]|[1-4]\d)|banned sending ip",
        "Microsoft's own block list",
    ),
    (r"proofpoint|ipcheck\.", "Proofpoint"),
    (r"mimecast", "Mimecast"),
    (r"cloudmark|\bcsi\b", "Cloudmark"),
    (r"invaluement", "Invaluement"),
    (r"\bpsbl\b|surriel", "Passive Spam Block List"),
    (r"mailspike", "Mailspike"),
    (r"spamrats", "SpamRATS"),
    (r"abusix", "Abusix"),
    (r"trend ?micro|\bers\b|\bqil\b", "Trend Micro"),
)


def name_blocklists(text: str | None) -> tuple[str, ...]:
    """The block lists a bounce text names (Spamhaus, SpamCop, Microsoft's own...)."""
    if not text:
        return ()
    return tuple(name for pattern, name in _LISTS if re.search(pattern, text[:5000], re.I))
