"""mail-parser as an independent oracle for ``inspector.parse.message.parse_message``.

mail-parser (SpamScope, built on the stdlib's compat32 parser) is not used at run time (see the
docstring of inspector/message.py), but it is a mature second reading of the same bytes. This
module compares the two on one message, field by field, and sorts every disagreement into a
named class whose cause is understood. A class names which side is right and why; the tests
assert that no disagreement is left unexplained and that agreement does not fall.

Outcomes per field: ``agree``, ``n/a`` (nothing to compare), ``tolerated:<class>`` (a known,
documented difference of definition or a case where mail-parser is the one that is wrong) and
``bug:<class>`` (our parser is wrong; an xfail test in test_mailparser_oracle.py pins it) or
``unexplained:<detail>``.
"""

from __future__ import annotations

import base64
import contextlib
import email.errors
import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any

import mailparser

from inspector.model.message import MimePart, ParsedMessage
from inspector.parse.charsets import make_safe, make_safe_body
from inspector.parse.mime import MAX_TEXT_CHARS

#: The stdlib's defect class names: the vocabulary both parsers share (ours as "mime:<Name>").
STDLIB_DEFECTS = frozenset(n for n in dir(email.errors) if n.endswith("Defect"))

FIELDS = (
    "attachments.count",
    "attachments.names",
    "attachments.sha256",
    "attachments.types",
    "text_body",
    "html_body",
    "subject",
    "from",
    "to",
    "message_id",
    "date",
    "defects",
)

# mail-parser names a nameless attachment after its Content-ID, or invents a random name:
# ten lower-case letters + ".txt" (disposition attachment) or ".rtf" (any rtf part).
_INVENTED_NAME = re.compile(r"[a-z]{10}\.(txt|rtf)")
_WS = re.compile(r"\s+")
_BARE_LOCAL = re.compile(r"[\w-]+")  # MAILER-DAEMON, postmaster, root


@dataclass
class Comparison:
    """How the two parsers read one message: field -> outcome, and the details behind it."""

    name: str
    outcomes: dict[str, str] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    attachments_compared: int = 0  # mail-parser's attachments left after setting classes aside
    set_aside: tuple[str, ...] = ()  # one class name per part set aside before comparing
    defects_ours: frozenset[str] = frozenset()
    defects_theirs: frozenset[str] = frozenset()
    theirs_own_defects: frozenset[str] = frozenset()


def parse_with_mailparser(raw: bytes) -> Any:
    """mail-parser's reading; its logger warns on every odd part, which is noise here."""
    logging.getLogger("mailparser").setLevel(logging.CRITICAL)
    return mailparser.parse_from_bytes(raw)


# --------------------------------------------------------------------------- attachments


def our_attachments(part: MimePart | None) -> Iterator[MimePart]:
    """Leaves our parser hashed (what it counts as attachments), in tree order."""
    if part is None:
        return
    if not part.children and part.sha256 is not None:
        yield part
    for child in part.children:
        yield from our_attachments(child)


def mailparser_payload(att: dict[str, Any]) -> bytes:
    """The decoded bytes of one mail-parser attachment. With ``binary`` the payload is base64
    text (the wire text for base64 parts, re-encoded for the others); without it, a string."""
    payload = att["payload"]
    if att["binary"]:
        return base64.b64decode(payload)
    return str(payload).encode("utf-8", "surrogateescape")


def _disposition(att: dict[str, Any]) -> str:
    return str(att.get("content-disposition") or "").split(";")[0].strip().lower()


def _without_epilogue(mp: Any) -> list[dict[str, Any]]:
    """mail-parser's attachments as it reads them without its epilogue recovery. With a
    StartBoundaryNotFoundDefect it parses the top-level epilogue as one more part; RFC 2046
    section 5.1.1 says the epilogue is to be ignored, which is what we do."""
    msg: Message = mp.message
    if "StartBoundaryNotFoundDefect" not in mp.defects_categories or not msg.epilogue:
        return list(mp.attachments)
    saved = msg.epilogue
    msg.epilogue = ""
    try:
        return list(type(mp)(msg).attachments)
    finally:
        msg.epilogue = saved


