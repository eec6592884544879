"""Provider codes and sentences (Microsoft, Yahoo, Cox, Spectrum, Mimecast, Tencent...), the
block lists a bounce can name, and which receiving provider wrote it.

Provider codes are exact and outrank the generic phrases; block-list and provider names are
what a sender needs to look up next, so the explanation names them.
"""

from __future__ import annotations

import re

from inspector.bounces.evidence import (
    CaselessPattern,
    Check,
    ascii_lowered,
    phrase_rule,
    words_of,
)
from inspector.model.bounces import BounceParty, BounceReason

R = BounceReason

# Provider codes and sentences that override the generic phrases below them.
PROVIDER_RULES: tuple[Check, ...] = (
    phrase_rule(R.BLOCKED, r"AUP#(?:CXBL|CDRBL|IPBL\d*)\b", "Cox refused the sending IP"),
    phrase_rule(R.SPEEDING, r"AUP#CXMXRT\b", "Cox: too many messages from the sender"),
    phrase_rule(
        R.REJECTED, r"AUP#CXSNDR\b", "Cox: the sender domain does not resolve or fails checks"
    ),
    phrase_rule(
        R.TOOMANYCONN, r"AUP#\s?(?:In?-)?13[1-4]0\b", "Spectrum/Charter: too many connections"
    ),
    phrase_rule(
        R.USERUNKNOWN,
        r"5\.4\.1\b[^;]{0,80}recipient address rejected: access denied",
        "Microsoft 365 directory-based edge blocking: no such recipient in the tenant",
    ),
    phrase_rule(R.BLOCKED, r"\((?:S3150|S3140)\)|banned sending ip", "Microsoft's block list"),
    phrase_rule(R.BLOCKED, r"\b(?:SC-00[1-4]|DY-00[12]|OU-00[12])\b", "Outlook.com refused the IP"),
    phrase_rule(
        R.SPEEDING, r"\bRP-00[1-3]\b|\(S77719\)|4\.7\.500 server busy", "Microsoft throttling"
    ),
    phrase_rule(
        R.SPEEDING, r"\[TSS0[14]\]|\[TS0[12]\]", "Yahoo deferred the sender (volume/complaints)"
    ),
    phrase_rule(R.BLOCKED, r"\[TSS09\]|\[TS03\]|\[BL2\d\]", "Yahoo refused the sending IP"),
    phrase_rule(R.TOOMANYCONN, r"connection frequency limited", "Tencent QQ: too many connections"),
    phrase_rule(
        R.SPAMDETECTED,
        r"5\.7\.28\b[^;]{0,40}unusual rate of unsolicited mail",
        "Gmail blocked the sending IP for an unusual rate of unsolicited mail; its 4.7.28 "
        "form is a deferral",
    ),
    phrase_rule(
        R.SPEEDING,
        r"unusual rate of (?:unsolicited )?mail|temporarily rate limited(?! due to (?:ip )?"
        r"reputation)|try again slower",
        "the receiver rate-limits this sender for now",
    ),
    phrase_rule(
        R.BLOCKED,
        r"grey ?list|gray ?list",
        "greylisting: the receiver defers unknown senders once; a standard MTA retries and "
        "gets through",
        party=BounceParty.TRANSIENT,
    ),
    phrase_rule(
        R.VIRUSDETECTED,
        r"security polic(?:y|ies)\W{1,5}MC\w*Signature|\bMC\w*Signature\b",
        "Mimecast matched a malicious (virus or spam) signature",
    ),
    phrase_rule(
        R.FILTERED,
        r"\bRCP-P\d\b|recipient(?:'s)? (?:preferences|settings)|refused by (?:the )?recipient",
        "the recipient's own settings refuse this sender",
    ),
)


