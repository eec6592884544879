"""Build AnalysisContext values around hand-made auth results (SPF/DMARC rule tests)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from inspector.model.auth import AuthSummary
from inspector.model.findings import Finding
from inspector.model.message import Address, ParsedMessage
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import Rule
from tests.support.context import findings_by_id, make_context, parsed_message


def message(
    headers: Sequence[tuple[str, str]] = (), from_: Sequence[str] = ("news@example.com",)
) -> ParsedMessage:
    all_headers = (
        *((("From", ", ".join(from_)),) if from_ else ()),
        *headers,
    )
    return parsed_message(
        all_headers,
        subject=next((v for n, v in headers if n.lower() == "subject"), None),
        from_=tuple(Address("", a) for a in from_),
        return_path=next((v for n, v in headers if n.lower() == "return-path"), None),
    )


def context(auth: AuthSummary, msg: ParsedMessage | None = None) -> AnalysisContext:
    return make_context(msg or message(), auth=auth)


def run(rules: Iterable[Rule], ctx: AnalysisContext) -> dict[str, Finding]:
    return findings_by_id(rules, ctx)
