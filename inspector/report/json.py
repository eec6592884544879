"""The JSON contract: one object per message, as documented in docs/report.schema.json.

Serialisation is generic over the frozen dataclasses of ``inspector.model``, so the JSON keys are
the field names (a trailing underscore is dropped: ``from_`` -> ``from``). Raw header bytes are
written as text (UTF-8, invalid bytes replaced) because JSON has no bytes; the full raw message
is never included. Strings that carry undecodable bytes (file names) are written with them
escaped (``inspector.report.visible_text``), so the document is always valid UTF-8. Changing a
field name changes the contract: bump SCHEMA_VERSION.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from inspector.model.intel import BlocklistResult
from inspector.model.message import ParsedMessage
from inspector.model.report import Report
from inspector.model.verdicts import Verdict
from inspector.report.visible_text import visible

JsonValue = Any

#: Fields of the model that never go into JSON (too big, or internal: a list's policy, which
#: its codes and the data file already say; Microsoft's codes read for the rules, which the
#: verdict's fields already give as written).
_OMIT: dict[type, frozenset[str]] = {
    ParsedMessage: frozenset({"raw"}),
    BlocklistResult: frozenset({"severity", "policy"}),
    Verdict: frozenset({"microsoft"}),
}


def _key(name: str) -> str:
    return name[:-1] if name.endswith("_") else name


def to_jsonable(value: object) -> JsonValue:
    """Convert a model value (dataclass, enum, datetime, tuple...) into JSON-ready data."""
    if isinstance(value, str):
        return visible(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        omit = _OMIT.get(type(value), frozenset())
        return {
            _key(f.name): to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in omit
        }
    if isinstance(value, dict):
        return {visible(str(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list | frozenset | set):
        return [to_jsonable(v) for v in value]
    return str(value)


def report_to_dict(report: Report) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = to_jsonable(report)
    return data


def report_to_json(report: Report, *, indent: int | None = None) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def reports_to_json_lines(reports: Iterable[Report]) -> Iterable[str]:
    for report in reports:
        yield report_to_json(report)
