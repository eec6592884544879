"""TLS in Received headers: the version and cipher each MTA family writes, found with one
pattern per family over the whole clause text, and version names normalized ("TLS1_2" ->
"TLSv1.2").
"""

from __future__ import annotations

import re

_TLS_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = (
    # Postfix, Stalwart: (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))
    (
        re.compile(r"using\s+((?:TLS|SSL)v?[\d.]+)\s+with\s+cipher\s+([\w-]+)(?:\s*\([^)]*\))?"),
        True,
    ),
    # Microsoft, Gmail, sendmail: version=TLS1_2, cipher=... / (version=TLSv1.3 cipher=... bits=)
    (re.compile(r"version=((?:TLS|SSL)[\w./]*)[,\s]+cipher=([\w-]+)", re.IGNORECASE), True),
    # Exim 4.9x: (TLS1.3) tls TLS_AES_256_GCM_SHA384
    (re.compile(r"\((TLSv?1[._]\d)\)\s*tls\s+([\w-]+)", re.IGNORECASE), True),
    # Exim < 4.9, OpenSMTPD: TLS-1.0:RSA_AES_256_CBC_SHA:32, TLSv1:DES-CBC3-SHA:168, TLS1.2:..:256
    (re.compile(r"((?:TLS|SSL)-?v?\d(?:[._]\d)?(?:/SSLv3)?):([\w-]+):\d+", re.IGNORECASE), True),
    # Courier, Mirapoint: TLS: TLS1.3, 128bits, ECDHE_RSA_AES_128_GCM_SHA256
    (re.compile(r"TLS:\s*((?:TLS|SSL)[\w./]*)\s*,\s*\d+\s*bits\s*,\s*([\w-]+)"), True),
    # ESMTP/TLS/DHE-RSA-AES256-GCM-SHA384
    (re.compile(r"/TLS/([\w-]+)"), False),
    # MessageLabs: with AES256-GCM-SHA384 encrypted SMTP
    (re.compile(r"\bwith\s+([\w-]+)\s+encrypted\s+E?SMTP", re.IGNORECASE), False),
)


# TLS noted without version or cipher: Hotmail's SMTPSVC, Mimecast.
_TLS_NO_DETAIL = re.compile(r"over TLS secured channel|with STARTTLS", re.IGNORECASE)


_SSL_VERSION = re.compile(r"SSLV?(\d)")
_TLS_VERSION = re.compile(r"TLS-?V?(\d)(?:[._]?(\d))?")


def normalize_tls_version(text: str) -> str | None:
    """ "TLS1_2", "TLSv1.2", "TLS-1.2", "TLSv1", "TLSv1/SSLv3" -> "TLSv1.2" / "TLSv1.0"."""
    u = text.upper()
    if u.startswith("SSL"):
        m = _SSL_VERSION.match(u)
        return f"SSLv{m.group(1)}" if m else None
    m = _TLS_VERSION.match(u)
    if not m:
        return None
    return f"TLSv{m.group(1)}.{m.group(2) or '0'}"


def may_name_tls(text: str) -> bool:
    """False when no TLS pattern can match ``text`` (or any text made of its words): every
    pattern needs "tls", "ssl" or "encrypted" in some case."""
    low = text.lower()
    return "tls" in low or "ssl" in low or "encrypted" in low


def find_tls(text: str) -> tuple[str | None, str | None, str | None]:
    """(raw TLS text, normalized version, cipher) found anywhere in the clause text."""
    if not may_name_tls(text):
        return None, None, None
    for pattern, has_version in _TLS_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        version = normalize_tls_version(m.group(1)) if has_version else None
        cipher = m.group(2) if has_version else m.group(1)
        if cipher.upper() in ("OTHER", "NONE"):
            cipher = None
        return m.group(0).strip(), version, cipher
    m = _TLS_NO_DETAIL.search(text)
    if m:
        return m.group(0), None, None
    return None, None, None
