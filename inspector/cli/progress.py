"""A one-line progress bar on standard error, for analyses long enough to wonder about.

Only a person watching a terminal wants it: when standard error is a file or a pipe (a
script, CI, a log) nothing is written, so captured output stays clean. Remaining time is
estimated from the bytes read out of the inputs' total size, which is known up front (a file
system walk) when no input is standard input, and is left out otherwise.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import TextIO

REDRAW_SECONDS = 0.2
#: Walking a tree this large to size it is not worth it: remaining time is then left out.
MAX_SIZED_FILES = 200_000
BAR_WIDTH = 24


def total_size(paths: Iterable[str]) -> int | None:
    """Bytes under ``paths``, or None when unknown (standard input, too many files)."""
    total = files = 0
    for path in paths:
        if path == "-":
            return None
        if not os.path.isdir(path):
            with contextlib.suppress(OSError):
                total += os.path.getsize(path)
            files += 1
            continue
        for folder, _dirs, names in os.walk(path):
            for name in names:
                files += 1
                if files > MAX_SIZED_FILES:
                    return None
                with contextlib.suppress(OSError):
                    total += os.path.getsize(os.path.join(folder, name))
    return total


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressBar:
    """Call ``read(nbytes)`` as each message is read, ``done()`` as each result (in the same
    order) is out, ``close()`` at the end. Bytes count once their message's result is out, so
    the messages read ahead for the workers do not make the estimate optimistic."""

    def __init__(
        self,
        stream: TextIO,
        total_bytes: int | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        enabled: bool | None = None,
    ) -> None:
        self._stream = stream
        self._total = total_bytes if total_bytes else None
        self._clock = clock
        self._started = self._last = clock()
        self._bytes = 0
        self._reading: deque[int] = deque()
        self.count = 0
        self._drawn = False
        if enabled is None:
            isatty = getattr(stream, "isatty", None)
            enabled = bool(callable(isatty) and isatty())
        self.enabled = enabled

    def read(self, nbytes: int) -> None:
        self._reading.append(max(0, nbytes))

    def done(self) -> None:
        self.count += 1
        if self._reading:
            self._bytes += self._reading.popleft()
        now = self._clock()
        if self.enabled and now - self._last >= REDRAW_SECONDS:
            self._last = now
            self._draw(now)

    def line(self, now: float) -> str:
        """The text of the bar at ``now``."""
        elapsed = max(now - self._started, 1e-6)
        text = f"{self.count:,} messages, {self.count / elapsed:,.1f}/s"
        if self._total and self._bytes:
            fraction = min(1.0, self._bytes / self._total)
            filled = int(fraction * BAR_WIDTH)
            left = elapsed * (1 - fraction) / fraction
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            text = f"[{bar}] {fraction:4.0%} {text}, about {_duration(left)} left"
        return text

    def _draw(self, now: float) -> None:
        self._stream.write("\r" + self.line(now) + "\x1b[K")
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Clear the bar, so what follows on the terminal starts on a clean line."""
        if self._drawn:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._drawn = False
