"""File > Save case: the messages in the list, analysed again while every DNS and RDAP answer
is recorded (``inspector.case.run.create_case``), with the analyst's notes of this run.

Pasted headers have no file a case could copy, so they are left out and counted.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from inspector.case.run import create_case
from inspector.case.store import save_case
from inspector.model.codes import SourceKind
from inspector.model.message import SourceRef
from inspector.options import AnalysisOptions
from ui.notes import AnalystNotes

NOT_FILES = (SourceKind.PASTE, SourceKind.STDIN)


@dataclass(frozen=True)
class CaseSaved:
    path: str
    messages: int
    unreadable: int
    left_out: int  # pasted messages, which have no file to copy

    def sentence(self) -> str:
        text = f"Saved case {self.path} ({self.messages} message{'s' if self.messages != 1 else ''}"
        if self.unreadable:
            text += f", {self.unreadable} unreadable left out"
        if self.left_out:
            text += f", {self.left_out} pasted left out"
        return text + ")"


def save_case_file(
    target: str, refs: Sequence[SourceRef], notes: AnalystNotes, options: AnalysisOptions
) -> CaseSaved:
    """Write the case of ``refs`` to ``target`` (atomically); raises ``CaseError``."""
    files = [r for r in refs if r.kind not in NOT_FILES]
    paths = list(dict.fromkeys(os.path.abspath(r.path) for r in files))
    contents, reports, errors = create_case(
        paths, options, title=notes.title or os.path.basename(target), notes=notes.overall
    )
    by_key = notes.message_notes()
    messages = tuple(
        replace(m, note=by_key.get((m.original_path, m.index), "")) for m in contents.case.messages
    )
    contents = replace(contents, case=replace(contents.case, messages=messages))
    save_case(target, contents)
    return CaseSaved(target, len(reports), len(errors), len(refs) - len(files))
