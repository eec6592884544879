"""Fixtures of the end-to-end tests (the helpers themselves live in runner.py)."""

from tests.integration.runner import network_attempts  # noqa: F401
