"""Start-up: what lives as long as the window is kept out of later full collections."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from ui.app import settle_heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the test session collects as usual


@pytest.mark.usefixtures("unfrozen")
def test_settle_heap_frees_garbage_then_exempts_the_living() -> None:
    garbage, kept = _Node(), _Node()
    garbage.other = garbage  # a cycle only a collection can free
    gone = weakref.ref(garbage)
    del garbage
    before = gc.get_freeze_count()

    settle_heap()

    assert gone() is None
    assert gc.get_freeze_count() > before
    assert kept not in gc.get_objects(generation=2)  # frozen, so no generation walks it
