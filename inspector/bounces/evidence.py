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
_ESCAPE = re.compile(r"\\.")
_UPPER_LETTER = re.compile(r"[A-Z]")


def words_of(diagnostic: str | None) -> str:
    """The text the rules read: one line, links cut to their host, addresses to their
    domain. Why: sample bounces name the answer in local parts and help links do in paths;
    a host still names a block list or provider."""
    if not diagnostic:
        return ""
    text = _URL.sub(lambda m: "" if "sisimai" in m.group(1).lower() else m.group(1), diagnostic)
    text = _ADDRESS.sub(r"x@\1", text[:20000])
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
    lower = re.compile(pattern) if not _UPPER_LETTER.search(_ESCAPE.sub("", pattern)) else None

    def check(words: str, facts: Facts) -> Hit | None:
        if when is not None and not when(facts):
            return None
        if lower is not None and facts.lowered is not None:
            found = lower.search(facts.lowered)
            return Hit(reason, words[found.start() : found.end()], detail, party) if found else None
        m = regex.search(words)
        return Hit(reason, m.group(0), detail, party) if m else None

    return check


def not_permanent(facts: Facts) -> bool:
    return facts.status is None or facts.status.startswith("4") or facts.temporary


def final_attempt(facts: Facts) -> bool:
    return facts.action in (None, DsnAction.FAILED, DsnAction.EXPIRED, DsnAction.DELAYED)