def compare_attachments(pm: ParsedMessage, mp: Any, cmp: Comparison) -> None:
    """Count, names, SHA-256 and content types of the attachments both would call one. Parts
    where the two define "attachment" differently are set aside first, each under a named
    class (``cmp.set_aside``), and the rest must match exactly."""
    aside: list[str] = []
    theirs_all = _without_epilogue(mp)
    aside += ["epilogue_recovery"] * (len(mp.attachments) - len(theirs_all))
    theirs: list[tuple[str | None, str, str]] = []
    for att in theirs_all:
        ctype = str(att["mail_content_type"]).lower()
        if ctype.startswith(("multipart/", "message/")):
            # The stdlib holds message/* and multipart/* parts as parsed sub-messages and
            # mail-parser's payload is their re-serialisation, not the bytes sent; we hash
            # leaves on the wire (message/delivery-status, feedback-report) and descend into
            # message/rfc822 (RFC 2046 section 5.2.1: an encapsulated message is dissected).
            aside.append("container_part")
            continue
        if ctype.startswith("text/") and _disposition(att) == "inline":
            # RFC 2183 section 2.1: inline content is meant to be displayed as part of the
            # message; a name on it is only a suggestion for saving. We read named inline text
            # as body, mail-parser lists it as an attachment too (and as body).
            aside.append("named_inline_text")
            continue
        name: str | None = att["filename"]
        if name is not None and (
            name == att.get("content-id") or _INVENTED_NAME.fullmatch(name) is not None
        ):
            name = None  # invented by mail-parser: the message names no file
        payload = mailparser_payload(att)
        theirs.append((name, hashlib.sha256(payload).hexdigest(), ctype))

    ours: list[tuple[str | None, str, str]] = []
    for part in our_attachments(pm.mime):
        if part.content_type.startswith("message/"):
            aside.append("container_part")  # see above: stdlib containers, no leaf hash
            continue
        ours.append((part.filename, part.sha256 or "", part.content_type))

    # Nameless non-text parts that are not "attachment" (a signature, an inline image with no
    # Content-ID): mail-parser files them under text_not_managed, we hash them because a
    # scanner must see every payload that reaches the recipient (RFC 2183 section 2.10 leaves
    # undisposed parts to the reader).
    their_hashes = {h for _, h, _ in theirs}
    unmanaged = [
        a
        for a in ours
        if a[0] is None and a[1] not in their_hashes and not a[2].startswith("text/")
    ]
    if unmanaged:
        aside += ["nameless_inline_binary"] * len(unmanaged)
        ours = [a for a in ours if a not in unmanaged]

    cmp.attachments_compared = len(theirs)
    cmp.set_aside = tuple(aside)
    uu = _uuencoded_mismatch(ours, theirs, pm)
    checks = {
        "attachments.count": (len(ours), len(theirs)),
        "attachments.names": (sorted(a[0] or "" for a in ours), sorted(a[0] or "" for a in theirs)),
        "attachments.sha256": (sorted(a[1] for a in ours), sorted(a[1] for a in theirs)),
        "attachments.types": (sorted(a[2] for a in ours), sorted(a[2] for a in theirs)),
    }
    for key, (mine, other) in checks.items():
        if not ours and not theirs:
            cmp.outcomes[key] = "n/a"
        elif mine == other:
            cmp.outcomes[key] = "agree"
        elif key == "attachments.sha256" and uu:
            cmp.outcomes[key] = "bug:uuencode_not_decoded"
        else:
            cmp.outcomes[key] = f"unexplained:{key}"
            cmp.details.append(f"{key}: ours={mine!r} mail-parser={other!r}")


