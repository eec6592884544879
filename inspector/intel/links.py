"""Links in a message's text and HTML, classified without fetching anything.

Links come from ``inspector.intel.link_sources`` (HTML hrefs, images, form actions, URLs in
plain text). Each link is classified against ``inspector/data/link_services.json``
(shorteners, free hosting, form services, redirect wrappers). Wrappers whose target is
written in the URL (Safe Links, Proofpoint, Google, Amazon SES, Mandrill...) are unwrapped;
opaque ones (Mimecast, most ESP click trackers) are named only. Anchor text that shows one
domain while the link goes to another is marked as a mismatch. Written here because no
library does this offline.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fnmatch
import ipaddress
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from inspector.auth.orgdomain import public_suffix_list
from inspector.data import load_json
from inspector.intel.link_sources import MAX_ANCHOR_TEXT, MAX_LINKS, links_in_html, links_in_text
from inspector.intel.org_domains import org_domain
from inspector.model.intel import Link, WrapperKind
from inspector.model.message import ParsedMessage

MAX_URL = 2048
_MAX_UNWRAP = 3
_DOMAIN_IN_TEXT = re.compile(
    r"(?i)(?:\b(?:https?://)?(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,62})\.)+"
    r"[a-z\u00a1-\uffff][a-z0-9\u00a1-\uffff-]{1,62})\b"
)
_SCHEMES = ("http://", "https://", "ftp://")
# TLDs that double as file extensions: "invoice.zip" in anchor text is a file name.
_FILE_TLDS = frozenset({"zip", "mov", "py", "sh", "rs", "md", "pl", "cc", "ps", "so"})


@dataclass(frozen=True)
class Wrapper:
    name: str
    host: str
    kind: WrapperKind
    path: str = ""
    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class Services:
    shorteners: tuple[str, ...]
    free_hosting: tuple[str, ...]
    form_services: tuple[str, ...]
    wrappers: tuple[Wrapper, ...]


@lru_cache(maxsize=1)
def services() -> Services:
    raw: dict[str, Any] = load_json("link_services.json")
    return Services(
        shorteners=tuple(raw["shorteners"]),
        free_hosting=tuple(raw["free_hosting"]),
        form_services=tuple(raw["form_services"]),
        wrappers=tuple(
            Wrapper(
                name=w["name"],
                host=w["host"],
                kind=WrapperKind(w["kind"]),
                path=w.get("path", ""),
                params=tuple(p for p in w.get("param", "").split(",") if p),
            )
            for w in raw["wrappers"]
        ),
    )


# --------------------------------------------------------------------------- URL pieces


_DOMAIN_SETS: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}


def _suffix_match(host: str, domains: tuple[str, ...]) -> bool:
    """Is ``host`` one of ``domains`` or below one? A set lookup per label of the host
    (the service lists hold hundreds of names; a scan per link was a hot spot)."""
    cached = _DOMAIN_SETS.get(id(domains))
    if cached is None or cached[0] is not domains:
        cached = (domains, frozenset(d for d in domains if "/" not in d))
        _DOMAIN_SETS[id(domains)] = cached
    plain = cached[1]
    if host in plain:
        return True
    dot = host.find(".")
    while dot >= 0:
        if host[dot + 1 :] in plain:
            return True
        dot = host.find(".", dot + 1)
    return False


#: A web URL whose authority is a plain name (no userinfo, port, brackets, percent sign or
#: white space), ending where a path, query or fragment starts: ``urlsplit`` reads its host
#: as exactly that name, so most links need no full split.
_PLAIN_HOST = re.compile(r"(?:[hH][tT][tT][pP][sS]?://)([A-Za-z0-9.-]+)(?:[/?#]|$)")


def host_of(url: str) -> str | None:
    """The host a browser would go to (userinfo dropped: ``http://bank.com@evil.example``
    goes to evil.example), lowercased, in ASCII form when it can be encoded."""
    text = url.strip()
    plain = _PLAIN_HOST.match(text)
    if plain is not None and "\t" not in text and "\r" not in text and "\n" not in text:
        return plain.group(1).rstrip(".").lower()[:253] or None
    if text.lower().startswith("www."):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.strip().rstrip(".").lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host[:253] or None


_IPV4_SHAPE = re.compile(r"[\da-fx.]+")  # \d as in the patterns below: any decimal digit


def is_ip_host(host: str | None) -> bool:
    """An address instead of a name, including the integer and hex forms browsers accept."""
    if not host:
        return False
    h = host.strip("[]")
    if ":" not in h and not _IPV4_SHAPE.fullmatch(h):
        return False  # every address form without a colon is digits, hex and dots
    try:
        ipaddress.ip_address(h)
    except ValueError:
        pass
    else:
        return True
    if re.fullmatch(r"(?:0x[0-9a-f]+|\d+)", h):
        return True
    return bool(re.fullmatch(r"(?:(?:0x[0-9a-f]+|\d+)\.){1,3}(?:0x[0-9a-f]+|\d+)", h))


def _looks_like_domain(candidate: str, *, explicit: bool) -> str | None:
    """``candidate`` as a domain if it ends in a real public suffix."""
    host = candidate.lower().rstrip(".")
    if "://" in host:
        host = host.split("://", 1)[1]
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    try:
        suffix = public_suffix_list().publicsuffix(host, accept_unknown=False)
    except Exception:  # hostile text must not break extraction
        return None
    if not suffix or suffix == host:
        return None
    if not explicit and suffix in _FILE_TLDS:
        return None
    return host


def domain_in_text(text: str) -> str | None:
    """The domain anchor text shows ("www.bank.com", "https://bank.com/login"), if any."""
    t = text.strip()[:MAX_ANCHOR_TEXT]
    if not t or len(t.split()) > 6:
        return None
    for m in _DOMAIN_IN_TEXT.finditer(t):
        token = m.group(0)
        explicit = token.lower().startswith(("http://", "https://", "www."))
        whole = t.strip("<>()[] ").lower().rstrip("/") == token.lower()
        if explicit or whole:
            found = _looks_like_domain(token, explicit=explicit)
            if found:
                return found
    return None


# --------------------------------------------------------------------------- unwrapping


def _wrapper_for(url: str, host: str) -> Wrapper | None:
    """The first wrapper (in catalogue order) whose host pattern matches and whose path, if it
    names one, starts the URL's path."""
    candidates = _wrappers_of_host(host)
    if not candidates:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for w in candidates:
        if not w.path or path.startswith(w.path):
            return w
    return None


