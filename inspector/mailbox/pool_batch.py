"""One batch on a ``ProcessPool``: messages handed out, results put back in input order, and a
worker that dies or runs too long replaced without losing anything else.

A worker's threads take its messages in the order they were sent, so the parent knows which
of them are running without being told: the first ``threads`` of those it holds. A running
message's clock starts when the parent sees it start; past ``message_timeout`` seconds the
worker is ended (a loop in a hostile message never returns on its own), that message is
reported as its own error, and the worker's other messages go back to the front of the queue.
"""

from __future__ import annotations

import multiprocessing.connection
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from inspector.mailbox.dns_relay import DnsRelay
from inspector.mailbox.rdap_relay import RdapRelay
from inspector.mailbox.worker_process import JobSpec, Payload, Render, WorkerOp, payload_ref
from inspector.mailbox.worker_slot import Task, WorkerSlot, end_slot
from inspector.model.message import ReadError
from inspector.net.lookup import DnsAnswer, RdapAnswer
from inspector.options import AnalysisOptions

Item = Payload | ReadError

POLL_SECONDS = 0.1
#: Messages queued at each worker per analysis thread, so none waits for the next one.
QUEUED_PER_THREAD = 2
#: A worker that has not set up its job after this long (or the message limit, if longer) is
#: stuck in starting (a lock inherited in a fork, a machine out of memory): it is replaced.
START_LIMIT_S = 120.0


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


class Workers(Protocol):
    """What a batch needs of its pool: the worker slots, their limits, and a way to replace
    one (``inspector.mailbox.process_pool.ProcessPool``)."""

    workers: int
    message_timeout: float | None
    slots: list[WorkerSlot]
    evidence: Evidence

    def start(self) -> None: ...

    def replace_slot(self, old: WorkerSlot) -> WorkerSlot: ...


class Batch:
    def __init__(
        self,
        pool: Workers,
        options: AnalysisOptions,
        render: Render,
        cancel: Callable[[], bool],
        threads: int,
        *,
        take_out_reports: bool = False,
    ) -> None:
        self.pool = pool
        self.options = options
        self.cancel = cancel
        self.cancelled = False
        self.threads = threads
        self.capacity = self.threads * QUEUED_PER_THREAD
        self.window = pool.workers * self.capacity * 2
        self.queue: deque[Task] = deque()
        self.retry: deque[Task] = deque()
        self.done: dict[int, Any] = {}
        self.relay = DnsRelay.for_options(options, pool.workers * threads)
        self.rdap_relay = RdapRelay.for_options(options, pool.workers * threads)
        self.spec = JobSpec(
            options,
            render,
            threads,
            shared_dns=self.relay is not None,
            shared_rdap=self.rdap_relay is not None,
            take_out_reports=take_out_reports,
        )
        pool.start()
        for slot in pool.slots:
            self._begin(slot)

    def _begin(self, slot: WorkerSlot) -> None:
        slot.ready = False
        slot.begun = time.monotonic()
        slot.send((WorkerOp.JOB, self.spec))

    def close(self) -> None:
        if self.relay is not None:
            self.relay.close()
        if self.rdap_relay is not None:
            self.rdap_relay.close()

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
                    self.queue.append(Task(next_seq, item))
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
            self._enforce_time_limit()

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
                break
            self._send(slot, self.queue.popleft())
        self._mark_started(time.monotonic())

    def _send(self, slot: WorkerSlot, task: Task) -> None:
        task.started = None
        slot.outstanding[task.seq] = task
        # If the worker has died, _receive notices and reassigns its work.
        slot.send((WorkerOp.ANALYSE, task.seq, task.payload))

    def _mark_started(self, now: float) -> None:
        for slot in self.pool.slots:
            if not slot.ready:
                continue
            for running, task in enumerate(slot.outstanding.values()):
                if running >= self.threads:
                    break
                if task.started is None:
                    task.started = now

    def _receive(self) -> None:
        slots = {id(s.conn): s for s in self.pool.slots}
        waitables: list[Any] = [s.conn for s in slots.values()]
        waitables += [s.process.sentinel for s in slots.values()]
        for ready in multiprocessing.connection.wait(waitables, POLL_SECONDS):
            slot = slots.get(id(ready))
            if slot is None:
                slot = next(s for s in slots.values() if s.process.sentinel == ready)
            self._drain(slot)
        self._mark_started(time.monotonic())

    def _drain(self, slot: WorkerSlot) -> None:
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
                elif message[0] == WorkerOp.READY:
                    slot.ready = True
                elif message[0] == WorkerOp.ASK and self.relay is not None:
                    self.relay.ask(slot, message[1], message[2], message[3], message[4])
                elif message[0] == WorkerOp.ASK_RDAP and self.rdap_relay is not None:
                    self.rdap_relay.ask(slot, message[1], message[2], message[3])
        except (EOFError, OSError):
            self._replace(slot)
            return
        if not slot.process.is_alive():
            self._replace(slot)

    def _enforce_time_limit(self) -> None:
        limit = self.pool.message_timeout
        if limit is None:
            return
        now = time.monotonic()
        for slot in list(self.pool.slots):
            if not slot.ready:
                if now - slot.begun > max(limit, START_LIMIT_S):  # stuck before any message
                    self._requeue_and_replace(slot)
                continue
            late = [t for t in slot.outstanding.values() if t.started and now - t.started > limit]
            if not late:
                continue
            for task in late:
                ref = payload_ref(task.payload)
                why = f"the analysis took longer than {limit:g} s and was stopped"
                self.done[task.seq] = ReadError(ref.path, why, ref.index)
                del slot.outstanding[task.seq]
            self._requeue_and_replace(slot)

    def _requeue_and_replace(self, slot: WorkerSlot) -> None:
        """The worker's other messages were only waiting behind, or running beside, the one
        to blame: they go first to the next free workers."""
        innocent = sorted(slot.outstanding.values(), key=lambda t: t.seq)
        slot.outstanding.clear()
        self.queue.extendleft(reversed(innocent))
        self._replace(slot)

    def _replace(self, dead: WorkerSlot) -> None:
        """Blame the dead worker's message when it was alone there, else try its messages
        again one by one; start a fresh worker in its place."""
        end_slot(dead)
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
        fresh = self.pool.replace_slot(dead)
        self._begin(fresh)

    def collect_evidence(self) -> None:
        """End the job in every worker and merge the answers they used."""
        for slot in list(self.pool.slots):
            try:
                slot.send((WorkerOp.END,))
                while True:
                    message = slot.conn.recv()
                    if message[0] == WorkerOp.EVIDENCE:
                        self.pool.evidence.add(message[1], message[2])
                        break
            except (EOFError, OSError):
                self.pool.replace_slot(slot)
