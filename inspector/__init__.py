"""Deliverability Inspector's analysis core: pure Python, no Qt. The packages follow the flow of
one analysis: ``parse`` (bytes -> ParsedMessage) -> ``route`` (hops, trust boundary) -> ``net``
(DNS, RDAP, blocklists: the only I/O) -> ``auth`` (DKIM, SPF, DMARC, ARC, receivers' results) ->
``intel`` (who is behind it) -> ``verdicts`` and ``bounces`` (what filters and servers said) ->
``rules`` (findings) -> ``diagnosis`` (ranked summary) -> ``report`` (JSON, text, HTML).
``pipeline`` runs them in that order; ``mailbox`` runs many messages; ``cli`` is the command
line; ``model`` holds the result types and ``data`` the bundled tables."""

__version__ = "0.1.0"
APP_NAME = "Deliverability Inspector"
