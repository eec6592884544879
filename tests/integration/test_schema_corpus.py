"""The JSON contract over the whole dev corpus: every line of ``analyze --json --offline``
validates against docs/report.schema.json, with one hop per Received header and no stage
failing. The corpus (third-party, in ../shared) is read in place and skipped when absent.

One in-process run with one Analyzer covers all 569 messages; the tests below share it.
The message files are taken from the corpus manifest (its README, CSV and DMARC report
samples are not messages; ``test_cli`` covers how non-messages are reported)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.integration.runner import SCHEMA, Run, run_cli

# The manifest's 568 files, one of which (sisimai__rhost-cox-01.eml) holds two messages: its
# second From_ line follows the last MIME boundary with no blank line before it.
CORPUS_MESSAGES = 569


def corpus_files(corpus: Path) -> list[str]:
    """Files holding messages, each once (an mbox is listed once per message it holds)."""
    manifest = corpus / "manifest.csv"
    if not manifest.is_file():
        pytest.skip(f"{manifest} is absent")
    with manifest.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    files = [r["file"] for r in rows if int(r["messages"] or 0) > 0]
    return [str(corpus / f) for f in dict.fromkeys(files)]


@pytest.fixture(scope="module")
def corpus_run(corpus_dir: Path) -> tuple[Run, list[dict[str, Any]]]:
    if not corpus_dir.is_dir():
        pytest.skip(f"{corpus_dir} is absent")
    run = run_cli("analyze", "--json", "--offline", *corpus_files(corpus_dir))
    return run, [json.loads(line) for line in run.out.splitlines()]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_message_is_reported_and_exit_status_is_zero(
    corpus_run: tuple[Run, list[dict[str, Any]]],
) -> None:
    run, reports = corpus_run
    assert "Traceback" not in run.err
    assert run.error_lines == []
    assert run.status == 0
    assert len(reports) == CORPUS_MESSAGES


def test_every_line_validates_against_the_schema(
    corpus_run: tuple[Run, list[dict[str, Any]]], validator: Draft202012Validator
) -> None:
    invalid: dict[str, list[str]] = {}
    for report in corpus_run[1]:
        problems = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(report)
        ]
        if problems:
            invalid[f"{report['source']['path']}#{report['source']['index']}"] = problems[:3]
    assert invalid == {}


def test_one_hop_per_received_header(corpus_run: tuple[Run, list[dict[str, Any]]]) -> None:
    mismatched = {}
    for report in corpus_run[1]:
        received = sum(1 for h in report["headers"] if h["name"].lower() == "received")
        if received != len(report["hops"]):
            mismatched[report["source"]["path"]] = (received, len(report["hops"]))
        assert [h["index"] for h in report["hops"]] == list(range(len(report["hops"])))
        assert sum(1 for h in report["hops"] if h["boundary"]) <= 1
    assert mismatched == {}


def test_no_stage_fails_with_an_internal_error(
    corpus_run: tuple[Run, list[dict[str, Any]]],
) -> None:
    failing = {
        f"{r['source']['path']}#{r['source']['index']}": [
            e for e in r["errors"] if "internal error" in e
        ]
        for r in corpus_run[1]
    }
    assert {k: v for k, v in failing.items() if v} == {}


def test_offline_reports_say_so(corpus_run: tuple[Run, list[dict[str, Any]]]) -> None:
    for report in corpus_run[1]:
        assert report["offline"] is True
        assert all(q["status"] == "offline" for q in report["dns"])
        for result in (report["auth"]["spf"], report["auth"]["dmarc"]):
            assert result["result"] in ("skipped", "none", "permerror"), result
        assert all(d["result"] in ("skipped", "permerror") for d in report["auth"]["dkim"])


def test_sources_are_kept_in_input_order(
    corpus_run: tuple[Run, list[dict[str, Any]]], corpus_dir: Path
) -> None:
    files = corpus_files(corpus_dir)
    seen = list(dict.fromkeys(r["source"]["path"] for r in corpus_run[1]))
    position = {path: i for i, path in enumerate(files)}
    order = [position[p] for p in seen if p in position]
    assert order == sorted(order)


def _deref(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _undocumented(value: Any, schema: dict[str, Any], defs: dict[str, Any], path: str) -> set[str]:
    """JSON paths of object keys the schema does not describe (``properties``)."""
    schema = _deref(schema, defs)
    for alternatives in (schema.get("oneOf"), schema.get("anyOf")):
        for option in alternatives or ():
            alt = _deref(option, defs)
            kind = alt.get("type")
            if (isinstance(value, dict) and (kind == "object" or "properties" in alt)) or (
                isinstance(value, list) and kind == "array"
            ):
                return _undocumented(value, alt, defs, path)
    found: set[str] = set()
    if isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key in schema["properties"]:
                found |= _undocumented(item, schema["properties"][key], defs, f"{path}.{key}")
            else:
                found.add(re.sub(r"(\.children\[\])+", ".children[]", f"{path}.{key}"))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            found |= _undocumented(item, schema["items"], defs, f"{path}[]")
    return found


def test_schema_describes_every_key_the_tool_writes(
    corpus_run: tuple[Run, list[dict[str, Any]]],
) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    missing: set[str] = set()
    for report in corpus_run[1]:
        missing |= _undocumented(report, schema, schema.get("$defs", {}), "")
    assert sorted(missing) == []
