"""Findings about the header block itself: required fields, duplicates, dates, line limits,
encoding, the From field's shape, MIME structure, Message-ID and mailer consistency. Most of
these mirror what receivers enforce before any reputation check: Gmail refuses messages that
break RFC 5322 (no From, two Subjects...), many servers refuse bare line feeds, and filters
score malformed Message-IDs and forged mailer headers because bulk-sending software ("ratware")
gets them wrong. The parse already recorded the structural facts as ``HeaderDefect`` values;
these rules explain them. Importing the package registers every submodule's rules."""

from __future__ import annotations

# Imported for their side effect: each submodule registers its findings and rules.
from inspector.rules.headers import (  # noqa: F401
    dates,
    from_field,
    mailer,
    message_id,
    mime,
    required,
    wire,
)
