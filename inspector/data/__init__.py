"""The core's bundled tables (fingerprints, code tables, blocklists, RDAP bootstrap), read through
one cached loader. The files are ours and ship with every build, so a missing or broken one is a
packaging bug that the frozen build's self-test reports, not a condition for callers to handle."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(*path: str) -> Any:
    """The parsed JSON file at ``path`` under inspector/data, read once per process.

    Callers treat the result as read-only: it is shared by every caller.
    """
    return json.loads(resources.files(__name__).joinpath(*path).read_text(encoding="utf-8"))
