"""Small shared pieces for the verdict decoders: unfolding, tag lists, data tables.

Every decoder works on one header value as written and returns a ``model.Verdict`` whose
fields keep that raw text beside its meaning, so a reader can check our reading against the
header itself. Decoders never raise on odd input: anything we cannot explain is kept with the
meaning ``unknown tag``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from functools import cache

from inspector.data import load_json
from inspector.model.codes import Folder, SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField

UNKNOWN = "unknown tag"
MAX_VALUE = 64 * 1024  # a verdict header longer than this is truncated before decoding

Decoder = Callable[[Header], Verdict | None]

_FOLD = re.compile(r"\r?\n[ \t]*|\r")


def unfold(value: str) -> str:
    """Header value on one line, bounded in length (folds become one space)."""
    value = value[:MAX_VALUE]
    if "\n" not in value and "\r" not in value:  # the parser has unfolded most values
        return value.strip()
    return _FOLD.sub(" ", value).strip()


def split_tags(value: str, sep: str = ";", kv: str = ":") -> Iterator[tuple[str, str]]:
    """``TAG:value;TAG:value`` pairs (Microsoft style); a part without ``kv`` has value ''."""
    for chunk in value.split(sep):
        part = chunk.strip()
        if not part:
            continue
        tag, _, val = part.partition(kv)
        yield tag.strip(), val.strip()


_INT = re.compile(r"-?\d{1,9}")
_KV = re.compile(r"([A-Za-z][\w.-]*)=(\"[^\"]*\"|\[[^\]]*\]|[^\s;,]*)")


def key_values(value: str) -> Iterator[tuple[str, str]]:
    """``key=value`` pairs separated by blanks, commas or semicolons (quotes kept)."""
    for m in _KV.finditer(value):
        yield m.group(1), m.group(2)


def as_float(text: str) -> float | None:
    try:
        number = float(text.strip().strip("\"'").rstrip(";,"))
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) < 1e9 else None


def as_int(text: str) -> int | None:
    text = text.strip()
    if _INT.fullmatch(text):
        return int(text)
    return None


def fmt(number: float) -> str:
    """A score as people write it: 7.3, 5.0, -1.2."""
    return f"{number:.1f}" if abs(number - round(number, 1)) < 1e-9 else f"{number:g}"


@cache
def load_table(name: str) -> dict[str, object]:
    """A JSON table shipped in inspector/data (read once)."""
    data: dict[str, object] = load_json(name)
    return data


def table_text(table: str, section: str, key: str) -> str | None:
    """A string from ``data/<table>[section][key]``, or None."""
    part = load_table(table).get(section)
    if isinstance(part, dict):
        found = part.get(key)
        if isinstance(found, str):
            return found
    return None


def make(
    filter_: str,
    header: Header,
    fields: list[VerdictField],
    decision: str,
    spam: SpamDecision = SpamDecision.UNKNOWN,
    folder: Folder | None = None,
) -> Verdict:
    return Verdict(
        filter=filter_,
        header=header.name,
        fields=tuple(fields),
        decision=decision,
        spam=spam,
        folder=folder,
    )


def scl_decision(scl: int | None) -> SpamDecision:
    """Microsoft's spam confidence level as a decision: -1 skipped, 0-4 clean, 5-7 spam,
    8-9 high confidence spam."""
    if scl is None:
        return SpamDecision.UNKNOWN
    if scl < 0:
        return SpamDecision.SKIPPED
    if scl <= 4:
        return SpamDecision.CLEAN
    return SpamDecision.SPAM if scl <= 7 else SpamDecision.HIGH_CONFIDENCE_SPAM


def vf(name: str, raw: str, meaning: str) -> VerdictField:
    return VerdictField(name=name, raw=raw, meaning=meaning)
