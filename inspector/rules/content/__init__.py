"""Findings about what the message carries: HTML without text, image-only mail, hidden text,
size, risky attachments and remote content. Importing the package registers every
submodule's rules.
"""

from __future__ import annotations

# Imported for their side effect: each submodule registers its findings and rules.
from inspector.rules.content import attachments, body, remote  # noqa: F401