def _uuencoded_mismatch(
    ours: list[tuple[str | None, str, str]], theirs: list[tuple[str | None, str, str]], pm: Any
) -> bool:
    """Our bug class: x-uuencode payloads hashed as the encoded text (see the xfail test)."""
    return bool(re.search(rb"(?im)^content-transfer-encoding:\s*x?-?uue", pm.raw)) and sorted(
        (a[0], a[2]) for a in ours
    ) == sorted((a[0], a[2]) for a in theirs)


# --------------------------------------------------------------------------- bodies


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _their_text(text: str) -> str:
    if "\x1b" in text and text.isascii():
        # 7-bit ISO-2022 text: mail-parser returns 7bit/8bit parts as they are when they
        # encode to UTF-8 and so never applies the declared charset. RFC 1468: ISO-2022-JP is a
        # 7-bit charset that must still be decoded. We decode it, so decode theirs to compare.
        with contextlib.suppress(UnicodeDecodeError):
            text = text.encode("ascii").decode("iso2022_jp_2")
    return _norm(make_safe_body(text)[:MAX_TEXT_CHARS])


def _top_level_has(msg: Message, subtype: str) -> bool:
    """Whether the stdlib tree holds a non-attachment text/<subtype> part outside any
    encapsulated message (the only place our text_body/html_body is taken from)."""
    stack = [msg]
    while stack:
        part = stack.pop()
        ctype = part.get_content_type()
        if part is not msg and ctype.startswith("message/"):
            continue
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(p for p in payload if isinstance(p, Message))
            continue
        disposition = part.get_content_disposition()
        named = part.get_param("name") is not None or part.get_filename() is not None
        if ctype == f"text/{subtype}" and not (
            disposition == "attachment" or (named and disposition != "inline")
        ):
            return True  # a body part by our rule (named text is an attachment unless inline)
    return False


def compare_body(key: str, ours: str, theirs: list[str], mp: Any, cmp: Comparison) -> None:
    """Our body is the first top-level text/<subtype> part; mail-parser lists every one,
    including those of encapsulated messages."""
    subtype = "plain" if key == "text_body" else "html"
    mine = _norm(ours)
    others = [_their_text(t) for t in theirs]
    if not mine and not others:
        cmp.outcomes[key] = "n/a"
    elif others and mine == others[0]:
        cmp.outcomes[key] = "agree"
    elif mine and mine in others:
        cmp.outcomes[key] = "tolerated:first_is_encapsulated"  # theirs starts in a nested msg
    elif not mine and not _top_level_has(mp.message, subtype):
        # RFC 2046 section 5.2.1: a message/rfc822 part is another message; its text is not
        # this message's body. mail-parser's lists take text from every level.
        cmp.outcomes[key] = "tolerated:encapsulated_only"
    elif (
        "\ufffd" in ours
        and "CharsetDecodeDefect" in mp.defects_categories
        and not any("\ufffd" in t for t in theirs)
    ):
        # The bytes are not valid in the declared charset but are valid UTF-8 (a label that
        # lies). mail-parser retries as UTF-8 and recovers the text; we keep the label and
        # show U+FFFD for the whole part. See the xfail test.
        cmp.outcomes[key] = "bug:charset_label_lies"
    elif "\ufffd" not in ours and any("\ufffd" in t for t in theirs):
        # We read the gb2312 label as GBK (its superset, as the WHATWG Encoding Standard
        # does); mail-parser decodes strictly and replaces the GBK-only characters.
        cmp.outcomes[key] = "tolerated:superset_charset_recovers_text"
    elif "\ufffd" in ours and any("\ufffd" in t for t in theirs):
        # Bytes that are valid neither in the declared charset nor in UTF-8: both replace,
        # each differently (we keep the declared charset, mail-parser falls back to UTF-8).
        cmp.outcomes[key] = "tolerated:undecodable_both"
    else:
        cmp.outcomes[key] = f"unexplained:{key}"
        cmp.details.append(f"{key}: ours={mine[:80]!r} mail-parser={[o[:80] for o in others]!r}")


