"""What the phrase rules may read, and the shape of a rule.

Two things are never read: a recipient's local part (sample bounces name the answer there,
``userunknown@...``) and the path of a link (help pages name the answer in their URLs).
Addresses keep only their domain and links only their host, which still names a block list
or a provider.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from inspector.model.bounces import BounceParty, BounceReason, DsnAction, SmtpCommand

_URL = re.compile(r"\b(?:https?|ftp)://([A-Za-z0-9.-]+)[^\s<>\"')\]]*", re.I)
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_SPACE = re.compile(r"\s+")
_CAPITALS_OUTSIDE_ESCAPES = re.compile(r"\\.|[A-Z]+", re.S)
#: Escapes, character classes (an escaped bracket opens none) and extension groups other
#: than ``(?:``, lookahead and lookbehind, scanned left to right.
_TOKENS = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?[^:=!<]", re.S)
_CAPITAL = re.compile(r"[A-Z]")
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")
_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]", re.S)


def lowered_pattern(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """``pattern`` compiled to search ASCII text lowered, with its capitals outside escapes
    lowered (provider codes are written in capitals): it finds what ignoring case finds in
    the text as written, because ignoring case folds ASCII letters only to ASCII letters and
    lowering ASCII keeps every position. None where that does not hold: a character given by
    its code, a back reference, inline flags, a capital inside a character class."""
    if any(_unsafe_to_lower(token.group(0)) for token in _TOKENS.finditer(pattern)):
        return None
    return re.compile(_CAPITALS_OUTSIDE_ESCAPES.sub(_lower_unless_escape, pattern), flags)


def _unsafe_to_lower(token: str) -> bool:
    """An escape, a character class or the start of an extension group (see ``_TOKENS``)."""
    if token[0] == "\\":
        return token[1] in "xuUN0123456789"
    if token[0] == "[":
        return _CAPITAL.search(token) is not None
    return True


def _lower_unless_escape(found: re.Match[str]) -> str:
    text = found.group(0)
    return text if text.startswith("\\") else text.lower()


def required_words(pattern: str) -> tuple[str, ...] | None:
    """Text one of which every match of ``pattern`` holds: a literal run each top-level
    alternative requires, or None when an alternative requires none. A
    text holding none of them cannot match, and ``in`` says so faster than a search that
    tries every alternative at every position."""
    words = []
    for alternative in _top_level_alternatives(pattern):
        word = _required_literal(alternative)
        if not word:
            return None
        words.append(word)
    return tuple(words)


def _top_level_alternatives(pattern: str) -> list[str]:
    alternatives, start, i = [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char in "\\[(":
            i = _item_end(pattern, i)  # an escape, a class or a group holds no top-level |
            continue
        if char == "|":
            alternatives.append(pattern[start:i])
            start = i + 1
        i += 1
    alternatives.append(pattern[start:])
    return alternatives


def _required_literal(alternative: str) -> str:
    """The longest run of literal characters an alternative requires: groups, classes,
    escapes like ``\\w`` and quantified characters (``?``, ``*``, ``{}`` make one optional;
    ``+`` keeps one) break runs."""
    best, run, i = "", "", 0
    while i < len(alternative):
        char = alternative[i]
        if char in "([" or (char == "\\" and alternative[i + 1 : i + 2].isalnum()):
            best, run = max(best, run, key=len), ""
            i = _skip_quantifier(alternative, _item_end(alternative, i))
            continue
        if char in ".^$*+?{}]|)":
            best, run = max(best, run, key=len), ""
            i += 1
            continue
        literal, step = (alternative[i + 1 : i + 2], 2) if char == "\\" else (char, 1)
        after = alternative[i + step : i + step + 1]
        if after in ("?", "*", "{"):
            best, run = max(best, run, key=len), ""
            i = _skip_quantifier(alternative, i + step)
            continue
        run += literal
        i += step
        if after == "+":
            best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


def _item_end(pattern: str, i: int) -> int:
    """Where the group, class or escape starting at ``i`` ends."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] == "[":
        found = _CLASS.match(pattern, i)
        return found.end() if found else len(pattern)
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _item_end(pattern, i)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        i += 1
        if depth == 0:
            return i
    return i


def _skip_quantifier(pattern: str, i: int) -> int:
    found = _QUANTIFIER.match(pattern, i)
    return found.end() if found else i


def ascii_lowered(text: str) -> str | None:
    """``text`` lowered when it is ASCII, for ``CaselessPattern.found``; else None."""
    return text.lower() if text.isascii() else None


class CaselessPattern:
    """A pattern searched ignoring case. On ASCII text, lowered once by the caller for all
    its patterns, a pattern written in lower case is searched as written: a case-sensitive
    search scans for its first letters at C speed where ignoring case folds case at every
    position."""

    __slots__ = ("caseless", "lower")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.caseless = re.compile(pattern, re.I | flags)
        self.lower = lowered_pattern(pattern, flags)

    def found(self, text: str, lowered: str | None) -> bool:
        """Whether it occurs in ``text``; ``lowered`` is ``ascii_lowered(text)``."""
        if self.lower is not None and lowered is not None:
            return self.lower.search(lowered) is not None
        return self.caseless.search(text) is not None


def words_of(diagnostic: str | None) -> str:
    """The text the rules read: one line, links cut to their host, addresses to their
    domain. Why: sample bounces name the answer in local parts and help links do in paths;
    a host still names a block list or provider."""
    if not diagnostic:
        return ""
    text = diagnostic
    if "://" in text:  # every link the pattern reads has one
        text = _URL.sub(lambda m: "" if "sisimai" in m.group(1).lower() else m.group(1), text)
    text = text[:20000]
    if "@" in text:
        text = _ADDRESS.sub(r"x@\1", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Facts:
    """What the rules may look at besides the words."""

    status: str | None
    reply: str | None
    action: DsnAction | None
    host: str
    command: SmtpCommand | None
    temporary: bool
    #: The words in lower case when they are ASCII, else None: lowered once for the forty
    #: rules that each read them (see ``phrase_rule``).
    lowered: str | None = None


@dataclass(frozen=True)
class Hit:
    reason: BounceReason
    matched: str
    detail: str = ""
    party: BounceParty | None = None  # when the usual party of the reason does not fit


Check = Callable[[str, Facts], Hit | None]


def phrase_rule(
    reason: BounceReason,
    pattern: str,
    detail: str = "",
    when: Callable[[Facts], bool] | None = None,
    party: BounceParty | None = None,
) -> Check:
    """A phrase rule: the first rule whose pattern matches (and whose condition holds) wins.

    ASCII words are lowered and searched case-sensitively when the pattern is written in
    lower case: the same match (ignoring case folds ASCII letters only to ASCII letters, and
    lowering ASCII keeps every position), but a case-insensitive pattern folds case at every
    position where a case-sensitive one scans for its first letters at C speed. The words are
    lowered once, in ``facts.lowered``, which holds them only when they are ASCII. The matched
    text is cut from the words as written."""
    regex = re.compile(pattern, re.I)
    lower = lowered_pattern(pattern)
    needles = required_words(lower.pattern) if lower is not None else None

    def check(words: str, facts: Facts) -> Hit | None:
        if when is not None and not when(facts):
            return None
        lowered = facts.lowered
        if lower is not None and lowered is not None:
            if needles is not None and not _holds_any(lowered, needles):
                return None
            found = lower.search(lowered)
            return Hit(reason, words[found.start() : found.end()], detail, party) if found else None
        m = regex.search(words)
        return Hit(reason, m.group(0), detail, party) if m else None

    return check


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:  # noqa: SIM110 - a generator costs more than the tests
        if needle in text:
            return True
    return False


def not_permanent(facts: Facts) -> bool:
    return facts.status is None or facts.status.startswith("4") or facts.temporary


def final_attempt(facts: Facts) -> bool:
    return facts.action in (None, DsnAction.FAILED, DsnAction.EXPIRED, DsnAction.DELAYED)
