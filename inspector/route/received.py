"""One Received header -> one ``model.Hop`` (helo, reverse DNS, IP and its scope, by, protocol,
TLS, id, for, timestamp), without ever raising.

Why our own tokenizer instead of mail-parser's received parsing: mail-parser splits the header
with regular expressions on the clause keywords and leaves the client's IP address, HELO name
and TLS details inside the raw ``from`` text, which is exactly what the relay view, SPF
(client IP and HELO of the boundary hop) and the TLS finding need; it also clamps negative hop
delays to zero, hiding clock skew. Received headers are loosely standardised (RFC 5321 section
4.4 gives the clauses, every MTA fills the comments its own way), so the approach here is:
tokenize like RFC 5322 (``received_tokens``: atoms, nested comments, quoted strings, <angle>
and [bracket] tokens), cut the text at the last top-level ``;`` into clauses and date, take
the first value of each clause keyword, and mine the comments of the ``from`` clause for the
address, reverse name and HELO that Postfix, Exim, Sendmail, qmail, Exchange, Gmail and
friends write there. TLS details are found with one pattern per MTA family over the whole
clause text.

Whatever is left over goes to ``Hop.unparsed``; the raw text is always kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.model.route import Hop, TokenKind
from inspector.route.ipinfo import ip_scope, normalize_ip
from inspector.route.received_date import parse_received_date
from inspector.route.received_tls import find_tls, may_name_tls
from inspector.route.received_tokens import SEMICOLON, Token, tokenize

_MAX_PARSE = 8192  # a real Received header is well under 1 KB; longer text is not mined
_KEYWORDS = frozenset({"from", "by", "via", "with", "id", "for"})
_LONGEST_KEYWORD = max(len(k) for k in _KEYWORDS)

_DATE_IN_TEXT = re.compile(
    r"(?:\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?\b\d{1,2}\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{2,4}\s+\d{1,2}:\d{2}"
    r"|\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- protocol

_KNOWN_PROTOCOLS = frozenset(
    (
        "SMTP", "SMTPS", "ESMTP", "ESMTPA", "ESMTPS", "ESMTPSA", "LMTP", "LMTPA", "LMTPS",
        "LMTPSA", "UTF8SMTP", "UTF8SMTPA", "UTF8SMTPS", "UTF8SMTPSA", "UTF8LMTP", "UTF8LMTPA",
        "UTF8LMTPS", "UTF8LMTPSA", "HTTP", "HTTPS", "IMAP", "POP3", "MAPI",
    )
)  # fmt: skip
_PROTOCOL_ALIASES = {
    "SMTPSVC": "SMTP",  # Microsoft SMTPSVC (IIS / Exchange 2003)
    "BSMTP": "SMTP",  # batched SMTP
    "HTTPREST": "HTTP",  # Gmail API
    "ESMTP-TLS": "ESMTPS",  # CommuniGate Pro
    "LOCAL": "local",
}


def _protocol(toks: list[Token]) -> str | None:
    words: list[str] = []
    for kind, text in toks:
        if kind is TokenKind.ATOM:
            words.append(text)
        elif kind is TokenKind.BRACKET:
            words.extend(text.split())
    for w in words:
        u = w.upper()
        if u.startswith("LOCAL-"):
            u = u[6:]
        u = u.split("/", 1)[0]
        u = _PROTOCOL_ALIASES.get(u, u)
        if u in _KNOWN_PROTOCOLS or u == "local":
            return u
    plain = [text for kind, text in toks if kind is TokenKind.ATOM][:4]
    return " ".join(plain) if plain else None


# --------------------------------------------------------------------------- from clause

_HOSTNAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_-]+)*\.?$")
_NO_NAME = frozenset({"unknown", "unverified", "softdnserr", "may", "no.name.available"})
_FILLER = frozenset({"named", "unknown", "claiming", "to", "be", "as", "user", "_"})
_LETTER = re.compile(r"[A-Za-z]")
_PORT = re.compile(r":\d{1,5}")


def _rdns_candidate(word: str) -> str | None:
    w = word.strip().rstrip(",")
    if not w or w.lower() in _NO_NAME or normalize_ip(w):
        return None
    if not _HOSTNAME.match(w):
        return None
    if w.lower() == "localhost":
        return w
    labels = w.rstrip(".").split(".")
    if len(labels) < 2 or not _LETTER.search(labels[-1]):
        return None
    return w.rstrip(".")


@dataclass
class _FromInfo:
    host: str | None = None
    ip: str | None = None
    rdns: str | None = None
    helo: str | None = None
    explicit_helo: bool = False


def _mine_comment(text: str, info: _FromInfo, depth: int = 0) -> None:
    """Read address, reverse name and HELO out of one from-clause comment."""
    toks = tokenize(text)
    if len(toks) == 1 and toks[0][0] is TokenKind.ATOM and info.rdns is None:
        info.rdns = _rdns_candidate(toks[0][1])
    for k, (kind, written) in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if kind is TokenKind.COMMENT:
            if depth < 3:
                _mine_comment(written, info, depth + 1)
            continue
        if kind is TokenKind.BRACKET:
            ip = normalize_ip(written)
            if ip and info.ip is None:
                info.ip = ip
            continue
        if kind is not TokenKind.ATOM and kind is not TokenKind.ANGLE:
            continue
        word = written
        low = word.lower()
        if kind is TokenKind.ATOM and low in ("helo", "ehlo", "lhlo"):
            info.explicit_helo = True
            if nxt is not None and nxt[0] in (
                TokenKind.ATOM,
                TokenKind.BRACKET,
                TokenKind.QUOTED,
            ):
                val = nxt[1] if nxt[0] is not TokenKind.BRACKET else f"[{nxt[1]}]"
                if val.lower() not in _KEYWORDS:
                    info.helo = val or None
            continue
        if kind is TokenKind.ATOM and low.startswith(("helo=", "ehlo=")):
            info.explicit_helo = True
            val = word[5:]
            if not val and nxt is not None and nxt[0] is TokenKind.BRACKET:
                val = f"[{nxt[1]}]"
            info.helo = val or None
            continue
        if low.startswith("ident="):
            continue
        if low.startswith("ident:"):
            word = word[6:]
        ip = normalize_ip(word)
        if ip:
            if info.ip is None:
                info.ip = ip
            continue
        if "@" in word:
            host = word.rsplit("@", 1)[1]
            ip = normalize_ip(host)
            if ip and info.ip is None:
                info.ip = ip
            elif not ip and nxt is not None and nxt[0] is TokenKind.BRACKET and info.rdns is None:
                info.rdns = _rdns_candidate(host)
            continue
        if nxt is not None and nxt[0] is TokenKind.BRACKET and info.rdns is None:
            info.rdns = _rdns_candidate(word)


def _read_from(toks: list[Token], leftovers: list[str]) -> _FromInfo:
    info = _FromInfo()
    rest = toks
    if toks and toks[0][0] in (
        TokenKind.ATOM,
        TokenKind.BRACKET,
        TokenKind.ANGLE,
        TokenKind.QUOTED,
    ):
        first_kind, first = toks[0]
        rest = toks[1:]
        if first_kind is TokenKind.BRACKET:
            if normalize_ip(first):
                info.host = f"[{first}]"
            else:
                leftovers.append(f"[{first}]")
        else:
            info.host = first.rstrip(",") or None
    host_ip = normalize_ip(info.host) if info.host else None
    claiming = False
    for k, (kind, text) in enumerate(rest):
        if kind is TokenKind.COMMENT:
            _mine_comment(text, info)
        elif kind is TokenKind.BRACKET:
            ip = normalize_ip(text)
            if ip and info.ip is None:
                info.ip = ip
        elif kind is TokenKind.QUOTED and claiming:
            info.helo = text or None
            info.explicit_helo = True
        elif kind is TokenKind.ATOM:
            low = text.lower()
            if low == "claiming":
                claiming = True
            elif _PORT.fullmatch(text) or low in _FILLER:
                continue
            elif low in ("helo", "ehlo") and k + 1 < len(rest):
                info.helo = rest[k + 1][1] or None
                info.explicit_helo = True
            elif not (k > 0 and rest[k - 1][1].lower() in ("helo", "ehlo")):
                leftovers.append(text)
        else:
            leftovers.append(text)
    if info.ip is None and host_ip:
        info.ip = host_ip
    if info.explicit_helo:
        if info.rdns is None and info.host and not host_ip:
            info.rdns = _rdns_candidate(info.host)
    elif info.host:
        info.helo = info.host
    return info


def _first_value(toks: list[Token], leftovers: list[str], *, strip: str = "") -> str | None:
    """The first atom/angle/bracket of a clause; later atoms are left over."""
    value: str | None = None
    for kind, written in toks:
        if kind is TokenKind.COMMENT:
            continue
        if value is None and kind in (TokenKind.ATOM, TokenKind.ANGLE, TokenKind.BRACKET):
            text = written.strip().rstrip(",;").strip(strip)
            if kind is TokenKind.BRACKET:
                text = normalize_ip(text) or text
            value = text or None
        elif kind in (TokenKind.ATOM, TokenKind.QUOTED, TokenKind.ANGLE):
            leftovers.append(written)
    return value


# --------------------------------------------------------------------------- the header


def _split_date(toks: list[Token]) -> tuple[list[Token], list[Token]]:
    """(clause tokens, date tokens): cut at the last top-level ";"; words after the date that
    start a clause (``; <date> for <x>``) go back to the clauses."""
    count = toks.count(SEMICOLON)
    if not count:
        return toks, []
    cut = len(toks) - 1 - toks[::-1].index(SEMICOLON)
    clauses = toks[:cut] if count == 1 else [t for t in toks[:cut] if t != SEMICOLON]
    date = toks[cut + 1 :]
    for k, (kind, text) in enumerate(date):
        if kind is TokenKind.ATOM and len(text) <= _LONGEST_KEYWORD and text.lower() in _KEYWORDS:
            return clauses + date[k:], date[:k]
    return clauses, date


#: How a token of each kind other than an atom or ";" is written back, around its text.
_WRITTEN = {
    TokenKind.COMMENT: "({})",
    TokenKind.BRACKET: "[{}]",
    TokenKind.ANGLE: "<{}>",
    TokenKind.QUOTED: '"{}"',
}


def _tok_text(toks: list[Token]) -> str:
    atom = TokenKind.ATOM
    return " ".join(
        [text if kind is atom else _WRITTEN.get(kind, "{}").format(text) for kind, text in toks]
    )


def parse_received(value: str, index: int = 0) -> Hop:
    """Split one Received header value into a Hop; never raises (unexpected input leaves
    fields None and the text in ``unparsed``)."""
    try:
        return _parse(value, index)
    except Exception as exc:  # hostile input must never sink the analysis
        return Hop(index=index, raw=value, unparsed=f"internal parser error: {exc!r}")


def _parse(value: str, index: int) -> Hop:
    text = " ".join(value.replace("\x00", " ").split())
    leftovers: list[str] = []
    if len(text) > _MAX_PARSE:
        leftovers.append(f"[{len(text) - _MAX_PARSE} characters not parsed]")
        text = text[:_MAX_PARSE]
    toks = tokenize(text)
    # "(from host [ip]) by ..." (NAVGW, Sendmail submit) - the from clause sits in a comment.
    if toks and toks[0][0] is TokenKind.COMMENT and toks[0][1].lower().startswith("from "):
        toks = tokenize(toks[0][1]) + toks[1:]
    if SEMICOLON in toks:
        clause_toks, date_toks = _split_date(toks)
        date_text = _tok_text(date_toks)
    else:
        found = list(_DATE_IN_TEXT.finditer(text))
        m = found[-1] if found else None
        if m is not None:
            clause_toks, date_text = tokenize(text[: m.start()]), text[m.start() :]
        else:
            clause_toks, date_text = toks, ""

    clauses: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    atom, comment = TokenKind.ATOM, TokenKind.COMMENT
    for t in clause_toks:
        kind, word = t
        # a keyword has at most four letters: longer words (most of them) are never lowered
        if kind is atom and len(word) <= _LONGEST_KEYWORD and word.lower() in _KEYWORDS:
            kw = word.lower()
            if kw in clauses:  # a second "from"/"by": envelope notes, kept as left over
                current = None
                leftovers.append(word)
            else:
                current = clauses.setdefault(kw, [])
            continue
        if current is not None:
            current.append(t)
        elif kind is not comment:
            leftovers.append(_tok_text([t]))

    info = _read_from(clauses.get("from", []), leftovers)
    by = _first_value(clauses.get("by", []), leftovers, strip="<>")
    hop_id = _first_value(clauses.get("id", []), leftovers, strip="<>")
    for_ = _first_value(clauses.get("for", []), leftovers, strip="<>")
    with_toks = clauses.get("with", [])
    protocol = _protocol(with_toks) if with_toks else None
    tls, tls_version, cipher = (
        find_tls(_tok_text(clause_toks)) if may_name_tls(text) else (None, None, None)
    )
    if tls:  # words the TLS pattern explained are not left over ("over TLS secured channel")
        tls_words = set(tls.split())
        leftovers = [w for w in leftovers if w not in tls_words]
    timestamp = parse_received_date(date_text) if date_text else None
    if date_text and timestamp is None:
        leftovers.append(f"date: {date_text}")
    ip = info.ip
    return Hop(
        index=index,
        raw=value,
        from_host=info.host,
        helo=info.helo,
        rdns=info.rdns,
        ip=ip,
        ip_scope=ip_scope(ip),
        by=by,
        protocol=protocol,
        tls=tls,
        tls_version=tls_version,
        cipher=cipher,
        id=hop_id,
        for_=for_,
        timestamp=timestamp,
        unparsed=" ".join(leftovers)[:1000],
    )
