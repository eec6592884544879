"""A Received header's text as RFC 5322 tokens: atoms, nested comments, quoted strings,
<angle> and [bracket] tokens and the ``;`` before the date, without ever raising. The
clause reader in ``inspector.route.received`` works on these."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeAlias

from inspector.model.route import TokenKind

#: A token: its kind and its text. A plain pair because a header makes dozens and readers
#: unpack them: a named tuple (a tuple subclass) costs twice as much to build and its fields
#: are slower to read, a frozen dataclass several times more.
Token: TypeAlias = tuple[TokenKind, str]


#: The characters that matter inside a comment or a bracket: escapes and the two brackets.
_NESTING = {"(": re.compile(r"[\\()]"), "[": re.compile(r"[\\\[\]]")}


SEMICOLON: Token = (TokenKind.SEMI, ";")


def _closing(s: str, i: int, open_c: str, close_c: str) -> int:
    """Index just past the bracket that closes the one at ``i`` (nesting honoured), or len(s).
    Jumps from one escape or bracket to the next instead of reading every character."""
    stops = _NESTING[open_c]
    depth = 0
    n = len(s)
    j = i
    while True:
        found = stops.search(s, j)
        if found is None:
            return n
        j = found.start()
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == open_c:
            depth += 1
        elif c == close_c:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1


#: One step of the tokenizer: separators, then an atom, a ";", a comment with at most one
#: level of nesting and no escapes, a bracket without nesting or escapes, a quoted string
#: without escapes or a well-formed angle token; anything else stops at the character (group
#: "other") for the character-level reader. Nearly every token of a Received header is one of
#: these (Postfix's "(... (256/256 bits))" is the usual nested comment), so the whole text is
#: read by one ``finditer`` instead of a Python loop turn per separator and per token.
_STEP = re.compile(
    r"[\s,)\]>]*"
    r"(?:([^()\[\]<>\";, \t\r\n]+)"  # 1 atom
    r"|(;)"  # 2 semicolon
    r"|\(([^()\\]*(?:\([^()\\]*\)[^()\\]*)*)\)"  # 3 comment
    r"|\[([^\[\]\\]*)\]"  # 4 bracket
    r"|<([^>(;]*)>"  # 5 angle
    r'|"([^"\\]*)"'  # 6 quoted
    r"|(.))?",  # 7 other
    re.DOTALL,
)
_OTHER = 7

#: The same step as one capture of the whole token, delimiters included: a match object per
#: token with seven groups costs more than the rest of the tokenizer, while ``findall`` of one
#: group hands back plain strings whose first character tells the kind. A token the step
#: leaves to character-level reading comes back as its lone opening character.
_WHOLE_TOKEN = re.compile(
    r"[\s,)\]>]*+"  # possessive, like the step's: "." must not take a separator back
    r"([^()\[\]<>\";, \t\r\n]+"
    r"|;"
    r"|\([^()\\]*(?:\([^()\\]*\)[^()\\]*)*\)"
    r"|\[[^\[\]\\]*\]"
    r"|<[^>(;]*>"
    r'|"[^"\\]*"'
    r"|.)",
    re.DOTALL,
)
_NOT_ATOM = frozenset('([<";')


def tokenize(s: str) -> list[Token]:
    """The tokens of ``s``; text needing character-level reading anywhere (escapes, deeper
    nesting, a stray "<": a few headers in a thousand) is read step by step instead."""
    toks: list[Token] = []
    append = toks.append
    atom = TokenKind.ATOM
    not_atom = _NOT_ATOM
    for p in _WHOLE_TOKEN.findall(s):
        c = p[0]
        if c not in not_atom:
            append((atom, p))
        elif c == "(":
            if len(p) == 1:
                return _tokenize_stepwise(s)
            append((TokenKind.COMMENT, p[1:-1]))
        elif c == ";":
            append(SEMICOLON)
        elif len(p) == 1:
            return _tokenize_stepwise(s)
        elif c == "[":
            append((TokenKind.BRACKET, p[1:-1].strip()))
        elif c == "<":
            append((TokenKind.ANGLE, p[1:-1].strip()))
        else:
            append((TokenKind.QUOTED, p[1:-1]))
    return toks


def _tokenize_stepwise(s: str) -> list[Token]:
    toks: list[Token] = []
    append = toks.append
    atom, comment, bracket = TokenKind.ATOM, TokenKind.COMMENT, TokenKind.BRACKET
    i = 0
    n = len(s)
    while i < n:
        for m in _STEP.finditer(s, i):
            group = m.lastindex
            if group == 1:
                append((atom, m[1]))
            elif group == 3:
                append((comment, m[3]))
            elif group == 2:
                append(SEMICOLON)
            elif group == 4:
                append((bracket, m[4].strip()))
            elif group == 5:
                append((TokenKind.ANGLE, m[5].strip()))
            elif group == 6:
                append((TokenKind.QUOTED, m[6]))
            elif group == _OTHER:
                i = _read_other(s, m.end() - 1, append)
                break
        else:
            break
    return toks


def _read_other(s: str, i: int, append: Callable[[Token], None]) -> int:
    """Read the token at ``s[i]`` that the step pattern leaves to character-level reading (a
    nested or escaped comment or bracket, a quoted string, a stray "<"); returns where the
    next token starts."""
    n = len(s)
    c = s[i]
    if c == "(":
        j = _closing(s, i, "(", ")")
        inner = s[i + 1 : j - 1] if j <= n and s[j - 1 : j] == ")" else s[i + 1 : j]
        append((TokenKind.COMMENT, inner))
        return j
    if c == "[":
        j = _closing(s, i, "[", "]")
        inner = s[i + 1 : j - 1] if s[j - 1 : j] == "]" else s[i + 1 : j]
        append((TokenKind.BRACKET, inner.strip()))
        return j
    if c == '"':
        j = i + 1
        while j < n and s[j] != '"':
            j += 2 if s[j] == "\\" else 1
        append((TokenKind.QUOTED, s[i + 1 : min(j, n)]))
        return j + 1
    return i + 1  # a stray "<": skip it, the rest is read as atoms


# --------------------------------------------------------------------------- dates

# Where a date starts when the header has no top-level ";" (parse_received_date reads it).
