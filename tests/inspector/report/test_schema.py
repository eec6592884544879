"""docs/report.schema.json is generated from the model and is a valid Draft 2020-12 schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from inspector.report.json import report_to_dict
from inspector.report.schema import render_schema, report_schema
from tests.support.reports import sample_report

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "report.schema.json"


def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == render_schema(), (
        "run `make docs` and commit docs/report.schema.json"
    )


def test_schema_is_valid_and_accepts_a_report() -> None:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report_to_dict(sample_report()), schema)


def test_contract_keys_are_required() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert {
        "schema_version",
        "source",
        "message",
        "headers",
        "hops",
        "auth",
        "findings",
        "errors",
        "summary",
        "verdicts",
        "bounce",
        "sender",
    } <= set(schema["required"])
    hop = schema["$defs"]["Hop"]["properties"]
    assert {"helo", "rdns", "ip", "by", "protocol", "tls", "timestamp", "delay_seconds"} <= set(hop)
    assert set(schema["$defs"]["MessageSummary"]["required"]) == {
        "subject",
        "from",
        "to",
        "date",
        "message_id",
    }


def test_a_wrong_report_is_rejected() -> None:
    data = report_to_dict(sample_report())
    data["findings"][0]["severity"] = "apocalyptic"
    assert not jsonschema.Draft202012Validator(report_schema()).is_valid(data)
