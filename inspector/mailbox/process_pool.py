"""Analysing a stream of messages on several worker processes, results in input order.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its processes dies (a hostile
message that crashes a C extension, or exhausts memory and is killed), the whole pool is
marked broken and every pending message fails with it. Here a dead worker costs only the
message that killed it: its other outstanding messages are sent again, one at a time to a
worker with nothing else to do, so a second death names the culprit for certain, and a fresh
worker takes the dead one's place.

Memory stays flat with the mailbox's size: at most ``window`` messages are between being read
and being handed back, whatever the input's length. Cancelling (or dropping the iterator)
ends the workers at once; the next batch starts new ones.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

from inspector.mailbox.worker_process import (
    Payload,
    Render,
    WorkerOp,
    keep_report,
    payload_ref,
    worker_main,
)
from inspector.model.message import ReadError
from inspector.net.lookup import DnsAnswer, RdapAnswer
from inspector.options import AnalysisOptions

POLL_SECONDS = 0.1
MAX_WORKERS = 64  # as many as `--workers` accepts (inspector.cli.argument_types)
#: Messages queued at each worker per analysis thread, so none waits for the next one.
QUEUED_PER_THREAD = 2
Item = Payload | ReadError


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


@dataclass
class _Task:
    seq: int
    payload: Payload
    attempts: int = 0


@dataclass(eq=False)
class _Slot:
    process: BaseProcess
    conn: multiprocessing.connection.Connection
    outstanding: dict[int, _Task] = field(default_factory=dict)
    #: Holds a message being retried alone: nothing else goes to it until it is free.
    isolated: bool = False


@dataclass
class Evidence:
    """Every DNS and RDAP answer the workers used in a batch (a real answer beats a
    temporary failure), for one recording of the whole batch."""

    dns: dict[tuple[str, str], DnsAnswer] = field(default_factory=dict)
    rdap: dict[tuple[str, str], RdapAnswer] = field(default_factory=dict)

    def add(self, dns: Iterable[DnsAnswer], rdap: Iterable[RdapAnswer]) -> None:
        for answer in dns:
            key = (answer.name, answer.rdtype)
            old = self.dns.get(key)
            if old is None or old.temporary or not answer.temporary:
                self.dns[key] = answer
        for found in rdap:
            self.rdap.setdefault((found.kind, found.query), found)


class ProcessPool:
    """Worker processes that outlive a batch (started once, reused), one batch at a time."""

    def __init__(self, workers: int, *, niceness: int = 0) -> None:
        self.workers = max(1, min(workers, MAX_WORKERS))
        self._niceness = niceness
        self._context = multiprocessing.get_context("spawn")
        self.slots: list[_Slot] = []
        self.evidence = Evidence()

    def start(self) -> None:
        """Start the workers now, so the first batch does not wait for interpreters."""
        while len(self.slots) < self.workers:
            self.slots.append(self._spawn())

    def _spawn(self) -> _Slot:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(child, self._niceness), name="analysis-worker", daemon=True
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def close(self) -> None:
        """End every worker now (work in progress is dropped)."""
        slots, self.slots = self.slots, []
        for slot in slots:
            _end(slot)

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
    ) -> Iterator[Any]:
        """Yield ``render(report)`` or a ``ReadError`` per item, in input order; ``render``
        runs in the worker (a module-level function, so it can be sent there). Afterwards
        ``evidence`` holds every answer the workers used."""
        self.evidence = Evidence()
        batch = _Batch(self, options, render, cancel or (lambda: False))
        finished = False
        try:
            yield from batch.results(iter(items))
            finished = not batch.cancelled
        finally:
            if finished:
                batch.collect_evidence()
            else:
                self.close()


class _Batch:
    def __init__(
        self,
        pool: ProcessPool,
        options: AnalysisOptions,
        render: Render,
        cancel: Callable[[], bool],
    ) -> None:
        self.pool = pool
        self.options = options
        self.render = render
        self.cancel = cancel
        self.cancelled = False
        self.threads = threads_for(options)
        self.capacity = self.threads * QUEUED_PER_THREAD
        self.window = pool.workers * self.capacity * 2
        self.queue: deque[_Task] = deque()
        self.retry: deque[_Task] = deque()
        self.done: dict[int, Any] = {}
        pool.start()
        for slot in pool.slots:
            self._begin(slot)

    def _begin(self, slot: _Slot) -> None:
        slot.conn.send((WorkerOp.JOB, self.options, self.render, self.threads))

    def results(self, items: Iterator[Item]) -> Iterator[Any]:
        next_seq = next_out = 0
        exhausted = False
        while True:
            while not exhausted and next_seq - next_out < self.window:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                if isinstance(item, ReadError):
                    self.done[next_seq] = item
                else:
                    self.queue.append(_Task(next_seq, item))
                next_seq += 1
            self._dispatch()
            while next_out in self.done:
                if self.cancel():
                    self.cancelled = True
                    return
                yield self.done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_seq:
                return
            if self.cancel():
                self.cancelled = True
                return
            self._receive()

    def _dispatch(self) -> None:
        slots = self.pool.slots
        while self.retry:
            free = next((s for s in slots if not s.outstanding), None)
            if free is None:
                break
            self._send(free, self.retry.popleft())
            free.isolated = True
        while self.queue:
            open_slots = [s for s in slots if not s.isolated and not self.retry]
            slot = min(open_slots, key=lambda s: len(s.outstanding), default=None)
            if slot is None or len(slot.outstanding) >= self.capacity:
                return
            self._send(slot, self.queue.popleft())

    def _send(self, slot: _Slot, task: _Task) -> None:
        slot.outstanding[task.seq] = task
        # If the worker has died, _receive notices and reassigns its work.
        with contextlib.suppress(BrokenPipeError, OSError):
            slot.conn.send((WorkerOp.ANALYSE, task.seq, task.payload))

    def _receive(self) -> None:
        slots = {id(s.conn): s for s in self.pool.slots}
        waitables: list[Any] = [s.conn for s in slots.values()]
        waitables += [s.process.sentinel for s in slots.values()]
        for ready in multiprocessing.connection.wait(waitables, POLL_SECONDS):
            slot = slots.get(id(ready))
            if slot is None:
                slot = next(s for s in slots.values() if s.process.sentinel == ready)
            self._drain(slot)

    def _drain(self, slot: _Slot) -> None:
        if slot not in self.pool.slots:
            return  # already replaced in this round
        try:
            while slot.conn.poll():
                message = slot.conn.recv()
                if message[0] == WorkerOp.DONE:
                    slot.outstanding.pop(message[1], None)
                    self.done[message[1]] = message[2]
                    if not slot.outstanding:
                        slot.isolated = False
        except (EOFError, OSError):
            self._replace(slot)
            return
        if not slot.process.is_alive():
            self._replace(slot)

    def _replace(self, dead: _Slot) -> None:
        """Blame the dead worker's message when it was alone there, else try its messages
        again one by one; start a fresh worker in its place."""
        _end(dead)
        code = dead.process.exitcode
        tasks = sorted(dead.outstanding.values(), key=lambda t: t.seq)
        for task in tasks:
            if len(tasks) == 1 or task.attempts >= 1:
                ref = payload_ref(task.payload)
                why = f"the analysis process stopped on this message (exit code {code})"
                self.done[task.seq] = ReadError(ref.path, why, ref.index)
            else:
                task.attempts += 1
                self.retry.append(task)
        slots = self.pool.slots
        fresh = self.pool._spawn()
        slots[slots.index(dead)] = fresh
        self._begin(fresh)

    def collect_evidence(self) -> None:
        """End the job in every worker and merge the answers they used."""
        for slot in list(self.pool.slots):
            try:
                slot.conn.send((WorkerOp.END,))
                while True:
                    message = slot.conn.recv()
                    if message[0] == WorkerOp.EVIDENCE:
                        self.pool.evidence.add(message[1], message[2])
                        break
            except (EOFError, OSError):
                slots = self.pool.slots
                slots[slots.index(slot)] = self.pool._spawn()
                _end(slot)


def _end(slot: _Slot) -> None:
    with contextlib.suppress(OSError):
        slot.conn.close()
    if slot.process.is_alive():
        slot.process.terminate()
        slot.process.join(2)
        if slot.process.is_alive():
            slot.process.kill()
    slot.process.join(1)
