"""DNS snapshot files: round trip, stable layout, and hostile files turned into clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.errors import InspectorError
from inspector.model.codes import DnsStatus
from inspector.net import snapshot as snap
from inspector.net.lookup import DnsAnswer
from inspector.net.snapshot import (
    FORMAT,
    SnapshotError,
    dumps_snapshot,
    load_snapshot,
    loads_snapshot,
    save_snapshot,
)

ANSWERS = [
    DnsAnswer("Example.", "mx", DnsStatus.ANSWER, ("10 mx.example.",)),
    DnsAnswer("a.example", "TXT", DnsStatus.ANSWER, ('v=spf1 "quoted" \u00e9 -all', "second")),
    DnsAnswer("missing.example", "A", DnsStatus.NXDOMAIN),
    DnsAnswer("slow.example", "A", DnsStatus.TIMEOUT),
]
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_missing_folder_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="No such file or directory"):
        save_snapshot(tmp_path / "deep" / "dns.json", ANSWERS, created=WHEN)
    assert list(tmp_path.iterdir()) == []


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "dns.json"
    save_snapshot(path, ANSWERS, created=WHEN)
    loaded = load_snapshot(path)
    assert loaded.created == WHEN
    assert len(loaded) == 4
    assert loaded.get("EXAMPLE", "MX") == DnsAnswer(
        "example", "MX", DnsStatus.ANSWER, ("10 mx.example.",)
    )
    assert loaded.get("a.example.", "txt") is not None
    assert loaded.get("a.example", "TXT").records == ANSWERS[1].records  # type: ignore[union-attr]
    assert loaded.get("missing.example", "A").status is DnsStatus.NXDOMAIN  # type: ignore[union-attr]
    assert loaded.get("other.example", "A") is None
    assert not list(path.parent.glob(".dns-*"))  # no temporary file left behind


def test_layout_is_sorted_and_deduplicated() -> None:
    text = dumps_snapshot([*ANSWERS, DnsAnswer("example", "MX", DnsStatus.NODATA)], WHEN)
    document = json.loads(text)
    assert document["format"] == FORMAT
    assert document["version"] == 1
    assert document["created"] == "2026-01-02T03:04:05Z"
    keys = [(a["name"], a["type"]) for a in document["answers"]]
    assert keys == sorted(keys) and len(keys) == 4
    assert document["answers"][1] == {
        "name": "example",
        "type": "MX",
        "status": "nodata",
        "records": [],
    }
    assert dumps_snapshot(ANSWERS, WHEN) == dumps_snapshot(reversed(ANSWERS), WHEN)


def _doc(**changes: object) -> str:
    document: dict[str, object] = {
        "format": FORMAT,
        "version": 1,
        "created": "2026-01-02T03:04:05Z",
        "answers": [{"name": "a.example", "type": "A", "status": "answer", "records": ["1.2.3.4"]}],
    }
    document.update(changes)
    return json.dumps(document)


def _answer(**changes: object) -> str:
    item: dict[str, object] = {"name": "a.example", "type": "A", "status": "answer", "records": []}
    item.update(changes)
    return _doc(answers=[item])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ("[]", "JSON object"),
        ("[" * 100_000 + "]" * 100_000, "JSON"),
        (_doc(format="something-else"), "format"),
        (_doc(version=2), "version"),
        (_doc(version=True), "version"),
        (_doc(answers={"a": 1}), "answers"),
        (_doc(answers=["x"]), "answers\\[0\\]"),
        (_doc(created=5), "created"),
        (_doc(created="yesterday"), "created"),
        (_answer(name=5), "name"),
        (_answer(type=None), "type"),
        (_answer(type=""), "type"),
        (_answer(name="x" * 2000), "long"),
        (_answer(status="maybe"), "status"),
        (_answer(status=["answer"]), "status"),
        (_answer(records="1.2.3.4"), "records"),
        (_answer(records=[1, 2]), "records"),
    ],
)
def test_hostile_documents_are_snapshot_errors(text: str, reason: str) -> None:
    with pytest.raises(SnapshotError, match=reason) as info:
        loads_snapshot(text)
    assert isinstance(info.value, InspectorError)


def test_missing_records_and_created_are_tolerated() -> None:
    text = _doc(created=None, answers=[{"name": "x.example", "type": "A", "status": "nxdomain"}])
    loaded = loads_snapshot(text)
    assert loaded.created is None
    assert loaded.get("x.example", "A") == DnsAnswer("x.example", "A", DnsStatus.NXDOMAIN)


def test_file_errors_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SnapshotError, match=r"absent\.json"):
        load_snapshot(tmp_path / "absent.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SnapshotError, match=r"binary\.json"):
        load_snapshot(binary)
    big = tmp_path / "big.json"
    big.write_text(_doc(), encoding="utf-8")
    monkeypatch.setattr(snap, "MAX_BYTES", 50)
    with pytest.raises(SnapshotError, match="larger"):
        load_snapshot(big)


def test_unwritable_target_is_a_snapshot_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SnapshotError, match="cannot write"):
        save_snapshot(blocker / "dns.json", ANSWERS)
