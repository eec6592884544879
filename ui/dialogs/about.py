"""About text: versions of the app and the libraries whose behaviour the results depend on."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion

from inspector import APP_NAME, __version__

LIBRARIES = ("dnspython", "dkimpy", "pyspf", "publicsuffixlist", "PyNaCl")


def library_versions() -> list[tuple[str, str]]:
    versions = [
        ("PySide6", pyside_version),
        ("Qt", qVersion()),
        ("Python", platform.python_version()),
    ]
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "not found"))
    return versions


def about_text() -> str:
    rows = "".join(f"<tr><td>{n}</td><td>{v}</td></tr>" for n, v in library_versions())
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Why did this message land in spam, and who sent it? Headers, DKIM, SPF, DMARC, ARC, "
        "the relay path, sender intelligence and receivers' verdicts, explained.</p>"
        "<p>Messages are treated as hostile: nothing they reference is ever loaded.</p>"
        f"<table>{rows}</table>"
    )
