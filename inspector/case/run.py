"""Making a case from inputs, and analysing a saved case again with identical results.

Identical means: the same bytes (the copies in the case), the same DNS and RDAP answers (the
recording in the case, replayed, so no network is needed), and the same clock (each message is
judged as of when it was first analysed, so a domain that was 10 days old stays 10 days old).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from inspector import __version__
from inspector.case.store import CaseContents
from inspector.model.case import Case, CaseMessage, ReportSettings
from inspector.model.message import ReadError, SourceRef
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from inspector.parse.sources import iter_messages
from inspector.pipeline import Analyzer
from inspector.report.json import report_to_dict

Clock = Callable[[], datetime]


def _member(number: int, ref: SourceRef) -> str:
    name = os.path.basename(ref.path) or "message"
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:80]
    return f"messages/{number:05d}-{safe}" + (f"-{ref.index}" if ref.index else "") + ".eml"


def create_case(
    paths: Iterable[str],
    options: AnalysisOptions,
    *,
    title: str = "",
    notes: str = "",
    message_notes: Mapping[str, str] | None = None,
    report: ReportSettings | None = None,
    clock: Clock | None = None,
) -> tuple[CaseContents, list[Report], list[ReadError]]:
    """Analyse ``paths`` (recording every DNS and RDAP answer) into the contents of a case.
    ``message_notes`` maps an input path to the analyst's note on it."""
    now = (clock or (lambda: datetime.now(UTC)))()
    notes_by_path = {os.path.abspath(k): v for k, v in (message_notes or {}).items()}
    with tempfile.TemporaryDirectory(prefix="case-") as tmp:
        recording = Path(tmp) / "answers.json"
        recorded = replace(options, save_dns=str(recording))
        reports: list[Report] = []
        errors: list[ReadError] = []
        copies: dict[str, bytes] = {}
        entries: list[CaseMessage] = []
        with Analyzer(recorded, clock=lambda: now) as analyzer:
            for item in iter_messages(list(paths)):
                if isinstance(item, ReadError):
                    errors.append(item)
                    continue
                ref, raw = item
                member = _member(len(entries), ref)
                copies[member] = raw
                reports.append(analyzer.analyze(raw, ref))
                entries.append(
                    CaseMessage(
                        member=member,
                        original_path=os.path.abspath(ref.path),
                        index=ref.index,
                        kind=ref.kind,
                        sha256=hashlib.sha256(raw).hexdigest(),
                        analyzed_at=now,
                        note=notes_by_path.get(os.path.abspath(ref.path), ""),
                    )
                )
        answers = recording.read_text("utf-8") if recording.is_file() else ""
    case = Case(
        title=title or "Untitled case",
        created=now,
        messages=tuple(entries),
        notes=notes,
        report=report or ReportSettings(),
        tool_version=__version__,
    )
    results = tuple(report_to_dict(r) for r in reports)
    return CaseContents(case, copies, answers, results), reports, errors


def reanalyse_case(contents: CaseContents, options: AnalysisOptions | None = None) -> list[Report]:
    """Analyse the case's copies again from its recorded answers, as of their first analysis;
    no network is used (a name the recording lacks says "not checked")."""
    base = options or AnalysisOptions()
    with tempfile.TemporaryDirectory(prefix="case-") as tmp:
        answers = Path(tmp) / "answers.json"
        answers.write_text(contents.answers or _EMPTY_SNAPSHOT, "utf-8")
        replaying = replace(base, offline=False, replay_dns=str(answers), save_dns=None)
        reports: list[Report] = []
        with Analyzer(replaying) as analyzer:
            for message in contents.case.messages:
                analyzer.clock = _fixed(message.analyzed_at)
                ref = SourceRef(message.original_path, message.index, message.kind)
                reports.append(analyzer.analyze(contents.messages[message.member], ref))
    return reports


def _fixed(when: datetime) -> Clock:
    return lambda: when


_EMPTY_SNAPSHOT = '{"format": "deliverability-inspector-dns-snapshot", "version": 1, "answers": []}'
