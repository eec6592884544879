"""A bounded XML reader for reports that arrive from strangers (DMARC aggregate reports).

Why not ``xml.etree`` or defusedxml: the reports need no DTD at all, so the simplest safe rule
is to refuse any document that has one. Entity expansion ("billion laughs") and external
entities both need a DOCTYPE; refusing it at the first declaration, before any entity is
defined, closes both without a new dependency. expat does the parsing; the caps on size,
element count and depth bound the memory a hostile file can take.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from inspector.errors import InspectorError

MAX_XML_BYTES = 32 * 1024 * 1024
MAX_ELEMENTS = 2_000_000
MAX_DEPTH = 64
_CHUNK = 1 << 16


class XmlRefused(InspectorError):
    """The document is not well-formed, or uses a feature refused for safety; says which."""


@dataclass
class Element:
    tag: str  # local name, namespace dropped
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def find(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]

    def text_of(self, path: str, default: str = "") -> str:
        node: Element | None = self
        for part in path.split("/"):
            node = node.find(part) if node is not None else None
        return node.text.strip() if node is not None else default


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def parse_xml(data: bytes) -> Element:
    """The root element of ``data``; ``XmlRefused`` for a DOCTYPE, entities, oversize or
    malformed input."""
    if len(data) > MAX_XML_BYTES:
        raise XmlRefused(f"XML larger than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    roots: list[Element] = []
    count = 0

    def refuse_doctype(*_args: object) -> None:
        raise XmlRefused("XML with a DOCTYPE is refused (entity expansion and external entities)")

    def refuse_entity(*_args: object) -> None:
        raise XmlRefused("XML declaring entities is refused")

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS or len(stack) >= MAX_DEPTH:
            raise XmlRefused("XML too large or too deeply nested")
        element = Element(_local(name))
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_name: str) -> None:
        stack.pop()

    def text(chars: str) -> None:
        if stack and len(stack[-1].text) < 65536:
            stack[-1].text += chars

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = lambda *_a: 0
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        for offset in range(0, len(data), _CHUNK):
            parser.Parse(data[offset : offset + _CHUNK], False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise XmlRefused(f"not well-formed XML ({expat.errors.messages[exc.code]})") from None
    except RecursionError:
        raise XmlRefused("XML too deeply nested") from None
    if not roots:
        raise XmlRefused("no XML element found")
    return roots[0]
