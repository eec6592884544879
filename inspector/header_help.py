"""Plain-words explanations of well-known header fields (shown beside each header)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _table() -> dict[str, str]:
    text = resources.files("inspector.data").joinpath("header_help.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text)
    return data


def explain_header(name: str) -> str | None:
    """The explanation for ``name`` (case-insensitive), or None for an unknown header."""
    return _table().get(name.strip().lower())
