"""Analysing a stream of messages on several worker processes, results in input order.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its processes dies (a hostile
message that crashes a C extension, or exhausts memory and is killed), the whole pool is
marked broken and every pending message fails with it. Here a dead worker costs only the
message that killed it: its other outstanding messages are sent again, one at a time to a
worker with nothing else to do, so a second death names the culprit for certain, and a fresh
worker takes the dead one's place.

Memory stays flat with the mailbox's size: at most ``window`` messages are between being read
and being handed back, whatever the input's length. A message that runs longer than
``message_timeout`` (a loop that never ends is a crash that does not exit) costs its worker,
and only itself. Cancelling (or dropping the iterator) ends the workers at once; the next
batch starts new ones. Scheduling a batch is ``inspector.mailbox.pool_batch``'s work.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.context import ForkContext, SpawnContext
from typing import Any

from inspector.mailbox.pool_batch import Batch, Evidence, Item
from inspector.mailbox.time_limit import DEFAULT_MESSAGE_TIMEOUT
from inspector.mailbox.worker_process import Render, keep_report
from inspector.mailbox.worker_slot import WorkerSlot, end_slot, spawn_slot
from inspector.options import AnalysisOptions

MAX_WORKERS = 64  # as many as `--workers` accepts (inspector.cli.argument_types)


def start_context() -> ForkContext | SpawnContext:
    """Fork where it is safe and cheap: on Linux, from a process running no other thread (the
    CLI, the GUI's analysis child between batches), a worker starts with everything the parent
    has imported instead of spending a second of CPU importing it again beside the other
    workers. Elsewhere (macOS frameworks, Windows), or beside threads that may hold a lock at
    the moment of the fork (the DNS relay's), a fresh interpreter."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def threads_for(options: AnalysisOptions) -> int:
    """Analysis threads per worker: one when nothing waits on the network, else enough to
    overlap the DNS waits."""
    return 1 if (options.offline or options.replay_dns) else 8


class ProcessPool:
    """Worker processes that outlive a batch (started once, reused), one batch at a time."""

    def __init__(
        self,
        workers: int,
        *,
        niceness: int = 0,
        message_timeout: float | None = DEFAULT_MESSAGE_TIMEOUT,
    ) -> None:
        self.workers = max(1, min(workers, MAX_WORKERS))
        self.message_timeout = message_timeout
        self._niceness = niceness
        self.slots: list[WorkerSlot] = []
        self.evidence = Evidence()

    def start(self) -> None:
        """Start the workers now, so the first batch does not wait for interpreters."""
        while len(self.slots) < self.workers:
            self.slots.append(spawn_slot(start_context(), self._niceness))

    def replace_slot(self, old: WorkerSlot) -> WorkerSlot:
        """End ``old`` and put a fresh worker in its place."""
        end_slot(old)
        fresh = spawn_slot(start_context(), self._niceness)
        if old in self.slots:
            self.slots[self.slots.index(old)] = fresh
        else:
            self.slots.append(fresh)
        return fresh

    def close(self) -> None:
        """End every worker now (work in progress is dropped)."""
        slots, self.slots = self.slots, []
        for slot in slots:
            end_slot(slot)

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(
        self,
        items: Iterable[Item],
        options: AnalysisOptions,
        *,
        render: Render = keep_report,
        cancel: Callable[[], bool] | None = None,
        take_out_reports: bool = False,
    ) -> Iterator[Any]:
        """Yield ``render(report)`` or a ``ReadError`` per item, in input order; ``render``
        runs in the worker (a module-level function, so it can be sent there). With
        ``take_out_reports`` a message carrying DMARC/TLS reports comes back as
        ``CarriedReports`` instead. Afterwards ``evidence`` holds every answer the workers
        used."""
        self.evidence = Evidence()
        batch = Batch(
            self,
            options,
            render,
            cancel or (lambda: False),
            threads_for(options),
            take_out_reports=take_out_reports,
        )
        finished = False
        try:
            yield from batch.results(iter(items))
            finished = not batch.cancelled
        finally:
            batch.close()
            if finished:
                batch.collect_evidence()
            else:
                self.close()
