"""Records kept on disk while a report is made, so memory does not grow with the mailbox.

An anonymous temporary file (unlinked at once on Linux), so a run that is killed leaves
nothing behind. Each record is one JSON line, which frames any text safely, newlines
included.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import Any


class Spool:
    def __init__(self) -> None:
        # Held open for the spool's life and closed by close(): no context manager fits.
        self._file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def add(self, record: Any) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        """Every record in order; may be read again (a PDF is laid out in two passes)."""
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)
        self._file.seek(0, 2)

    def batches(self, size: int) -> Iterator[list[Any]]:
        batch: list[Any] = []
        for record in self:
            batch.append(record)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def close(self) -> None:
        self._file.close()
