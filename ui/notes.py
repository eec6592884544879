"""The analyst's notes during a run: one text for the whole engagement and one per message.

Notes belong to the engagement, not to an analysis session: changing the settings starts a new
session but keeps what the analyst typed. A message is known by where it lives (its file and
its index in that file), which is also how a case file names it, so notes go into a saved case
and come back when it is reopened.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from inspector.model.message import SourceRef

#: (absolute path, index in the file): a message's key in notes and in a case.
NoteKey = tuple[str, int]


def note_key(ref: SourceRef) -> NoteKey:
    return (os.path.abspath(ref.path), ref.index)


class AnalystNotes:
    def __init__(self) -> None:
        self.overall = ""
        self.title = ""
        self._messages: dict[NoteKey, str] = {}

    def message_note(self, ref: SourceRef) -> str:
        return self._messages.get(note_key(ref), "")

    def set_message_note(self, ref: SourceRef, text: str) -> None:
        key = note_key(ref)
        if text.strip():
            self._messages[key] = text
        else:
            self._messages.pop(key, None)

    def message_notes(self) -> dict[NoteKey, str]:
        return dict(self._messages)

    def replace_all(self, overall: str, messages: dict[NoteKey, str], title: str = "") -> None:
        """Take a reopened case's notes in place of the current ones."""
        self.overall = overall
        self.title = title
        self._messages = {k: v for k, v in messages.items() if v.strip()}

    def for_report(self, refs: Iterable[SourceRef], label: Callable[[SourceRef], str]) -> str:
        """The notes a client report prints: the overall notes, then each note on a message
        of the report (named by ``label``, e.g. its subject), in the report's order."""
        parts = [self.overall.strip()] if self.overall.strip() else []
        seen: set[NoteKey] = set()
        for ref in refs:
            key = note_key(ref)
            note = self._messages.get(key, "").strip()
            if note and key not in seen:
                seen.add(key)
                parts.append(f"On \u201c{label(ref)}\u201d: {note}")
        return "\n\n".join(parts)
