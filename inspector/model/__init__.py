"""The result vocabulary: frozen dataclasses, one module per family, and ``codes`` with every coded
value as an enum. Everything the analysis produces is a value of these types. They carry no
behaviour beyond small conveniences, so the GUI, the rules and the report writers rely on them
without importing the code that computes them. Field names are the JSON contract's key names
(``from_`` becomes ``from``); see ``inspector.report.json`` and ``docs/report.schema.json``.
Expected outcomes (NXDOMAIN, a bad signature, a malformed header) are statuses on these values,
never exceptions."""
