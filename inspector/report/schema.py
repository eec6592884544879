"""The JSON Schema of the report (docs/report.schema.json), generated from the result model.

Generating it from ``inspector.model`` means every key the tool writes is described and the
schema cannot drift from the code (a test compares the committed file with this output).
Every field is always written, so every property is required; descriptions for the keys
downstream tools rely on live here. Regenerate with
``python -m inspector.report.schema > docs/report.schema.json`` (``make docs``).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from datetime import datetime
from enum import Enum
from typing import Any

from inspector.model.auth import SPF_RESULTS
from inspector.model.report import SCHEMA_VERSION, Report
from inspector.report.json import _OMIT

JsonObject = dict[str, Any]

DESCRIPTIONS: dict[str, str] = {
    "Report": "One analysed message, as printed by `main.py analyze --json` (one object per "
    "line) and written by `main.py report -o OUT.json` (an array when there are several).",
    "Report.schema_version": "Major.minor; a new minor version only adds keys.",
    "Report.source": "Where the message was read: a file and its index in that file.",
    "Report.headers": "Every header field in original order; value decoded (RFC 2047), "
    "raw as written.",
    "Report.hops": "One per Received header, oldest first.",
    "Report.dns": "Every DNS question asked for this message, with its answer: the evidence.",
    "Report.errors": "Anything that could not be read or computed; empty when all went well.",
    "Report.findings": "Explained observations, most severe first; ids name their rules module.",
    "Report.summary": "The outcome receivers recorded, the score, the risk that follows from it, "
    "and the ranked sender-side reasons it went (or would go) to spam.",
    "Report.evidence": "Facts computed once before the rules: the message kind, the entry host "
    "as the receiver recorded it, and marks of bulk tools.",
    "Summary.score": "0-10, 10 = certainly filtered; sender-side evidence only (receivers' "
    "verdicts never count). Fitted weights: docs/scoring.md. Null only in old reports.",
    "Summary.contributions": "What makes up the score: the base, then one entry per sender-side "
    "finding id (points, may be negative for positive evidence); the counted points add up to "
    "the score before it is clamped to 0-10. Evidence that could not be checked has status "
    "not_checked and 0 points.",
    "Summary.outcome": "What receivers recorded (their verdict headers, Authentication-Results "
    "or bounce), strongest first; empty when none left a decision. Never a reason.",
    "Summary.top_reasons": "Finding ids of the sender-side causes, heaviest first.",
    "MessageKindFact.kind": "Decides which rules apply: bulk-sender rules only for bulk mail; "
    "list posts are judged as list mail.",
    "Report.verdicts": "Filters' verdicts, decoded, each on its hop and credited to its writer.",
    "Report.bounce": "The decoded delivery status notification or feedback report, or null.",
    "Hop.delay_seconds": "Seconds since the previous hop; negative values are kept: clock skew.",
    "Hop.boundary": "Where the message entered the recipient's servers; its IP is checked.",
    "Hop.internal": "A hop inside the recipient's own infrastructure.",
    "Hop.timestamp": "ISO 8601 in UTC, or null when the header has no readable date.",
    "Route.client_ip": "The boundary hop's client: the IP SPF and blocklists are checked for.",
    "Route.origin_ip": "The server that handed the message out (for list mail: to the list).",
    "Route.intermediary_index": "The list host's intake hop (list mail only), else null.",
    "Route.recorded_client_ip": "The boundary client as the receiver itself recorded it.",
    "Route.submission_ip": "The client that injected the message (X-Originating-IP, AUTH).",
    "Hop.role": "Whose server wrote the hop: recipient, intermediary, relay tenant, sender.",
    "Verdict.party": "Who wrote the header: only the recipient's describe this delivery.",
    "Verdict.spam": "The filter's decision as a value (clean, spam, phish, bulk ...).",
    "ReceivedAuthResults.party": "Who wrote the header: recipient, intermediary or sender.",
    "SpfResult.result": "The MAIL FROM identity's verdict (postmaster@HELO for a null sender).",
    "SpfResult.helo": "The HELO identity's own verdict.",
    "SpfNode.result": "The RFC 7208 result check_host() gave at this record; null where "
    "the evaluation did not reach it (the static walk still reads the record).",
    "SpfNode.detail": "Why the record has no result or could not be read: a DNS status "
    "(nxdomain, timeout...), multiple SPF records, loop, not followed (macro), not followed "
    "(too many records), invalid name; empty otherwise. Before schema 1.2 these were in result.",
    "SpfResult.lookups": "DNS-lookup count of the evaluation (RFC 7208 limit: 10).",
    "SpfResult.void_lookups": "Lookups that found nothing (RFC 7208 limit: 2).",
    "DkimResult.unsigned_important": "Important headers not covered by h=.",
    "DkimResult.not_oversigned": "Signed headers a second copy could be added above (replay risk).",
    "BlocklistResult.status": "listed, not_listed, refused (the list refused this resolver: "
    "not a listing), timeout, offline or error.",
    "HopIntel.status": "ok, offline (not looked up) or partial (some lookups failed for now).",
    "HopIntel.status_detail": 'What a partial lookup left out ("PTR timeout"), else empty.',
    "AuthMethodResult.result": "The result word as RFC 8601 names it, or as written when it "
    "is outside that vocabulary (bestguesspass, hardfail).",
    "DomainIntel.masking": "proxy (paid privacy service), redacted (registry policy), "
    "public, unknown.",
    "VerdictField.name": "The header's own tag (SCL, SFV, BCL, CAT...).",
    "VerdictField.raw": "The value as written in the header.",
    "PlatformMatch.confidence": "0 to 1.",
    "Finding.id": "Stable dotted id; the first segment is the module in inspector/rules/.",
}

#: Constraints beyond the type, where the model's str or float is narrower in practice.
CONSTRAINTS: dict[str, JsonObject] = {
    "Finding.id": {"pattern": r"^[a-z0-9_]+\.[a-z0-9_.]+$"},
    "PlatformMatch.confidence": {"minimum": 0, "maximum": 1},
    "SourceRef.kind": {"enum": ["eml", "mbox", "maildir", "mh", "msg", "stdin", "paste"]},
    "SourceRef.index": {"minimum": 0},
    "SpfResult.lookups": {"minimum": 0},
    "SpfResult.void_lookups": {"minimum": 0},
    "SpfNode.result": {"enum": [*(r.value for r in SPF_RESULTS), None]},
}


def _def_name(cls: type) -> str:
    return cls.__name__


def _type_schema(tp: Any, defs: dict[str, JsonObject]) -> JsonObject:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        nullable = len(members) < len(args)
        if len(members) == 1:
            inner = _type_schema(members[0], defs)
            if not nullable:
                return inner
            if "$ref" in inner:
                return {"oneOf": [{"type": "null"}, inner]}
            if "enum" in inner:
                return {"enum": [*inner["enum"], None]}
            kinds = inner["type"] if isinstance(inner["type"], list) else [inner["type"]]
            return {**inner, "type": [*kinds, "null"]}
        return {"anyOf": [_type_schema(m, defs) for m in args]}  # members may overlap
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {
            "type": "array",
            "prefixItems": [_type_schema(a, defs) for a in args],
            "items": False,
        }
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1], defs)}
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return {"enum": [m.value for m in tp]}
        if issubclass(tp, bool):
            return {"type": "boolean"}
        if issubclass(tp, int):
            return {"type": "integer"}
        if issubclass(tp, float):
            return {"type": "number"}
        if issubclass(tp, str | bytes):
            return {"type": "string"}
        if issubclass(tp, datetime):
            return {"type": "string", "format": "date-time", "description": "ISO 8601, UTC (Z)"}
        if dataclasses.is_dataclass(tp):
            _define(tp, defs)
            return {"$ref": f"#/$defs/{_def_name(tp)}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _object_schema(cls: type, defs: dict[str, JsonObject]) -> JsonObject:
    hints = typing.get_type_hints(cls)
    omit = _OMIT.get(cls, frozenset())
    properties: JsonObject = {}
    for f in dataclasses.fields(cls):
        if f.name in omit:
            continue
        key = f.name[:-1] if f.name.endswith("_") else f.name
        prop = _type_schema(hints[f.name], defs)
        described = DESCRIPTIONS.get(f"{cls.__name__}.{f.name}") or DESCRIPTIONS.get(
            f"{cls.__name__}.{key}"
        )
        if described:
            prop = {**prop, "description": described}
        prop = {**prop, **CONSTRAINTS.get(f"{cls.__name__}.{f.name}", {})}
        properties[key] = prop
    schema: JsonObject = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
    }
    if cls.__name__ in DESCRIPTIONS:
        schema = {"description": DESCRIPTIONS[cls.__name__], **schema}
    return schema


def _define(cls: type, defs: dict[str, JsonObject]) -> None:
    name = _def_name(cls)
    if name in defs:
        return
    defs[name] = {}  # reserve first: MimePart and SpfNode refer to themselves
    defs[name] = _object_schema(cls, defs)


def report_schema() -> JsonObject:
    defs: dict[str, JsonObject] = {}
    root = _object_schema(Report, defs)
    root["properties"]["schema_version"] = {
        "type": "string",
        "pattern": r"^" + SCHEMA_VERSION.split(".")[0] + r"\.",
        "description": DESCRIPTIONS["Report.schema_version"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://deliverability-inspector.invalid/report.schema.json",
        "title": f"Deliverability Inspector report, schema {SCHEMA_VERSION}",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def render_schema() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_schema())