_BLOCKLIST_NAMES: tuple[tuple[str, str], ...] = (
    (r"spamhaus|\bzen\.|\bsbl\b|\bxbl\b|\bpbl\b|\bdbl\b|AUP#IPBL0001|\[BL2\d\]", "Spamhaus"),
    (r"spamcop", "SpamCop"),
    (r"barracuda ?(?:central|reputation)|\bb\.barracuda|\bbrbl\b", "Barracuda Reputation"),
    (r"\bsorbs\b", "SORBS"),
    (r"uceprotect", "UCEPROTECT"),
    (r"\((?:S3150|S3140)\)|banned sending ip|5\.7\.6[0-4]\d", "Microsoft's block list"),
    (r"proofpoint|pphosted|\bipcheck\.", "Proofpoint"),
    (r"cloudmark|\bcsi\b|AUP#IPBL1000", "Cloudmark CSI"),
    (r"invaluement|\bivm", "Invaluement"),
    (r"return ?path|AUP#IPBL0010|validity", "Return Path (Validity)"),
    (r"\bpsbl\b|surriel", "Passive Spam Block List"),
    (r"mailspike", "Mailspike"),
    (r"spamrats", "SpamRATS"),
    (r"abusix", "Abusix"),
    (r"mimecast", "Mimecast"),
    (r"trend ?micro|\bers\b|\bqil\b", "Trend Micro"),
    (r"AUP#(?:CXBL|CDRBL)", "Cox's own block list"),
)


#: Compiled once, with one alternation of them all: most bounces name no list, and one search
#: says so where each pattern would be tried in turn (no pattern has a group or a reference,
#: so the alternation matches exactly where one of them does).
_BLOCKLIST_PATTERNS = tuple((CaselessPattern(p), name) for p, name in _BLOCKLIST_NAMES)
_ANY_BLOCKLIST = CaselessPattern("|".join(f"(?:{p})" for p, _ in _BLOCKLIST_NAMES))


def name_blocklists(text: str | None) -> tuple[str, ...]:
    """The block lists a bounce names (Spamhaus, SpamCop, Microsoft's own...): the first
    thing a sender needs to look up."""
    if not text:
        return ()
    words = words_of(text)
    lowered = ascii_lowered(words)
    if not _ANY_BLOCKLIST.found(words, lowered):
        return ()
    return tuple(name for pattern, name in _BLOCKLIST_PATTERNS if pattern.found(words, lowered))


_PROVIDERS: tuple[tuple[str, str], ...] = (
    (r"gsmtp|google|gmail|googlemail", "Gmail"),
    (r"outlook|hotmail|protection\.outlook|microsoft|office ?365|exchange", "Microsoft"),
    (r"yahoo|\baol\b|verizonmedia|yahoodns", "Yahoo/AOL"),
    (r"icloud|\bme\.com|apple", "Apple iCloud"),
    (r"proton", "Proton"),
    (r"zoho", "Zoho"),
    (r"\bgmx\b|web\.de|kundenserver|1and1|ionos", "GMX/1&1"),
    (r"mimecast", "Mimecast"),
    (r"proofpoint|pphosted", "Proofpoint"),
    (r"barracuda", "Barracuda"),
    (r"\bcox\b|cox\.net", "Cox"),
    (r"charter|spectrum", "Spectrum"),
    (r"\bqq\.com|tencent", "Tencent QQ"),
    (r"ezweb|\bau\.com|kddi", "au (KDDI)"),
    (r"docomo", "NTT docomo"),
    (r"messagelabs|symantec", "Symantec Email Security.cloud"),
)


_PROVIDER_PATTERNS = tuple((CaselessPattern(p), name) for p, name in _PROVIDERS)
_ANY_PROVIDER = CaselessPattern("|".join(f"(?:{p})" for p, _ in _PROVIDERS))


def provider_named(words: str, host: str) -> str | None:
    """The receiving provider, from the remote host or the provider's own wording; never
    from an address (a gmail.com recipient may sit behind any relay)."""
    text = _ADDRESS_LEFT.sub(" ", words) if "x@" in words else words
    host_lowered, text_lowered = ascii_lowered(host), ascii_lowered(text)
    if not _ANY_PROVIDER.found(host, host_lowered) and not _ANY_PROVIDER.found(text, text_lowered):
        return None
    for pattern, name in _PROVIDER_PATTERNS:
        if pattern.found(host, host_lowered) or pattern.found(text, text_lowered):
            return name
    return None


_ADDRESS_LEFT = re.compile(r"\bx@[A-Za-z0-9.-]+")
