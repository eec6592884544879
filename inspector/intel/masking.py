"""Is the owner of a domain hidden, and how: paid proxy, policy redaction, or published?

The difference matters to a reader: a registry redacting personal data under GDPR hides
nobody in particular (it does so for every domain), while a paid privacy proxy is a choice
the owner made. Known proxy services live in ``data/privacy_services.json`` (names and
patterns), so the list can grow without code changes. Evidence strings name the RDAP field
that showed the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from inspector.data import load_json
from inspector.model.codes import Masking

_REDACTED_WORDS = re.compile(
    r"redacted|withheld|gdpr|data\s*protection|non-public|not\s*disclosed"
    r"|statutory\s*masking|hidden\s*upon\s*user\s*request|private\s*person",
    re.IGNORECASE,
)
_MAX_ENTITIES = 50
_MAX_DEPTH = 4


@dataclass(frozen=True)
class Contact:
    """The interesting parts of one RDAP entity's jCard."""

    roles: tuple[str, ...]
    fn: str | None = None
    org: str | None = None
    email: str | None = None
    country: str | None = None
    handle: str | None = None


@dataclass(frozen=True)
class MaskingVerdict:
    masking: Masking
    service: str | None
    evidence: tuple[str, ...]


@cache
def _services() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return tuple(
        (item["name"], tuple(re.compile(p, re.IGNORECASE) for p in item["patterns"]))
        for item in load_json("privacy_services.json")["services"]
    )


def privacy_service(text: str) -> str | None:
    """The privacy/proxy service named in ``text`` (a name, organisation or e-mail)."""
    value = text.strip()[:300]
    for name, patterns in _services():
        if any(p.search(value) for p in patterns):
            return name
    return None


def _text(value: Any, depth: int = 0) -> str | None:
    if isinstance(value, str):
        return value.strip()[:300] or None
    if isinstance(value, list) and depth < 3:
        parts = [v for v in (_text(x, depth + 1) for x in value[:20]) if v]
        return " ".join(parts) or None
    return None


def parse_vcard(entity: Mapping[str, Any]) -> Contact:
    """Name, organisation, e-mail and country from an entity's ``vcardArray`` (RFC 7095)."""
    roles = tuple(r.lower() for r in _list(entity.get("roles")) if isinstance(r, str))
    fields: dict[str, str] = {}
    country: str | None = None
    card = entity.get("vcardArray")
    props = card[1] if isinstance(card, list) and len(card) > 1 else []
    for prop in props if isinstance(props, list) else []:
        if not (isinstance(prop, list) and len(prop) >= 4 and isinstance(prop[0], str)):
            continue
        name, params, value = prop[0].lower(), prop[1], prop[3]
        if name == "adr":
            cc = params.get("cc") if isinstance(params, dict) else None
            if isinstance(cc, str) and cc.strip():
                country = cc.strip().upper()
            elif isinstance(value, list) and len(value) >= 7:
                country = _text(value[6]) or country
            continue
        text = _text(value)
        if text and name in ("fn", "org", "email") and name not in fields:
            fields[name] = text[:200]
    handle = entity.get("handle")
    return Contact(
        roles,
        fields.get("fn"),
        fields.get("org"),
        fields.get("email"),
        country,
        handle if isinstance(handle, str) else None,
    )


def iter_entities(data: Mapping[str, Any], depth: int = 0) -> Iterator[Mapping[str, Any]]:
    """Every entity, nested ones included (registrar abuse contacts sit inside registrars)."""
    if depth > _MAX_DEPTH:
        return
    entities = data.get("entities")
    for ent in entities[:_MAX_ENTITIES] if isinstance(entities, list) else []:
        if isinstance(ent, dict):
            yield ent
            yield from iter_entities(ent, depth + 1)


def contacts(data: Mapping[str, Any], role: str) -> list[Contact]:
    return [c for c in (parse_vcard(e) for e in iter_entities(data)) if role in c.roles]


def _list(value: Any) -> list[Any]:
    return list(value[:30]) if isinstance(value, list) else []


def _is_redacted_value(value: str | None) -> bool:
    return bool(value) and bool(_REDACTED_WORDS.search(value or ""))


def _redaction_evidence(data: Mapping[str, Any]) -> list[str]:
    evidence: list[str] = []
    redacted = data.get("redacted")
    if isinstance(redacted, list) and redacted:
        names = []
        for item in redacted[:10]:
            name = item.get("name") if isinstance(item, dict) else None
            desc = name.get("description") or name.get("type") if isinstance(name, dict) else None
            if isinstance(desc, str):
                names.append(desc)
        listed = ", ".join(names) if names else f"{len(redacted)} field(s)"
        evidence.append(f"RDAP 'redacted' member (RFC 9537): {listed}")
    remarks = _list(data.get("remarks"))
    for ent in iter_entities(data):
        remarks.extend(_list(ent.get("remarks")))
    for remark in remarks[:30]:
        if not isinstance(remark, dict):
            continue
        words = " ".join(
            filter(None, [_text(remark.get("title")), _text(remark.get("description"))])
        )
        if _is_redacted_value(words):
            evidence.append(f"RDAP remark: {words[:160]}")
            break
    for contact in contacts(data, "registrant"):
        for label, value in (("name", contact.fn), ("org", contact.org)):
            if _is_redacted_value(value):
                evidence.append(f"registrant vcard {label}: {value}")
    return evidence


def classify(data: Mapping[str, Any] | None) -> MaskingVerdict:
    """Classify an RDAP domain object: proxy, redacted, public or unknown."""
    if not data:
        return MaskingVerdict(Masking.UNKNOWN, None, ("no RDAP data",))
    registrants = contacts(data, "registrant")
    others = contacts(data, "administrative") + contacts(data, "technical")
    for label, group in (("registrant", registrants), ("contact", others)):
        for contact in group:
            for field_name, value in (
                ("org", contact.org),
                ("name", contact.fn),
                ("email", contact.email),
            ):
                service = privacy_service(value) if value else None
                if service:
                    return MaskingVerdict(
                        Masking.PROXY, service, (f"{label} vcard {field_name}: {value}",)
                    )
    redaction = _redaction_evidence(data)
    for contact in registrants:
        if contact.org and not _is_redacted_value(contact.org):
            return MaskingVerdict(
                Masking.PUBLIC, None, (f"registrant vcard org: {contact.org}", *redaction)
            )
    if redaction:
        return MaskingVerdict(Masking.REDACTED, None, tuple(redaction))
    for contact in registrants:
        if contact.fn and not _is_redacted_value(contact.fn):
            return MaskingVerdict(Masking.PUBLIC, None, (f"registrant vcard name: {contact.fn}",))
    if not registrants:
        return MaskingVerdict(Masking.UNKNOWN, None, ("no registrant entity in the RDAP answer",))
    return MaskingVerdict(Masking.UNKNOWN, None, ("registrant entity without name or org",))