@lru_cache(maxsize=4096)
def _wrappers_of_host(host: str) -> tuple[Wrapper, ...]:
    """The wrappers whose host pattern matches, in catalogue order. Cached: a message's
    links, and a mailbox's messages, come from few hosts, and each host was otherwise tested
    against every pattern of the catalogue once per link."""
    return tuple(w for w in services().wrappers if fnmatch.fnmatchcase(host, w.host))


def _b64(text: str) -> str | None:
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_")).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _query(url: str, names: tuple[str, ...]) -> str | None:
    try:
        query = parse_qs(urlsplit(url).query, max_num_fields=100)
    except ValueError:
        return None
    for name in names:
        for key, values in query.items():
            if key.lower() == name and values:
                return values[0]
    return None


def _proofpoint_v3(url: str) -> str | None:
    m = re.search(r"/v3/__(.+?)__;([A-Za-z0-9_=-]*)", url)
    if not m:
        return None
    encoded, table = m.group(1), _b64(m.group(2)) or ""
    out: list[str] = []
    chars = iter(table)
    for ch in encoded:
        out.append(next(chars, "*") if ch == "*" else ch)
    return "".join(out)


def _mandrill(url: str) -> str | None:
    p = _query(url, ("p",))
    outer = _b64(p) if p else None
    try:
        data = json.loads(outer) if outer else None
        inner = json.loads(data["p"]) if isinstance(data, dict) and "p" in data else data
    except (ValueError, TypeError):
        return None
    target = inner.get("url") if isinstance(inner, dict) else None
    return target if isinstance(target, str) else None


def _decode(url: str, w: Wrapper) -> str | None:
    """The target the wrapper will redirect to, when the URL itself says so."""
    if w.kind is WrapperKind.QUERY:
        return _query(url, w.params)
    if w.kind is WrapperKind.QUERY_B64:
        value = _query(url, w.params)
        return _b64(value) if value else None
    if w.kind is WrapperKind.BING:
        value = _query(url, w.params)
        return _b64(value[2:]) if value and value.startswith("a1") else None
    if w.kind is WrapperKind.PROOFPOINT_V2:
        value = _query(url, w.params)
        return unquote(value.replace("-", "%").replace("_", "/")) if value else None
    if w.kind is WrapperKind.PROOFPOINT_V3:
        return _proofpoint_v3(url)
    if w.kind is WrapperKind.GOOGLE_AMP:
        rest = url.split("/amp/s/", 1)[1] if "/amp/s/" in url else ""
        return "https://" + rest if rest else None
    if w.kind is WrapperKind.AWSTRACK:
        m = re.search(r"/L0/([^/]+)", url)
        return unquote(m.group(1)) if m else None
    if w.kind is WrapperKind.MANDRILL:
        return _mandrill(url)
    return None


