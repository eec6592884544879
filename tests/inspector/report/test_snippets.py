"""Copy-as-text and copy-as-Markdown snippets: the words, and message text kept inert."""

from __future__ import annotations

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.route import Hop
from inspector.report.snippets import (
    finding_as_markdown,
    finding_as_text,
    route_as_markdown,
    route_as_text,
)

FINDING = Finding(
    id="links.ip_address",
    severity=Severity.HIGH,
    category=Category.CONTENT,
    title="A link points at a bare IP address",
    explanation="The link [click](http://203.0.113.9/) hides ![x](http://t.example.net/p.gif)",
    evidence=("href=http://203.0.113.9/`login`",),
    remedy="Link to your own domain.",
)


def test_finding_as_text_has_title_evidence_and_fix() -> None:
    text = finding_as_text(FINDING)
    assert text.splitlines()[0] == "[HIGH] A link points at a bare IP address"
    assert "  evidence: href=http://203.0.113.9/`login`" in text
    assert text.endswith("Fix: Link to your own domain.")


def test_markdown_keeps_message_text_inert() -> None:
    md = finding_as_markdown(FINDING)
    assert "](http" not in md  # no live link or image a ticket system would fetch
    assert "\\!\\[x\\]" in md
    assert "- `` href=http://203.0.113.9/`login` ``" in md  # fence longer than the inner run


def test_route_tables() -> None:
    hops = (
        Hop(
            0,
            "from a",
            helo="mx.sender.example",
            ip="203.0.113.5",
            by="mx.rcpt.example",
            delay_seconds=-3,
            boundary=True,
        ),
        Hop(1, "from b", helo="int|ernal", ip="10.0.0.2", by="store.rcpt.example", internal=True),
    )
    text = route_as_text(hops)
    assert "203.0.113.5" in text and "boundary" in text and "-3 s" in text
    md = route_as_markdown(hops).splitlines()
    assert md[0].startswith("| # | HELO |") and len(md) == 4
    assert "int\\|ernal" in md[3]  # a pipe in message text cannot break the table
