"""Dates as Received headers write them -> aware UTC datetimes, without ever raising.

Written here rather
than using ``email.utils.parsedate_to_datetime`` because MTAs write many variants that function
rejects (asctime order, fractional seconds, ISO dates, zone names in comments).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_DAY_NAMES = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
# RFC 5322 section 4.3 obsolete zones, plus a few regional names seen in real headers.
_ZONE_HOURS: dict[str, float] = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2,
    "MEZ": 1, "MESZ": 2, "BST": 1, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1, "JST": 9,
    "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_DATE_TOKEN = re.compile(
    r"\(|\)|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|[A-Za-z]+|[+-]\d{4}\b|[+-]\d{2}:\d{2}\b"
    r"|\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?|\d+"
)
_MAX_DATE = 200
#: The RFC 5322 form nearly every MTA writes ("Mon, 2 Jan 2006 15:04:05 -0700", anything
#: after it): read by one match. The general reader below gives the same answer for it, since
#: once day, month, year, time and a numeric zone are set nothing later changes them.
_COMMON = re.compile(
    r"(?:(?i:mon|tue|wed|thu|fri|sat|sun)[A-Za-z]{0,6},? {1,3})?"
    r"([0-9]{1,2}) {1,3}([A-Za-z]{3}) {1,3}([0-9]{4}) {1,3}"
    r"([0-9]{1,2}):([0-9]{2}):([0-9]{2}) {1,3}([+-])([0-9]{2})([0-9]{2})(?!\w)"
)


def parse_received_date(text: str) -> datetime | None:
    """The aware UTC datetime written in ``text`` or None; never raises.

    Accepts RFC 5322 dates and the variants MTAs write: missing day name or seconds,
    fractional seconds (SendGrid), obsolete zone names (EST, PDT, UT, GMT), "-0000", two-digit
    years (00-49 -> 20xx, 50-99 -> 19xx, RFC 5322 4.3), asctime order ("Fri Feb 07 10:18:12
    2003 -0800", "Fri Sep 14 14:36:56 EDT 2018") and trailing comments such as "(UTC)".
    A date without any zone is read as UTC (RFC 5322's "-0000": local time unknown)."""
    common = _COMMON.match(text)
    if common is not None:
        d, mon, y, hh, mi, ss, sign, zh, zm = common.groups()
        month_number = _MONTHS.get(mon.lower())
        if month_number is not None and int(d) <= 31 and int(zh) < 24 and int(zm) < 60:
            zone_minutes = (int(zh) * 60 + int(zm)) * (-1 if sign == "-" else 1)
            hms_found = (int(hh), int(mi), min(int(ss), 59), 0)
            return _utc(int(y), month_number, int(d), hms_found, zone_minutes)
    return _general(text)


def _general(text: str) -> datetime | None:
    day = month = year = None
    hms: tuple[int, int, int, int] | None = None
    zone: int | None = None
    zone_comment: int | None = None
    depth = 0
    for tok in _DATE_TOKEN.findall(text[:_MAX_DATE]):
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        elif tok[0] in "+-":
            if zone is None and depth == 0:
                digits = tok[1:].replace(":", "")
                hh, mm = int(digits[:2]), int(digits[2:])
                if hh < 24 and mm < 60:
                    zone = (hh * 60 + mm) * (-1 if tok[0] == "-" else 1)
        elif ":" in tok:
            if hms is None and depth == 0:
                parts = tok.split(":")
                sec, _, frac = (parts[2] if len(parts) > 2 else "0").partition(".")
                micro = int((frac + "000000")[:6]) if frac else 0
                hms = (int(parts[0]), int(parts[1]), min(int(sec), 59), micro)
        elif "-" in tok or "/" in tok:
            # ISO 2023-10-04 (SendGrid's Go timestamps) or d/m/y (qmail-scanner)
            if depth == 0 and day is None:
                iso = "-" in tok
                a, b, c = (int(x) for x in tok.replace("/", "-").split("-"))
                year, month, day = (a, b, c) if iso else (c, b, a) if b <= 12 else (c, a, b)
                if year < 100:
                    year += 2000 if year < 50 else 1900
        elif tok.isdigit():
            if depth:
                continue
            if len(tok) == 4 and year is None:
                year = int(tok)
            elif len(tok) <= 3 and day is None and int(tok) <= 31:
                day = int(tok)
            elif len(tok) <= 3 and year is None and day is not None:
                num = int(tok)
                year = num + (2000 if num < 50 else 1900)
        else:
            low = tok.lower()
            if depth == 0 and month is None and low[:3] in _MONTHS and len(tok) <= 9:
                month = _MONTHS[low[:3]]
            elif low[:3] in _DAY_NAMES:
                continue
            elif tok.upper() in _ZONE_HOURS:
                minutes = int(_ZONE_HOURS[tok.upper()] * 60)
                if depth == 0 and zone is None:
                    zone = minutes
                elif zone_comment is None:
                    zone_comment = minutes
    if day is None or month is None or year is None or hms is None:
        return None
    offset = zone if zone is not None else (zone_comment or 0)
    return _utc(year, month, day, hms, offset)


def _utc(
    year: int, month: int, day: int, hms: tuple[int, int, int, int], offset: int
) -> datetime | None:
    """The UTC instant of a local time ``offset`` minutes east of UTC. Computed on the UTC
    clock (local minus offset) rather than by building a fixed-offset zone and converting:
    the same instant, the same errors at the ends of the calendar, and no zone object per
    header (every offset here is under a day, so each is one ``timezone`` could hold)."""
    try:
        local = datetime(year, month, day, hms[0], hms[1], hms[2], hms[3], tzinfo=UTC)
        return local - timedelta(minutes=offset)
    except (ValueError, OverflowError):
        return None
