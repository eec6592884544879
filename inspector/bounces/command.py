"""Which SMTP command the remote server was answering, from the bounce's own words.

It decides between an unknown address and a filter: an "unknown user" answer to DATA cannot
be a directory lookup, because RCPT had already accepted the address. Each MTA family writes
the stage differently (Postfix "in reply to RCPT TO command", Exim "after RCPT TO:",
Sendmail and Courier ``>>>`` transcripts, m-FILTER "-------SMTP command", Yahoo
``[RCPT_TO]``).
"""

from __future__ import annotations

import re

from inspector.model.bounces import SmtpCommand

#: Each pattern with words every match of it holds, in lower case.
_COMMAND_PATTERNS = (
    (
        r"in reply to (RCPT TO|RCPT|MAIL FROM|end of DATA|DATA|HELO|EHLO|BDAT)\s+command",
        "in reply to ",
    ),
    (
        r"(?:SMTP error from remote (?:mail )?server|failed) after (RCPT TO|RCPT|MAIL FROM|"
        r"end of data|DATA|initial connection|HELO|EHLO)",
        " after ",
    ),
    (r"-{3,}\s*SMTP command\s+(\w+)", "smtp command"),
    (r"\[(RCPT_TO|MAIL_FROM|DATA)\]", "["),
    (r"refused to accept your message \((DATA|RCPT|MAIL)\)", "refused to accept your message ("),
)
#: Each pattern ignoring case, and in lower case for lowered ASCII text: the same matches
#: (ignoring case folds ASCII letters only to ASCII letters; no escape here is a capital),
#: but a case-sensitive pattern is scanned for at C speed instead of folding case at every
#: position; lowered text without the pattern's words is not searched at all. The command
#: word is upper-cased by ``normal_command`` either way.
_COMMANDS = tuple(
    (re.compile(p, re.I), re.compile(p.lower()), needle) for p, needle in _COMMAND_PATTERNS
)
_ERROR_REPLY = re.compile(r"<<<\s*[45]\d\d")
_SCAN = 50_000  # characters of the human-readable text read for the stage


def normal_command(word: str) -> SmtpCommand:
    """``RCPT TO`` / ``end of DATA`` / ``EHLO`` -> the stage they belong to."""
    w = word.upper().replace("_", " ")
    if w.startswith("RCPT"):
        return SmtpCommand.RCPT
    if w.startswith("MAIL"):
        return SmtpCommand.MAIL
    if "DATA" in w or w == "BDAT":
        return SmtpCommand.DATA
    if w in ("HELO", "EHLO"):
        return SmtpCommand.HELO
    return SmtpCommand.CONN


def _collapse_spaces(text: str) -> str:
    """``re.sub(r"\\s+", " ", text)``, five times faster on a long text: ``str.split`` and
    ``\\s`` know the same whitespace (``str.isspace``), and a run at either end is kept as
    one space."""
    words = text.split()
    if not words:
        return " " if text else ""
    flat = " ".join(words)
    if text[0].isspace():
        flat = " " + flat
    if text[-1].isspace():
        flat += " "
    return flat


def smtp_command(text: str | None, address: str | None) -> SmtpCommand | None:
    """The stage of the failure for ``address`` (its own paragraph first, then anywhere)."""
    if not text:
        return None
    text = text[:_SCAN]
    flat = _collapse_spaces(text)
    lowered = flat.lower()
    start = lowered.find(address.lower()) if address else -1
    ascii_text = flat.isascii()
    haystack = lowered if ascii_text else flat
    scope = haystack[start:] if start > 0 else None  # from 0 it is the whole text
    for caseless, lower, needle in _COMMANDS:
        if ascii_text and needle not in haystack:
            continue
        regex = lower if ascii_text else caseless
        m = regex.search(scope) if scope is not None else None
        m = m or regex.search(haystack)
        if m:
            return normal_command(m.group(1))
    return _transcript_command(text, address)


def _transcript_command(text: str, address: str | None) -> SmtpCommand | None:
    """Sendmail/Courier transcripts: the last ``>>>`` command before the first error reply;
    an error with no command before it came at the greeting. Only a ``<<<`` line answers,
    so a text without one is no transcript."""
    if "<<<" not in text:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    begin = 0
    if address:
        lowered_address = address.lower()
        for i, line in enumerate(lines):
            if ("<<<" in line or ">>>" in line) and lowered_address in line.lower():
                begin = max(0, i - 3)
                break
    last: str | None = None
    for line in lines[begin:]:
        s = line.strip()
        if s.startswith(">>>"):
            last = s[3:].strip().split(":")[0].split()[0] if s[3:].strip() else None
        elif _ERROR_REPLY.match(s):
            if last is None and "while talking" in "\n".join(lines[max(0, begin - 5) :]).lower():
                return SmtpCommand.CONN
            return normal_command(last) if last else None
    return None
