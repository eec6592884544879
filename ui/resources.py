"""Locating bundled resources (fonts, icons, samples) in a checkout and in a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def samples_dir() -> Path:
    return resources_dir() / "samples"


def samples_snapshot() -> Path:
    """The recorded DNS answers that let the bundled samples be analysed offline."""
    return samples_dir() / "dns.json"
