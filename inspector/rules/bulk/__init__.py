"""Findings about bulk mail: unsubscribe headers and the 2024 Gmail/Yahoo sender rules.
Importing the package registers every submodule's rules.
"""

from __future__ import annotations

# Imported for their side effect: each submodule registers its findings and rules.
from inspector.rules.bulk import precedence, requirements, unsubscribe  # noqa: F401
