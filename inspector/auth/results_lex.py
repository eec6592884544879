"""An Authentication-Results value (RFC 8601 section 2.2) cut into its semicolon-separated
parts, each as (words, comments): ``a = b`` glued into ``a=b``, quoted strings kept as one
word (marked by NUL characters), comments set aside.

Nearly every real value has only flat comments and quoted strings without escapes, and is
read by one ``finditer`` whose matches go straight into the parts. A nested or escaped
comment, an escaped or unclosed quoted string, sends the value to the character reader
(``_lex`` and ``_segments``), which reads every shape; both give the same parts.
"""

from __future__ import annotations

import re

from inspector.model.auth import ResultsToken

Segment = tuple[list[str], list[str]]

#: One piece of a value: a flat comment, a quoted string without escapes, ";", whitespace,
#: a run of plain text, or anything else (a "(" or '"' the first two cannot read), which
#: hands the whole value to the character reader.
_PIECE = re.compile(r'\(([^()\\]*)\)|"([^"\\]*)"|(;)|(\s+)|([^(";\s]+)|(.)', re.DOTALL)
_COMMENT, _QUOTED, _SEMI, _SPACE, _TEXT, _OTHER = range(1, 7)


def segments(value: str) -> list[Segment]:
    """The value's parts in order, empty ones included (callers drop them)."""
    found = _flat_segments(value)
    return found if found is not None else _segments(_lex(value))


def _flat_segments(value: str) -> list[Segment] | None:
    """``_segments(_lex(value))`` for a value of flat pieces, None for any other."""
    out: list[Segment] = []
    words: list[str] = []
    comments: list[str] = []
    pending: list[str] = []  # text runs and quoted strings with nothing between: one word
    for m in _PIECE.finditer(value):
        kind = m.lastindex
        if kind == _TEXT:
            pending.append(m[_TEXT])
            continue
        if kind == _QUOTED:
            pending.append("\x00" + m[_QUOTED] + "\x00")
            continue
        if kind == _OTHER:
            return None
        if pending:
            _add_word(words, "".join(pending))
            pending.clear()
        if kind == _SEMI:
            out.append((words, comments))
            words, comments = [], []
        elif kind == _COMMENT:
            comment = m[_COMMENT].strip()
            if comment:
                comments.append(comment)
    if pending:
        _add_word(words, "".join(pending))
    out.append((words, comments))
    return out


def _add_word(words: list[str], word: str) -> None:
    """Add a word, glued to the one before when an "=" or "." stands between them
    (``a = b`` is ``a=b``). A word always follows a space, comment or ";", so this is the
    whole of the character reader's gluing."""
    if words and (word.startswith(("=", ".")) or words[-1].endswith(("=", "."))):
        words[-1] += word
    else:
        words.append(word)


#: Runs the lexer takes whole: plain text, whitespace, and comments and quoted strings
#: without escapes or nesting (the rest is read character by character).
_TEXT_RUN = re.compile(r'[^(";\s]+')
_SPACE_RUN = re.compile(r"\s+")
_PLAIN_COMMENT = re.compile(r"\(([^()\\]*)\)")
_PLAIN_QUOTED = re.compile(r'"([^"\\]*)"')


def _lex(value: str) -> list[tuple[ResultsToken, str]]:
    """Split into text (quoted strings kept as one word), comment, semicolon and space tokens
    (one per whitespace character)."""
    out: list[tuple[ResultsToken, str]] = []
    buf: list[str] = []
    i, n = 0, len(value)

    def flush() -> None:
        if buf:
            out.append((ResultsToken.TEXT, "".join(buf)))
            buf.clear()

    while i < n:
        ch = value[i]
        if ch == "(":
            flush()
            plain = _PLAIN_COMMENT.match(value, i)
            if plain is not None:
                out.append((ResultsToken.COMMENT, plain.group(1).strip()))
                i = plain.end()
                continue
            depth, j, text = 1, i + 1, []
            while j < n and depth:
                c = value[j]
                if c == "\\" and j + 1 < n:
                    text.append(value[j + 1])
                    j += 2
                    continue
                depth += (c == "(") - (c == ")")
                if depth:
                    text.append(c)
                j += 1
            out.append((ResultsToken.COMMENT, "".join(text).strip()))
            i = j
        elif ch == '"':
            plain = _PLAIN_QUOTED.match(value, i)
            if plain is not None:
                buf.append("\x00" + plain.group(1) + "\x00")
                i = plain.end()
                continue
            j, text = i + 1, []
            while j < n and value[j] != '"':
                if value[j] == "\\" and j + 1 < n:
                    j += 1
                text.append(value[j])
                j += 1
            buf.append("\x00" + "".join(text) + "\x00")  # quoted: keep as one word
            i = j + 1
        elif ch == ";":
            flush()
            out.append((ResultsToken.SEMI, ";"))
            i += 1
        elif ch.isspace():
            flush()
            run = _SPACE_RUN.match(value, i)
            end = run.end() if run is not None else i + 1
            out.extend([(ResultsToken.SPACE, " ")] * (end - i))
            i = end
        else:
            run = _TEXT_RUN.match(value, i)
            end = run.end() if run is not None else i + 1
            buf.append(value[i:end])
            i = end
    flush()
    return out


def _segments(tokens: list[tuple[ResultsToken, str]]) -> list[tuple[list[str], list[str]]]:
    """Group tokens between semicolons into (words, comments); ``a = b`` becomes ``a=b``."""
    segments: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    comments: list[str] = []
    glue = False
    for kind, text in tokens:
        if kind is ResultsToken.SEMI:
            segments.append((words, comments))
            words, comments, glue = [], [], False
        elif kind is ResultsToken.COMMENT:
            if text:
                comments.append(text)
            glue = False
        elif kind is ResultsToken.SPACE:
            glue = False
        elif words and (glue or text.startswith(("=", ".")) or words[-1].endswith(("=", "."))):
            words[-1] += text
            glue = True
        else:
            words.append(text)
            glue = True
    segments.append((words, comments))
    return segments
