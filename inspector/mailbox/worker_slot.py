"""One analysis worker process as the parent sees it: the process, its pipe, and the messages
it holds.

The pipe is written by the batch's loop (messages to analyse) and by the threads that answer
the worker's DNS questions, so every send goes through the slot's lock: two writers on one
``Connection`` would interleave their bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing.connection
import threading
from dataclasses import dataclass, field
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from inspector.mailbox.worker_process import Payload, worker_main


@dataclass
class Task:
    """One message on its way through a worker; ``started`` is when the parent knows the
    worker began it (the wall clock its time limit counts from)."""

    seq: int
    payload: Payload
    attempts: int = 0
    started: float | None = None


@dataclass(eq=False)
class WorkerSlot:
    process: BaseProcess
    conn: multiprocessing.connection.Connection
    #: In the order they were sent, which is the order the worker's threads take them up.
    outstanding: dict[int, Task] = field(default_factory=dict)
    #: Holds a message being retried alone: nothing else goes to it until it is free.
    isolated: bool = False
    #: Set up for the batch: only then do its messages' clocks start.
    ready: bool = False
    #: When the batch's job was sent to it (monotonic clock).
    begun: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, message: tuple[Any, ...]) -> bool:
        """False when the worker can no longer be written to (it has died: the batch's loop
        notices and reassigns its work)."""
        with self.lock:
            try:
                self.conn.send(message)
            except (BrokenPipeError, EOFError, OSError, ValueError):
                return False
        return True


def spawn_slot(context: ForkContext | SpawnContext, niceness: int) -> WorkerSlot:
    parent, child = context.Pipe()
    process = context.Process(
        target=worker_main, args=(child, niceness), name="analysis-worker", daemon=True
    )
    process.start()
    child.close()
    return WorkerSlot(process, parent)


def end_slot(slot: WorkerSlot) -> None:
    """Stop the worker now, whatever it is doing (a loop that never returns included)."""
    with contextlib.suppress(OSError):
        slot.conn.close()
    if slot.process.is_alive():
        slot.process.terminate()
        slot.process.join(2)
        if slot.process.is_alive():
            slot.process.kill()
    slot.process.join(1)
