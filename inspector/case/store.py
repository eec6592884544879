"""The case file (``.dicase``): a zip archive written atomically, read back with caps.

Why a zip: one file a consultant can mail or archive, members readable with any tool
(``case.json``, ``answers.json`` in the DNS snapshot format, ``results.jsonl``, the message
copies under ``messages/``). A case file from someone else is hostile input: member names are
never used as paths, sizes and counts are capped, and every defect is a ``CaseError``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector.atomic_file import write_atomically
from inspector.errors import InspectorError
from inspector.model.case import Case, CaseMessage, ReportSettings
from inspector.model.codes import SourceKind

FORMAT = "deliverability-inspector-case"
VERSION = 1
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
CASE_SUFFIX = ".dicase"


class CaseError(InspectorError):
    """A case file is missing, unreadable, or not one this program wrote."""


@dataclass(frozen=True)
class CaseContents:
    case: Case
    messages: dict[str, bytes]  # member -> bytes
    answers: str  # the DNS/RDAP snapshot JSON
    results: tuple[dict[str, Any], ...]


def _when(value: datetime) -> str:
    return value.isoformat()


def _case_json(case: Case) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": case.title,
        "created": _when(case.created),
        "tool_version": case.tool_version,
        "notes": case.notes,
        "report": {
            "redact": case.report.redact,
            "redact_domains": list(case.report.redact_domains),
            "format": case.report.format,
        },
        "messages": [
            {
                "member": m.member,
                "original_path": m.original_path,
                "index": m.index,
                "kind": m.kind,
                "sha256": m.sha256,
                "analyzed_at": _when(m.analyzed_at),
                "note": m.note,
            }
            for m in case.messages
        ],
    }


def save_case(path: str | os.PathLike[str], contents: CaseContents) -> None:
    """Write atomically: a crash never leaves half a case over a good one."""
    target = Path(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.json", json.dumps(_case_json(contents.case), indent=1))
        archive.writestr("answers.json", contents.answers)
        archive.writestr(
            "results.jsonl",
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in contents.results),
        )
        for member, data in contents.messages.items():
            archive.writestr(member, data)
    try:
        write_atomically(
            target, lambda tmp: Path(tmp).write_bytes(buffer.getvalue()), force=True, private=True
        )
    except OSError as exc:
        raise CaseError(f"cannot write case {target}: {exc.strerror or exc}") from exc


def _text(value: Any, field: str, limit: int = 100_000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise CaseError(f"case.json: '{field}' must be text")
    return value


def _datetime(value: Any, field: str) -> datetime:
    try:
        return datetime.fromisoformat(_text(value, field, 64))
    except ValueError:
        raise CaseError(f"case.json: '{field}' is not a date-time") from None


def _kind(value: Any) -> SourceKind:
    try:
        return SourceKind(value)
    except ValueError:
        raise CaseError(f"case.json: unknown message kind {str(value)[:20]!r}") from None


def _message(item: Any) -> CaseMessage:
    if not isinstance(item, dict):
        raise CaseError("case.json: each message must be an object")
    member = _text(item.get("member"), "member", 300)
    if not member.startswith("messages/"):
        raise CaseError("case.json: a message member outside messages/")
    index = item.get("index", 0)
    return CaseMessage(
        member=member,
        original_path=_text(item.get("original_path", ""), "original_path", 4096),
        index=index if isinstance(index, int) else 0,
        kind=_kind(item.get("kind", "eml")),
        sha256=_text(item.get("sha256", ""), "sha256", 64),
        analyzed_at=_datetime(item.get("analyzed_at"), "analyzed_at"),
        note=_text(item.get("note", ""), "note"),
    )


def _parse_case(data: Any) -> Case:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CaseError("not a case file (case.json has another format)")
    if data.get("version") != VERSION:
        raise CaseError(f"unsupported case version {str(data.get('version'))[:20]!r}")
    found = data.get("report")
    report: dict[str, Any] = found if isinstance(found, dict) else {}
    domains = report.get("redact_domains", [])
    messages = data.get("messages")
    if not isinstance(messages, list) or len(messages) > MAX_MEMBERS:
        raise CaseError("case.json: 'messages' must be a list")
    return Case(
        title=_text(data.get("title", ""), "title", 1000),
        created=_datetime(data.get("created"), "created"),
        messages=tuple(_message(m) for m in messages),
        notes=_text(data.get("notes", ""), "notes"),
        report=ReportSettings(
            redact=bool(report.get("redact", False)),
            redact_domains=tuple(str(d)[:253] for d in domains if isinstance(d, str))[:100],
            format=str(report.get("format", ".pdf"))[:8],
        ),
        tool_version=str(data.get("tool_version", ""))[:40],
    )


def is_case_file(path: str) -> bool:
    """A zip whose first member is case.json (how save_case writes it)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.startswith(b"PK\x03\x04") and b"case.json" in head


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_MEMBER_BYTES:
        raise CaseError(f"case member {info.filename[:100]} is too large")
    with archive.open(info) as handle:
        data = handle.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise CaseError(f"case member {info.filename[:100]} is too large")
    return data


def load_case(path: str | os.PathLike[str]) -> CaseContents:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
            if (
                len(infos) > MAX_MEMBERS
                or sum(i.file_size for i in infos.values()) > MAX_TOTAL_BYTES
            ):
                raise CaseError("case file too large")
            if "case.json" not in infos:
                raise CaseError("not a case file (no case.json)")
            case = _parse_case(json.loads(_read(archive, infos["case.json"])))
            messages: dict[str, bytes] = {}
            for message in case.messages:
                info = infos.get(message.member)
                if info is None:
                    raise CaseError(f"the case has lost its copy of {message.member[:100]}")
                data = _read(archive, info)
                if hashlib.sha256(data).hexdigest() != message.sha256:
                    raise CaseError(f"the copy of {message.member[:100]} was changed")
                messages[message.member] = data
            answers = (
                _read(archive, infos["answers.json"]).decode("utf-8")
                if "answers.json" in infos
                else ""
            )
            results = tuple(
                json.loads(line)
                for line in (
                    _read(archive, infos["results.jsonl"]).decode("utf-8").splitlines()
                    if "results.jsonl" in infos
                    else []
                )
                if line.strip()
            )
    except CaseError:
        raise
    except FileNotFoundError:
        raise CaseError(f"no such case file: {path}") from None
    except (OSError, zipfile.BadZipFile, ValueError, RecursionError, RuntimeError) as exc:
        raise CaseError(f"unreadable case file {path}: {exc}"[:300]) from None
    return CaseContents(case, messages, answers, results)
