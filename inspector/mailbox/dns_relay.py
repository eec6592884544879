"""One DNS cache for every worker of a batch: workers ask the parent, the parent asks the network.

Why: each worker keeps a cache of its own, so without this N workers would each send the same
question (the same sender's SPF record, the same blocklist zone) once, N times in all. The
parent holds one ``Resolver`` whose cache and one-packet-per-question rule now span the
workers: a question another worker has asked, or is asking at this moment, is not sent again.
A worker still keeps its own cache (a second asking there costs no round trip to the parent),
its own per-message time budget and evidence log.

The parent answers on a small thread pool so that a slow server never holds up the batch's
loop; a worker waits for an answer no longer than the lifetime it asked with, plus a grace
for the trip through the pipes (``inspector.mailbox.relay_client``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from inspector.mailbox.worker_process import WorkerOp
from inspector.mailbox.worker_slot import WorkerSlot
from inspector.model.codes import DnsStatus
from inspector.net.dns_cache import Outcome
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions

MAX_RELAY_THREADS = 128


def asks_network(options: AnalysisOptions) -> bool:
    """Offline and replayed runs never send a packet: there is nothing to share."""
    return not (options.offline or options.replay_dns)


class DnsRelay:
    """The parent's side: one resolver answering every worker's questions."""

    def __init__(self, options: AnalysisOptions, threads: int) -> None:
        # The recording of the batch is written from the workers' own logs, not from here.
        self.resolver = Resolver(replace(options, save_dns=None))
        self._pool = ThreadPoolExecutor(
            max(1, min(threads, MAX_RELAY_THREADS)), thread_name_prefix="dns-relay"
        )

    @classmethod
    def for_options(cls, options: AnalysisOptions, threads: int) -> DnsRelay | None:
        return cls(options, threads) if asks_network(options) else None

    def ask(self, slot: WorkerSlot, ident: int, name: str, rdtype: str, lifetime: float) -> None:
        try:
            self._pool.submit(self._answer, slot, ident, name, rdtype, lifetime)
        except RuntimeError:  # closed: the worker's wait runs out, its answer is a timeout
            return

    def _answer(
        self, slot: WorkerSlot, ident: int, name: str, rdtype: str, lifetime: float
    ) -> None:
        try:
            outcome = self.resolver.shared_outcome(name, rdtype, lifetime)
        except Exception as exc:  # noqa: BLE001 - a bug here must not leave the worker waiting
            outcome = Outcome(DnsStatus.ERROR, (), "", f"{type(exc).__name__}: {exc}"[:200])
        slot.send((WorkerOp.ANSWER, ident, outcome))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.resolver.close()