def unwrap(url: str) -> tuple[str | None, str | None]:
    """(target, wrapper name). Nested wrappers (Safe Links around Proofpoint) are peeled
    up to three deep; the outermost wrapper is named."""
    return _peel(url, host_of(url))


def _peel(url: str, host: str | None) -> tuple[str | None, str | None]:
    """``unwrap`` for a URL whose host (``host_of``) the caller has already read."""
    first: str | None = None
    current = url
    target: str | None = None
    for step in range(_MAX_UNWRAP):
        if step:
            host = host_of(current)
        w = _wrapper_for(current, host) if host else None
        if w is None:
            break
        first = first or w.name
        decoded = _decode(current, w)
        if not decoded or not decoded.lower().startswith((*_SCHEMES, "www.")):
            break
        target = current = decoded[:MAX_URL]
    return target, first


# --------------------------------------------------------------------------- classify


def _is_web(url: str) -> bool:
    return url.lower().startswith((*_SCHEMES, "www."))


_IPFS_PATH = re.compile(
    r"(?i)^[a-z]+://[^/]+/ip[fn]s/(?:Qm[1-9A-Za-z]{44}|baf[a-z2-7]{20,}|[^/?#]+\.)"
)


def _ipfs(url: str) -> bool:
    """Any host serving ``/ipfs/<CID>`` or ``/ipns/<name>`` is an IPFS gateway: content
    there cannot be taken down by the gateway's owner, a favourite of phishing kits."""
    return bool(_IPFS_PATH.match(url))


@lru_cache(maxsize=4096)
def _host_facts(host: str) -> tuple[bool, bool, bool, bool]:
    """(shortener, IP literal, free hosting, form service) as far as the host alone tells.
    Cached: a message's links, and a mailbox's messages, go to few hosts."""
    svc = services()
    return (
        _suffix_match(host, svc.shorteners),
        is_ip_host(host),
        _suffix_match(host, svc.free_hosting),
        _suffix_match(host, svc.form_services),
    )


def _form_path(url: str) -> bool:
    """A form service named by host and path (the host alone is in ``_host_facts``)."""
    lowered = url.lower().split("://", 1)[-1]
    return lowered.startswith(_form_paths(services().form_services))


@lru_cache(maxsize=1)
def _form_paths(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The form services named by host and path, also as written after ``www.``."""
    paths = tuple(f for f in forms if "/" in f)
    return paths + tuple("www." + f for f in paths)


def classify(url: str, text: str = "", source: str = "text", pixel: bool = False) -> Link:
    """One link with everything knowable about it from the URL and its anchor text."""
    url = url.strip()[:MAX_URL]
    host = host_of(url)
    target, wrapper = _peel(url, host)
    target_host = host_of(target) if target else None
    effective = target_host or host or ""
    shortener, ip_literal, free_hosting, form_service = _host_facts(effective)
    text_domain = domain_in_text(text) if source == "html" else None
    opaque = wrapper is not None and target is None
    mismatch = bool(
        text_domain
        and effective
        and not opaque
        and org_domain(text_domain) != org_domain(effective)
    )
    return Link(
        url=url,
        domain=host,
        text=text[:MAX_ANCHOR_TEXT],
        text_domain=text_domain,
        target=target,
        target_domain=target_host,
        wrapper=wrapper,
        shortener=shortener,
        ip_literal=ip_literal,
        free_hosting=free_hosting or _ipfs(target or url),
        form_service=form_service or _form_path(target or url),
        mismatch=mismatch,
        source=source,
        pixel=pixel,
    )


def extract_links(message: ParsedMessage) -> tuple[Link, ...]:
    """Every web link in the message (at most MAX_LINKS), HTML first, duplicates dropped."""
    raws = links_in_html(message.html_body or "") + list(links_in_text(message.text_body or ""))
    seen: set[tuple[str, str, str]] = set()
    links: list[Link] = []
    for raw in raws:
        url = raw.url.strip()
        if not _is_web(url):
            continue
        key = (url, raw.source, raw.text)
        if key in seen:
            continue
        seen.add(key)
        links.append(classify(url, raw.text, raw.source, raw.pixel))
        if len(links) >= MAX_LINKS:
            break
    return tuple(links)
