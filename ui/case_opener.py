"""Opening a case in the desktop app: its message copies and recorded answers are unpacked
into a private temporary folder (removed at exit) and opened like any folder, replaying the
recorded DNS and RDAP answers, so a case opens with no network. The analyst's notes come back
keyed to the unpacked copies, so the message view shows each note beside its message."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from inspector.case.store import load_case
from ui.notes import NoteKey


@dataclass(frozen=True)
class OpenedCase:
    path: str
    title: str
    answers: str  # the recorded DNS and RDAP answers, to replay
    messages: str  # the folder of message copies
    notes: str = ""
    message_notes: dict[NoteKey, str] = field(default_factory=dict)


def unpack_case(path: str) -> OpenedCase:
    """Unpack ``path`` for the app; raises ``CaseError`` when it cannot be read."""
    contents = load_case(path)
    folder = Path(tempfile.mkdtemp(prefix="case-"))
    atexit.register(shutil.rmtree, folder, True)
    messages = folder / "messages"
    messages.mkdir()
    notes: dict[NoteKey, str] = {}
    for entry in contents.case.messages:
        copy = messages / Path(entry.member).name
        copy.write_bytes(contents.messages[entry.member])
        if entry.note:
            notes[(os.path.abspath(copy), 0)] = entry.note
    answers = folder / "answers.json"
    answers.write_text(contents.answers or "", "utf-8")
    return OpenedCase(
        path=os.path.abspath(path),
        title=contents.case.title,
        answers=str(answers),
        messages=str(messages),
        notes=contents.case.notes,
        message_notes=notes,
    )
