"""DMARC policy record syntax (RFC 7489 6.3-6.4, DMARCbis tags np/psd/t).

Own parser (see ``dmarc`` for why no library): records are ``tag=value`` pairs separated by
``;``, the first must be ``v=DMARC1`` (case-sensitive value; whitespace around ``=`` allowed).
Tag names and keyword values are case-insensitive. Bad values never make the record raise:
each becomes a problem, and the tag falls back to its default, as RFC 7489 6.3 asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.codes import Alignment, DmarcPolicy, PsdFlag

KNOWN_TAGS = frozenset(
    {"v", "p", "sp", "np", "pct", "t", "adkim", "aspf", "rua", "ruf", "fo", "rf", "ri", "psd"}
)
_MAX_TAGS = 40
_MAX_URIS = 20


@dataclass(frozen=True)
class DmarcRecord:
    raw: str
    p: DmarcPolicy | None = None
    sp: DmarcPolicy | None = None
    np: DmarcPolicy | None = None
    pct: int = 100
    testing: bool = False
    adkim: Alignment = Alignment.RELAXED
    aspf: Alignment = Alignment.RELAXED
    rua: tuple[str, ...] = ()
    ruf: tuple[str, ...] = ()
    psd: PsdFlag | None = None
    problems: tuple[str, ...] = ()
    usable: bool = True  # False: no valid p= and no valid rua= -> no DMARC processing
    p_defaulted: bool = False  # p= missing or invalid, treated as none because rua= is valid


def is_dmarc_record(text: str) -> bool:
    """True when the TXT string starts with the tag v=DMARC1 (RFC 7489 6.6.3 step 3)."""
    first = text.split(";", 1)[0]
    name, sep, value = first.partition("=")
    return bool(sep) and name.strip() == "v" and value.strip() == "DMARC1"


def report_domain(uri: str) -> str | None:
    """The domain part of a ``mailto:`` report URI (size suffix "!10m" dropped)."""
    text = uri.strip()
    if not text.lower().startswith("mailto:"):
        return None
    address = text[7:].split("!", 1)[0].split("?", 1)[0]
    _, at, domain = address.rpartition("@")
    domain = domain.strip().rstrip(".").lower()
    return domain if at and domain else None


def _uris(value: str, tag: str, problems: list[str]) -> tuple[str, ...]:
    uris: list[str] = []
    for part in value.split(",")[:_MAX_URIS]:
        uri = part.strip()
        if not uri:
            continue
        if report_domain(uri) is None:
            problems.append(f"{tag}= destination {uri[:80]!r} is not a mailto: address")
            continue
        uris.append(uri)
    return tuple(uris)


def _policy(value: str, tag: str, problems: list[str]) -> DmarcPolicy | None:
    word = value.strip().lower()
    if word in tuple(DmarcPolicy):
        return DmarcPolicy(word)
    problems.append(f"{tag}={value[:40]!r} is not none, quarantine or reject")
    return None


def parse_record(raw: str) -> DmarcRecord:
    """Parse one record already identified by ``is_dmarc_record``; never raises."""
    problems: list[str] = []
    tags: dict[str, str] = {}
    parts = raw.split(";")
    for part in parts[1 : _MAX_TAGS + 1]:
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            problems.append(f"malformed tag {part.strip()[:60]!r} (expected tag=value)")
            continue
        if name in tags:
            problems.append(f"tag {name}= appears more than once; the first is used")
            continue
        if name not in KNOWN_TAGS:
            problems.append(f"unknown tag {name}= (ignored)")
            continue
        tags[name] = value.strip()
    if len(parts) > _MAX_TAGS + 1:
        problems.append(f"more than {_MAX_TAGS} tags; the rest were ignored")
    if "v" in tags:
        problems.append("v= must appear only once, first")
    p = _policy(tags["p"], "p", problems) if "p" in tags else None
    sp = _policy(tags["sp"], "sp", problems) if "sp" in tags else None
    np = _policy(tags["np"], "np", problems) if "np" in tags else None
    pct = 100
    if "pct" in tags:
        text = tags["pct"]
        if text.isdigit() and 0 <= int(text) <= 100:
            pct = int(text)
        else:
            problems.append(f"pct={text[:20]!r} is not a number from 0 to 100; 100 is used")
    alignment: dict[str, Alignment] = {}
    for tag in ("adkim", "aspf"):
        try:
            alignment[tag] = Alignment(tags.get(tag, "r").lower())
        except ValueError:
            problems.append(f"{tag}={tags[tag][:20]!r} is not r or s; r (relaxed) is used")
            alignment[tag] = Alignment.RELAXED
    testing = False
    if "t" in tags:
        word = tags["t"].lower()
        if word not in ("y", "n"):
            problems.append(f"t={tags['t'][:20]!r} is not y or n")
        testing = word == "y"
    psd: PsdFlag | None = None
    if tags.get("psd"):
        try:
            psd = PsdFlag(tags["psd"].lower())
        except ValueError:
            problems.append(f"psd={tags['psd'].lower()[:20]!r} is not y, n or u")
    if "ri" in tags and not tags["ri"].isdigit():
        problems.append(f"ri={tags['ri'][:20]!r} is not a number of seconds")
    if "fo" in tags and any(o.strip() not in ("0", "1", "d", "s") for o in tags["fo"].split(":")):
        problems.append(f"fo={tags['fo'][:20]!r} has options other than 0, 1, d, s")
    if "rf" in tags and tags["rf"].lower() != "afrf":
        problems.append(f"rf={tags['rf'][:20]!r} is not afrf")
    rua = _uris(tags.get("rua", ""), "rua", problems)
    ruf = _uris(tags.get("ruf", ""), "ruf", problems)
    usable, defaulted = True, False
    if p is None:
        if rua:
            problems.append("no valid p= tag; treated as p=none because rua= is valid")
            p, defaulted = DmarcPolicy.NONE, True
        else:
            problems.append("no valid p= tag and no valid rua=: the record is ignored")
            usable = False
    return DmarcRecord(
        raw=raw,
        p=p,
        sp=sp,
        np=np,
        pct=pct,
        testing=testing,
        adkim=alignment["adkim"],
        aspf=alignment["aspf"],
        rua=rua,
        ruf=ruf,
        psd=psd,
        problems=tuple(problems),
        usable=usable,
        p_defaulted=defaulted,
    )
