"""One RDAP cache for every worker of a batch: workers ask the parent, the parent asks the network.

Why: each worker kept a cache of its own, so N workers sent the same question (the registrar
of a sender's domain, the owner of a relay's network) up to N times. RDAP servers are few,
slow and rate-limited (a registry answers a burst from one address with HTTP 429), which makes
repeats costlier than for DNS. The parent holds one ``RdapClient``: a question another
worker has asked is answered from its cache, and one being asked at this moment is waited for,
not sent again. Each question gets the parent's full per-question bound (its own request
cap for redirects, one deadline); the per-message cap is counted in the worker.

The parent answers on a small thread pool so that a slow server never holds up the batch's
loop (``inspector.mailbox.relay_client`` bounds the worker's wait).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from inspector.mailbox.dns_relay import MAX_RELAY_THREADS, asks_network
from inspector.mailbox.worker_process import WorkerOp
from inspector.mailbox.worker_slot import WorkerSlot
from inspector.model.codes import RdapKind, RdapStatus
from inspector.net.lookup import RdapAnswer
from inspector.net.rdap import RdapClient
from inspector.options import AnalysisOptions


def asks_rdap(options: AnalysisOptions) -> bool:
    """Live RDAP only: a replay answers from its recording, offline nothing is asked."""
    return asks_network(options) and options.rdap and options.intel


class RdapRelay:
    """The parent's side: one RDAP client answering every worker's questions."""

    def __init__(self, options: AnalysisOptions, threads: int) -> None:
        self.client = RdapClient(options)
        self._pool = ThreadPoolExecutor(
            max(1, min(threads, MAX_RELAY_THREADS)), thread_name_prefix="rdap-relay"
        )
        self._lock = threading.Lock()
        self._asking: dict[tuple[RdapKind, str], Future[RdapAnswer]] = {}

    @classmethod
    def for_options(cls, options: AnalysisOptions, threads: int) -> RdapRelay | None:
        return cls(options, threads) if asks_rdap(options) else None

    def ask(self, slot: WorkerSlot, ident: int, kind: RdapKind, query: str) -> None:
        try:
            self._pool.submit(self._answer, slot, ident, kind, query)
        except RuntimeError:  # closed: the worker's wait runs out, its answer is a timeout
            return

    def _answer(self, slot: WorkerSlot, ident: int, kind: RdapKind, query: str) -> None:
        try:
            answer = self.answer(kind, query)
        except Exception as exc:  # noqa: BLE001 - a bug here must not leave the worker waiting
            answer = RdapAnswer(
                query, kind, RdapStatus.ERROR, error=f"{type(exc).__name__}: {exc}"[:200]
            )
        slot.send((WorkerOp.RDAP_ANSWER, ident, answer))

    def answer(self, kind: RdapKind, query: str) -> RdapAnswer:
        """The one answer to ``(kind, query)``: cached, being asked by another worker, or
        asked now."""
        key = (kind, query)
        with self._lock:
            asking = self._asking.get(key)
            first = asking is None
            if asking is None:
                asking = self._asking[key] = Future()
        if not first:
            return asking.result()
        try:
            view = self.client.session()  # a fresh request cap for this question
            answer = view.domain(query) if kind is RdapKind.DOMAIN else view.ip(query)
            asking.set_result(answer)
        except BaseException as exc:
            asking.set_exception(exc)
            raise
        finally:
            with self._lock:
                # Kept answers stay in the client's cache; a failure may be asked again.
                del self._asking[key]
        return answer

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
