"""The resolver's batch-wide answer cache: least recently used, with expiry, and bounded both
in entries and in record text (hostile messages can make us fetch many 64 kB TXT records).

Written here rather than using dnspython's ``LRUCache`` because that bounds entries only, not
the text they hold, and stores dnspython answers where we keep our own outcomes (server
failures included, briefly).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from inspector.model.codes import DnsStatus

Key = tuple[str, str]

CACHE_MAX_CHARS = 64 * 1024 * 1024  # record text the cache may hold, all entries together


@dataclass(frozen=True)
class Outcome:
    """What the network (or the cache) said about one normalized question."""

    status: DnsStatus
    records: tuple[str, ...] = ()
    server: str = ""
    detail: str = ""
    ttl: float = 0.0
    keep: bool = True  # False: the question itself was unaskable; no snapshot entry needed


def _cost(outcome: Outcome) -> int:
    return 128 + sum(len(record) for record in outcome.records)


class DnsCache:
    """LRU dictionary with expiry, bounded in entries and in record text (hostile messages
    can make us fetch many 64 kB TXT records); callers hold the resolver's lock."""

    def __init__(self, size: int, max_chars: int = CACHE_MAX_CHARS) -> None:
        self._size = size
        self._max_chars = max_chars
        self._chars = 0
        self._items: OrderedDict[Key, tuple[float, Outcome]] = OrderedDict()

    def get(self, key: Key, now: float) -> Outcome | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] <= now:
            self._drop(key)
            return None
        self._items.move_to_end(key)
        return item[1]

    def put(self, key: Key, outcome: Outcome, expires: float) -> None:
        if key in self._items:
            self._drop(key)
        self._items[key] = (expires, outcome)
        self._chars += _cost(outcome)
        while len(self._items) > self._size or self._chars > self._max_chars:
            self._drop(next(iter(self._items)))

    def _drop(self, key: Key) -> None:
        _, outcome = self._items.pop(key)
        self._chars -= _cost(outcome)

    def __len__(self) -> int:
        return len(self._items)
