"""What a consultant sets for a client report: the cover, the notes and how much detail.

One value shared by ``main.py report`` (its options) and the GUI's export dialog, so both make
the same document. Every field is plain text the report escapes; the logo is read from a file
the consultant chose, never from anything a message names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import PurePath

#: The worst messages shown in full in a PDF mailbox report; the rest are listed one per line.
DEFAULT_IN_FULL = 10
#: A logo bigger than this is left off the cover (an image, not a document, is expected).
LOGO_MAX_BYTES = 2_000_000


class ReportFormat(StrEnum):
    """The kinds of report file, named by the file's suffix."""

    PDF = ".pdf"
    HTML = ".html"
    JSON = ".json"
    JSONL = ".jsonl"

    @property
    def is_json(self) -> bool:
        return self in (ReportFormat.JSON, ReportFormat.JSONL)

    @classmethod
    def of(cls, path: str | PurePath) -> ReportFormat | None:
        """The format a file name asks for (``.htm`` is HTML); None for any other suffix."""
        suffix = PurePath(path).suffix.lower()
        try:
            return cls(".html" if suffix == ".htm" else suffix)
        except ValueError:
            return None


@dataclass(frozen=True)
class ReportOptions:
    consultant: str = ""
    logo: str | None = None
    client: str = ""
    analyst: str = ""
    date: date | None = None
    scope: str = ""
    notes: str = ""
    appendix: bool = True
    in_full: int = DEFAULT_IN_FULL
