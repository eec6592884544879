"""Plain-words explanations of well-known header fields (shown beside each header)."""

from __future__ import annotations

from functools import cache

from inspector.data import load_json


@cache
def table() -> dict[str, str]:
    data: dict[str, str] = load_json("header_help.json")
    return data


def explain_header(name: str) -> str | None:
    """The explanation for ``name`` (case-insensitive), or None for an unknown header."""
    return table().get(name.strip().lower())
