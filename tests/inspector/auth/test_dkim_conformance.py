"""DKIM conformance on dkimpy's test data (RFC 6376 / RFC 8463 examples), read from ../shared.

Each signed example must pass with its published key; tampered copies must fail with the
right cause; broken key records must be permerror, never a plain fail.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import dkim
import nacl.encoding
import nacl.signing
import pytest

from inspector.auth.dkim import verify_dkim
from inspector.model.auth import DkimResult
from inspector.model.codes import AuthStatus
from tests.support.dkim_keys import parsed
from tests.support.fake_dns import FakeDns

FOOTBALL = "football.example.com"
AS_OF = datetime(2018, 6, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def data(suites_dir: Path) -> Path:
    folder = suites_dir / "dkim-dkimpy"
    if not folder.is_dir():
        pytest.skip("dkim-dkimpy suite not present in ../shared/suites")
    return folder


def _read(data: Path, name: str) -> bytes:
    return (data / name).read_bytes()


def _ed25519_public(private_b64: bytes) -> str:
    key = nacl.signing.SigningKey(private_b64.strip(), encoder=nacl.encoding.Base64Encoder)
    return base64.b64encode(bytes(key.verify_key)).decode()


def _rfc_dns(data: Path) -> FakeDns:
    """RFC 8463 appendix A keys: brisbane (ed25519) and test (RSA, the suite's test.txt)."""
    ed = _ed25519_public(_read(data, "rfc8032_7_1.key"))
    return FakeDns(
        {
            (f"brisbane._domainkey.{FOOTBALL}", "TXT"): [f"v=DKIM1; k=ed25519; p={ed}"],
            (f"test._domainkey.{FOOTBALL}", "TXT"): [_read(data, "test.txt").decode().strip()],
        }
    )


def _verify(raw: bytes, dns: FakeDns) -> tuple[DkimResult, ...]:
    return verify_dkim(parsed(raw), dns, as_of=AS_OF)


def test_rfc8463_example_ed25519_and_rsa_both_pass(data: Path) -> None:
    ed, rsa = _verify(_read(data, "rfc6376.signed.msg"), _rfc_dns(data))
    assert (ed.result, ed.algorithm, ed.key_type) == (AuthStatus.PASS, "ed25519-sha256", "ed25519")
    assert (rsa.result, rsa.algorithm, rsa.key_bits) == (AuthStatus.PASS, "rsa-sha256", 1024)
    # h= signs from, subject and date twice: over-signed, so not flagged.
    assert "from" not in ed.not_oversigned and "to" in ed.not_oversigned


def test_rfc6376_rsa_example_passes(data: Path) -> None:
    (r,) = _verify(_read(data, "rfc6376.signed.rsa.msg"), _rfc_dns(data))
    assert r.result is AuthStatus.PASS, r.reason


def test_no_t_copy_has_edited_tags_so_the_header_signature_fails(data: Path) -> None:
    """The same b= as the RSA example with t= removed and x= added: the signature header
    itself was edited, so the header hash no longer matches (the body still does)."""
    (r,) = _verify(_read(data, "rfc6376.signed.no_t.msg"), _rfc_dns(data))
    assert (r.result, r.failure) == (AuthStatus.FAIL, "signature")
    assert r.expiration is not None and r.timestamp is None
    assert "not expired" in r.reason and "expiry judged as of 2018-06-02" in r.reason


def test_exim_ed25519_example_passes(data: Path) -> None:
    dns = FakeDns({("sed._domainkey.test.ex", "TXT"): [_read(data, "eximtest.dns").decode()]})
    (r,) = _verify(_read(data, "ed25519test2.msg"), dns)
    assert r.result is AuthStatus.PASS, r.reason


def test_tampered_body_and_header_fail_with_the_right_cause(data: Path) -> None:
    raw = _read(data, "rfc6376.signed.msg")
    for result in _verify(raw.replace(b"We lost the game", b"We won the game"), _rfc_dns(data)):
        assert (result.result, result.failure) == (AuthStatus.FAIL, "body_hash")
    for result in _verify(raw.replace(b"Is dinner ready?", b"Is lunch ready?"), _rfc_dns(data)):
        assert (result.result, result.failure) == (AuthStatus.FAIL, "signature")


def _sign(raw: bytes, private: bytes, algorithm: bytes = b"rsa-sha256") -> bytes:
    signature = dkim.sign(
        raw,
        b"test",
        b"example.com",
        private,
        signature_algorithm=algorithm,
        include_headers=[b"from", b"to", b"subject", b"message-id"],
    )
    return bytes(signature) + raw


@pytest.mark.parametrize(
    ("private", "public", "bits"),
    [
        ("test.private", "test.txt", 1024),
        ("2048_testkey.key", "2048_testkey_wo_markers.pub.txt", 2048),
        ("2048_testkey_PKCS8.key", "2048_testkey_PKCS8.key.pub.txt", 2048),
    ],
)
def test_suite_rsa_keys_sign_and_verify(data: Path, private: str, public: str, bits: int) -> None:
    signed = _sign(_read(data, "test.message"), _read(data, private))
    dns = FakeDns({("test._domainkey.example.com", "TXT"): [_read(data, public).decode().strip()]})
    (r,) = verify_dkim(parsed(signed), dns, as_of=None)
    assert r.result is AuthStatus.PASS and r.key_bits == bits, r.reason


def test_suite_ed25519_key_signs_and_verifies(data: Path) -> None:
    private = _read(data, "ed25519test.key")
    signed = _sign(_read(data, "test.message"), private, b"ed25519-sha256")
    record = f"v=DKIM1; k=ed25519; p={_ed25519_public(private)}"
    dns = FakeDns({("test._domainkey.example.com", "TXT"): [record]})
    (r,) = verify_dkim(parsed(signed), dns, as_of=None)
    assert r.result is AuthStatus.PASS, r.reason


@pytest.mark.parametrize(
    ("record", "expected", "failure"),
    [
        ("test_bad.txt", {AuthStatus.FAIL, AuthStatus.PERMERROR}, None),
        ("badk.txt", {AuthStatus.PERMERROR}, "bad_key"),
        ("badversion.txt", {AuthStatus.PERMERROR}, "bad_key"),
        ("test_tlsrpt.txt", {AuthStatus.PERMERROR}, "bad_key"),
    ],
)
def test_broken_key_records(
    data: Path, record: str, expected: set[AuthStatus], failure: str | None
) -> None:
    signed = _sign(_read(data, "test.message"), _read(data, "test.private"))
    dns = FakeDns({("test._domainkey.example.com", "TXT"): [_read(data, record).decode().strip()]})
    (r,) = verify_dkim(parsed(signed), dns, as_of=None)
    assert r.result in expected, r.reason
    if failure:
        assert r.failure == failure


def test_mbox_and_odd_messages_never_raise(data: Path) -> None:
    for name in ("message.mbox", "test.message.baddomain", "test_nofrom.message", "test2.message"):
        results = verify_dkim(parsed(_read(data, name)), FakeDns({}, strict=False), as_of=None)
        assert all(isinstance(r, DkimResult) for r in results)
