"""Opening a case in the desktop app: its message copies and recorded answers are unpacked
into a private temporary folder (removed at exit) and opened like any folder, replaying the
recorded DNS and RDAP answers, so a case opens with no network."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from inspector.case.store import load_case


def gui_args_for_case(path: str) -> list[str]:
    """The desktop app's arguments for a case: ``--replay-dns ANSWERS FOLDER``."""
    contents = load_case(path)
    folder = Path(tempfile.mkdtemp(prefix="case-"))
    atexit.register(shutil.rmtree, folder, True)
    messages = folder / "messages"
    messages.mkdir()
    for member, data in contents.messages.items():
        (messages / Path(member).name).write_bytes(data)
    answers = folder / "answers.json"
    answers.write_text(contents.answers or "", "utf-8")
    (folder / "notes.txt").write_text(
        contents.case.title
        + "\n\n"
        + contents.case.notes
        + "\n"
        + "".join(f"\n{m.original_path}: {m.note}" for m in contents.case.messages if m.note),
        "utf-8",
    )
    return ["--replay-dns", str(answers), str(messages)]
