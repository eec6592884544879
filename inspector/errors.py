"""The single root for exceptions the core raises on misuse or bugs.

Expected outcomes (bad signatures, NXDOMAIN, malformed headers) are values, never these.
"""


class InspectorError(Exception):
    """Root of every exception raised deliberately by the core."""


class SourceError(InspectorError):
    """An input path cannot be opened as a message source (reported, batch continues)."""


class Cancelled(InspectorError):
    """The caller's cancel flag was set while work was in progress."""