# --------------------------------------------------------------------------- header fields


def _first(value: Any) -> str:
    """mail-parser returns a list when a header repeats; both sides use the first one."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "")


def compare_subject(pm: ParsedMessage, mp: Any, cmp: Comparison) -> None:
    mine = _norm(pm.subject or "")
    other = make_safe(_norm(_first(mp.subject)))  # mail-parser leaves folding CRLFs in
    if mine == other:
        cmp.outcomes["subject"] = "agree" if mine else "n/a"
    elif mine.replace(" ", "") == other.replace(" ", ""):
        # RFC 5322 section 2.2.3: unfolding removes only the CRLF, so "van je<CRLF> =?utf-8?..."
        # keeps one space before the encoded-word (RFC 2047 section 6.2 drops whitespace only
        # BETWEEN encoded-words). The stdlib compat32 decode_header that mail-parser uses
        # loses it; we keep it.
        cmp.outcomes["subject"] = "tolerated:folding_space_lost_by_mailparser"
    elif "CharsetDecodeDefect" in mp.defects_categories and "\ufffd" not in mine:
        # gb2312-labelled encoded-words holding GBK text: we decode them as GBK; mail-parser
        # drops the undecodable bytes and mis-decodes the rest.
        cmp.outcomes["subject"] = "tolerated:superset_charset_recovers_text"
    elif "\ufffd" in mine:
        # An encoded-word whose bytes are not all valid in its charset (GBK bytes labelled
        # gb2312): we decode what is valid and mark the rest with U+FFFD; mail-parser drops
        # the word's undecodable bytes and mis-decodes the rest.
        cmp.outcomes["subject"] = "tolerated:undecodable_word"
    else:
        cmp.outcomes["subject"] = "unexplained:subject"
        cmp.details.append(f"subject: ours={mine!r} mail-parser={other!r}")


def compare_addresses(key: str, pm: ParsedMessage, mp: Any, cmp: Comparison) -> None:
    header = "from" if key == "from" else "to"
    mine = [a.address for a in (pm.from_ if key == "from" else pm.to)]
    other = [addr for _, addr in (mp.from_ if key == "from" else mp.to)]
    if mine == other:
        cmp.outcomes[key] = "agree" if mine else "n/a"
        return
    flagged = any(d.get("header") == header for d in mp.address_header_defects)
    kept = [a for a in mine if not _BARE_LOCAL.fullmatch(a)]
    if kept == other:
        # RFC 5322 section 3.4.1 makes "@domain" mandatory, yet bounces say "From:
        # MAILER-DAEMON": we keep what is written (evidence), mail-parser drops it.
        cmp.outcomes[key] = "tolerated:no_at_sign_kept_by_us"
        return
    if flagged:
        # Invalid mailboxes ("a@b@c" from the corpus publisher's anonymisation, unquoted spaces,
        # parameters folded into To): mail-parser drops what it cannot read unambiguously and
        # records an AddressHeaderDefect; the stdlib getaddresses we use salvages pieces. Both
        # are guesses on an invalid header; neither is the address RFC 5322 would give.
        cmp.outcomes[key] = "tolerated:invalid_mailbox"
        return
    cmp.outcomes[key] = f"unexplained:{key}"
    cmp.details.append(f"{key}: ours={mine!r} mail-parser={other!r}")


def compare_message_id(pm: ParsedMessage, mp: Any, cmp: Comparison) -> None:
    mine = pm.message_id or ""
    other = _first(mp.message_id).strip()
    if mine == other:
        cmp.outcomes["message_id"] = "agree" if mine else "n/a"
    else:
        cmp.outcomes["message_id"] = "unexplained:message_id"
        cmp.details.append(f"message_id: ours={mine!r} mail-parser={other!r}")


def compare_date(pm: ParsedMessage, mp: Any, cmp: Comparison) -> None:
    mine = pm.date
    other: datetime | None = mp.date
    if other is not None and other.tzinfo is None:
        other = other.replace(tzinfo=UTC)  # mail-parser's dates are naive UTC
    if mine is None and other is None:
        cmp.outcomes["date"] = "n/a"
    elif mine is not None and other is not None and abs((mine - other).total_seconds()) < 1:
        cmp.outcomes["date"] = "agree"
    elif other is None and any(d.get("header") == "date" for d in mp.date_header_defects):
        # RFC 5322 section 3.3 requires a zone of the form +hhmm/-hhmm. For "... +0000-62495-238",
        # "+-0700" or no zone at all mail-parser gives no date (DateHeaderDefect); the stdlib
        # reading we use takes the date-time and, with no usable zone, UTC (parse_date's
        # documented choice). Neither can know the true instant.
        cmp.outcomes["date"] = "tolerated:zone_unreadable"
    else:
        cmp.outcomes["date"] = "unexplained:date"
        cmp.details.append(f"date: ours={mine} mail-parser={other}")


# --------------------------------------------------------------------------- defects


def _defects_under_unknown_message(msg: Message) -> set[str]:
    """Defect names the stdlib records inside message/* parts other than rfc822: it parses any
    message/* body as a message, but RFC 2046 section 5.2.4 says unrecognised message subtypes
    are to be treated as application/octet-stream (we do: no parse, no defect)."""
    found: set[str] = set()
    stack: list[tuple[Message, bool]] = [(msg, False)]
    while stack:
        part, inside = stack.pop()
        if inside:
            found.update(type(d).__name__ for d in part.defects)
        ctype = part.get_content_type()
        unknown = ctype.startswith("message/") and ctype not in (
            "message/rfc822",
            "message/delivery-status",
            "message/global",
        )
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend((p, inside or unknown) for p in payload if isinstance(p, Message))
    return found


def compare_defects(pm: ParsedMessage, mp: Any, cmp: Comparison) -> None:
    ours = frozenset(d.kind[5:] for d in pm.defects if d.kind.startswith("mime:")) & (
        STDLIB_DEFECTS
    )
    theirs = frozenset(mp.defects_categories) & STDLIB_DEFECTS
    cmp.defects_ours, cmp.defects_theirs = ours, theirs
    cmp.theirs_own_defects = frozenset(mp.defects_categories) - STDLIB_DEFECTS
    if ours == theirs:
        cmp.outcomes["defects"] = "agree" if ours else "n/a"
        return
    tolerated: list[str] = []
    theirs_left = set(theirs)
    if "StartBoundaryNotFoundDefect" in ours:
        # The stdlib's follow-on to a missing start boundary: the multipart's payload is left
        # a string. One event, two names; we record the cause.
        theirs_left.discard("MultipartInvariantViolationDefect")
        tolerated.append("invariant_follows_start_boundary")
    extra = theirs_left - ours
    if extra and extra <= _defects_under_unknown_message(mp.message):
        theirs_left -= extra
        tolerated.append("inside_unknown_message_subtype")
    if ours == theirs_left:
        cmp.outcomes["defects"] = "tolerated:" + "+".join(tolerated)
    else:
        cmp.outcomes["defects"] = "unexplained:defects"
        cmp.details.append(f"defects: ours={sorted(ours)} mail-parser={sorted(theirs)}")


def compare(name: str, pm: ParsedMessage, mp: Any) -> Comparison:
    """Every field of one message; never raises on message content."""
    cmp = Comparison(name)
    compare_attachments(pm, mp, cmp)
    compare_body("text_body", pm.text_body, list(mp.text_plain), mp, cmp)
    compare_body("html_body", pm.html_body, list(mp.text_html), mp, cmp)
    compare_subject(pm, mp, cmp)
    compare_addresses("from", pm, mp, cmp)
    compare_addresses("to", pm, mp, cmp)
    compare_message_id(pm, mp, cmp)
    compare_date(pm, mp, cmp)
    compare_defects(pm, mp, cmp)
    return cmp
