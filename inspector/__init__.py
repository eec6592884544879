"""Deliverability Inspector's analysis core: pure Python, no Qt (see DESIGN.md in ../shared).

The public entry points are ``inspector.pipeline.analyze_bytes`` / ``analyze_sources`` and
the result types in ``inspector.model``.
"""

__version__ = "0.1.0"
APP_NAME = "Deliverability Inspector"
