"""Sign messages with the project's own test keys (tests/support/keys) and serve their keys.

``sign_for_tests`` builds the DKIM-Signature itself (through dkimpy's header generator) so a
test can choose every tag, including ``x=``, ``t=`` and ``l=`` that dkimpy's ``sign()`` does
not expose. ``key_records`` gives the DNS TXT answers for FakeDns or the loopback server.
``parsed`` wraps raw bytes into a ``ParsedMessage`` without depending on the message parser.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import time
from collections.abc import Iterable, Mapping, Sequence
from email.utils import getaddresses
from pathlib import Path

import dkim
import nacl.signing
from dkim.canonicalization import CanonicalizationPolicy
from dkim.crypto import parse_pem_private_key

from inspector.model.message import Address, Header, ParsedMessage

KEY_DIR = Path(__file__).resolve().parent / "keys"
KEYS = ("rsa2048", "ed25519", "rsa1024", "rsa512")
DEFAULT_DOMAIN = "sender.example"
_DEFAULT_HEADERS = ("from", "to", "subject", "date", "message-id", "content-type")


def key_txt(key: str) -> str:
    """The TXT value to publish for ``key`` (one of KEYS)."""
    return (KEY_DIR / f"{key}.dns.txt").read_text().strip()


def key_records(
    domain: str = DEFAULT_DOMAIN, keys: Iterable[str] = KEYS
) -> dict[tuple[str, str], list[str]]:
    """FakeDns-style records: selector = key name, e.g. ``rsa2048._domainkey.<domain>``."""
    return {(f"{k}._domainkey.{domain}", "TXT"): [key_txt(k)] for k in keys}


def sign_for_tests(
    message: bytes,
    *,
    key: str = "rsa2048",
    domain: str = DEFAULT_DOMAIN,
    selector: str | None = None,
    headers: Sequence[str] | None = None,
    canonicalization: str = "relaxed/relaxed",
    length: int | bool | None = None,
    identity: str | None = None,
    timestamp: int | None = None,
    expiration: int | None = None,
    algorithm: str | None = None,
    extra_tags: Mapping[str, str] | None = None,
) -> bytes:
    """Return ``message`` with a DKIM-Signature prepended, signed by a test key.

    ``headers`` is h= (default: those of From, To, Subject, Date, Message-ID, Content-Type
    present, each once). ``length=True`` signs l= over the whole body; an int sets l=.
    ``algorithm`` defaults to rsa-sha256 or ed25519-sha256 by key."""
    alg = (algorithm or ("ed25519-sha256" if key == "ed25519" else "rsa-sha256")).encode()
    signer = dkim.DKIM(message, signature_algorithm=alg, linesep=dkim.util.get_linesep(message))
    if key == "ed25519":
        pk: object = nacl.signing.SigningKey(
            (KEY_DIR / "ed25519.key").read_text().strip().encode(),
            encoder=nacl.encoding.Base64Encoder,
        )
    else:
        pk = parse_pem_private_key((KEY_DIR / f"{key}.pem").read_bytes())
    policy = CanonicalizationPolicy.from_c_value(canonicalization.encode())
    body = policy.canonicalize_body(signer.body)
    if length is True:
        length = len(body)
    if isinstance(length, int) and length is not False:
        body = body[:length]
    hasher = hashlib.sha1 if alg == b"rsa-sha1" else hashlib.sha256
    if headers is None:
        present = {n.lower() for n, _ in signer.headers}
        headers = [h for h in _DEFAULT_HEADERS if h.encode() in present]
    include = [h.lower().encode() for h in headers]
    fields: list[tuple[bytes, bytes]] = [
        (b"v", b"1"),
        (b"a", alg),
        (b"c", canonicalization.encode()),
        (b"d", domain.encode()),
        (b"s", (selector or key).encode()),
    ]
    if identity is not None:
        fields.append((b"i", identity.encode()))
    fields.append((b"t", str(int(time.time()) if timestamp is None else timestamp).encode()))
    if expiration is not None:
        fields.append((b"x", str(expiration).encode()))
    if isinstance(length, int) and length is not False and length is not True:
        fields.append((b"l", str(length).encode()))
    for tag, value in (extra_tags or {}).items():
        fields.append((tag.encode(), value.encode()))
    fields += [
        (b"h", b":".join(include)),
        (b"bh", base64.b64encode(hasher(body).digest())),
        (b"b", b"0" * 60),
    ]
    signer.hasher = dkim.HASH_ALGORITHMS[alg]
    value = signer.gen_header(fields, include, policy, b"DKIM-Signature", pk)
    return b"DKIM-Signature: " + value + message


def parsed(raw: bytes, *, headers_only: bool = False) -> ParsedMessage:
    """A minimal ParsedMessage for auth tests (headers in order, From/To addresses)."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    heads = tuple(Header(name, str(value), index=i) for i, (name, value) in enumerate(msg.items()))

    def addresses(name: str) -> tuple[Address, ...]:
        found = msg.get_all(name) or []
        return tuple(Address(n, a) for n, a in getaddresses([str(v) for v in found]))

    body = raw.split(b"\r\n\r\n", 1)[-1] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[-1]
    return ParsedMessage(
        raw=raw,
        headers=heads,
        headers_only=headers_only,
        subject=msg.get("Subject"),
        from_=addresses("From"),
        to=addresses("To"),
        cc=addresses("Cc"),
        reply_to=addresses("Reply-To"),
        return_path=msg.get("Return-Path"),
        sender=None,
        date=None,
        date_raw=msg.get("Date"),
        message_id=msg.get("Message-ID"),
        mime=None,
        text_body="",
        html_body="",
        body_size=len(body),
        defects=(),
    )


def arc_seal_for_tests(
    message: bytes,
    *,
    domain: str,
    key: str = "rsa2048",
    srv_id: str | None = None,
    headers: Sequence[str] = ("from", "to", "subject", "date", "message-id"),
) -> bytes:
    """Return ``message`` with the next ARC set prepended, sealed by ``domain`` with an RSA
    test key (selector = key name). The Authentication-Results written by ``srv_id``
    (default ``domain``) become the ARC-Authentication-Results, as dkimpy's signer does."""
    lines = dkim.arc_sign(
        message,
        key.encode(),
        domain.encode(),
        (KEY_DIR / f"{key}.pem").read_bytes(),
        (srv_id or domain).encode(),
        include_headers=[h.encode() for h in headers],
    )
    return b"".join(lines) + message
