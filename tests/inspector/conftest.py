"""Fixtures shared by the core's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer


@pytest.fixture
def analyzer() -> Iterator[Analyzer]:
    """An offline analyser, closed after the test."""
    with Analyzer(AnalysisOptions(offline=True)) as a:
        yield a
