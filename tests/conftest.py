"""Shared fixtures. Fixtures that start loopback servers live in tests/support and are
imported here so every test can ask for them by name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SAMPLES = PROJECT / "resources" / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (third-party corpora and suites); skip when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout (third-party corpora and suites)")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "dev"


@pytest.fixture(scope="session")
def suites_dir(shared_dir: Path) -> Path:
    return shared_dir / "suites"


# Loopback server fixtures (each helper module adds its import below).
from tests.support.dns_server import dns_server  # noqa: E402, F401
from tests.support.loopback_guard import loopback_only  # noqa: E402, F401
from tests.support.rdap_server import rdap_server  # noqa: E402, F401
