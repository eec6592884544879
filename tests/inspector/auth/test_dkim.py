"""DKIM verification: each outcome dkimpy folds into False is told apart here."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.auth.dkim import (
    MAX_HEADER_FIELDS,
    MAX_SIGNED_HEADERS,
    MAX_VERIFIED,
    verify_dkim,
)
from inspector.model.codes import AuthStatus, DnsStatus
from tests.support.dkim_keys import DEFAULT_DOMAIN, key_records, key_txt, parsed, sign_for_tests
from tests.support.fake_dns import FakeDns

MSG = (
    b"From: Alice <alice@sender.example>\r\n"
    b"To: bob@rcpt.example\r\n"
    b"Subject: Quarterly figures\r\n"
    b"Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
    b"Message-ID: <1@sender.example>\r\n"
    b"\r\n"
    b"Hello Bob,\r\nthe figures are attached.\r\n"
)
KEY_NAME = f"rsa2048._domainkey.{DEFAULT_DOMAIN}"
RECEIVED = datetime(2026, 11, 22, 10, 5, tzinfo=UTC)


def sign(msg: bytes, **kw: object) -> bytes:
    """Sign as of a minute before receipt unless the test says otherwise."""
    kw.setdefault("timestamp", int(RECEIVED.timestamp()) - 60)
    return sign_for_tests(msg, **kw)  # type: ignore[arg-type]


def check(raw: bytes, dns: FakeDns | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return verify_dkim(parsed(raw), dns or FakeDns(key_records()), as_of=RECEIVED, **kw)


def test_rsa_and_ed25519_pass_with_tags_shown() -> None:
    for key, bits in (("rsa2048", 2048), ("ed25519", 256)):
        (r,) = check(sign(MSG, key=key))
        assert r.result is AuthStatus.PASS, r.reason
        assert r.domain == DEFAULT_DOMAIN and r.selector == key
        assert r.key_bits == bits and r.key_type == ("rsa" if key == "rsa2048" else "ed25519")
        assert r.signed_headers == ("from", "to", "subject", "date", "message-id")
        assert r.key_record == key_txt(key)
        assert r.header.startswith("DKIM-Signature:")
        assert r.verified_as_of == RECEIVED


def test_no_signature_gives_no_result() -> None:
    assert check(MSG, FakeDns({})) == ()


def test_body_changed_is_a_body_hash_mismatch() -> None:
    signed = sign(MSG).replace(b"figures are", b"figures were")
    (r,) = check(signed)
    assert r.result is AuthStatus.FAIL and r.failure == "body_hash"
    assert "body was changed" in r.reason


def test_header_changed_is_a_header_signature_mismatch() -> None:
    signed = sign(MSG).replace(b"Quarterly figures", b"Urgent: pay now")
    (r,) = check(signed)
    assert r.result is AuthStatus.FAIL and r.failure == "signature"
    assert "header signature mismatch" in r.reason


def test_wrong_key_published_is_a_signature_failure() -> None:
    dns = FakeDns({(KEY_NAME, "TXT"): [key_txt("rsa1024")]})
    (r,) = check(sign(MSG), dns)
    assert r.result is AuthStatus.FAIL and r.failure == "signature"


def test_missing_key_is_permerror_not_fail() -> None:
    (r,) = check(sign(MSG), FakeDns({(KEY_NAME, "TXT"): DnsStatus.NXDOMAIN}))
    assert r.result is AuthStatus.PERMERROR and r.failure == "no_key"
    assert "NXDOMAIN" in r.reason
    (r,) = check(sign(MSG), FakeDns({(KEY_NAME, "TXT"): ["google-site-verification=x"]}))
    assert r.result is AuthStatus.PERMERROR


def test_revoked_key_is_permerror() -> None:
    (r,) = check(sign(MSG), FakeDns({(KEY_NAME, "TXT"): ["v=DKIM1; k=rsa; p="]}))
    assert r.result is AuthStatus.PERMERROR and r.failure == "revoked"


def test_garbage_key_and_unknown_key_type_are_permerror() -> None:
    for record in ("v=DKIM1; k=rsa; p=bm90IGEga2V5", "v=DKIM1; k=dsa; p=AAAA", "p=AAA; ;=="):
        (r,) = check(sign(MSG), FakeDns({(KEY_NAME, "TXT"): [record]}))
        assert r.result is AuthStatus.PERMERROR, record
        assert r.failure in ("bad_key", "malformed")


def test_key_type_mismatch_is_permerror() -> None:
    dns = FakeDns({(KEY_NAME, "TXT"): [key_txt("ed25519")]})
    (r,) = check(sign(MSG), dns)
    assert r.result is AuthStatus.PERMERROR and r.failure == "key_mismatch"


def test_key_restricting_hash_algorithms() -> None:
    record = key_txt("rsa2048").replace("k=rsa;", "k=rsa; h=sha256;")
    (r,) = check(sign(MSG, algorithm="rsa-sha1"), FakeDns({(KEY_NAME, "TXT"): [record]}))
    assert r.result is AuthStatus.PERMERROR and "sha1" in r.reason


def test_sha1_signature_verifies_and_says_so() -> None:
    (r,) = check(sign(MSG, algorithm="rsa-sha1"))
    assert r.result is AuthStatus.PASS and r.algorithm == "rsa-sha1"


def test_key_below_1024_bits_is_permerror_1024_passes() -> None:
    (r,) = check(sign(MSG, key="rsa512"))
    assert r.result is AuthStatus.PERMERROR and r.failure == "key_too_small" and r.key_bits == 512
    (r,) = check(sign(MSG, key="rsa1024"))
    assert r.result is AuthStatus.PASS and r.key_bits == 1024


def test_timeout_and_servfail_are_temperror() -> None:
    for status in (DnsStatus.TIMEOUT, DnsStatus.SERVFAIL):
        (r,) = check(sign(MSG), FakeDns({(KEY_NAME, "TXT"): status}))
        assert r.result is AuthStatus.TEMPERROR and r.failure == "dns"
        assert status.value in r.reason


def test_offline_skips_but_shows_tags() -> None:
    dns = FakeDns({}, offline=True)
    (r,) = check(sign(MSG, expiration=2_000_000_000), dns)
    assert r.result is AuthStatus.SKIPPED and r.reason == "not checked (offline)"
    assert r.domain == DEFAULT_DOMAIN and r.selector == "rsa2048" and r.expiration is not None
    assert dns.asked == []


def test_expiry_is_judged_as_of_receipt_not_now() -> None:
    received = int(RECEIVED.timestamp())
    # Expired long before today, but valid when the message arrived: a pass.
    signed = sign(MSG, timestamp=received - 60, expiration=received + 3600)
    (r,) = check(signed)
    assert r.result is AuthStatus.PASS, r.reason
    assert "future" not in r.reason
    assert "expiry judged as of 2026-11-22 10:05:00 UTC when the message was received" in r.reason
    # Expired before it arrived: fail with the reason.
    signed = sign(MSG, timestamp=received - 7200, expiration=received - 3600)
    (r,) = check(signed)
    assert r.result is AuthStatus.FAIL and r.failure == "expired"
    assert "when the message was received" in r.reason


def test_expiry_without_receipt_time_uses_now() -> None:
    signed = sign(MSG, timestamp=1_000_000_000, expiration=1_000_003_600)
    (r,) = verify_dkim(parsed(signed), FakeDns(key_records()), as_of=None)
    assert r.failure == "expired" and "time of receipt unknown" in r.reason


def test_x_before_t_is_malformed() -> None:
    (r,) = check(sign(MSG, timestamp=2000, expiration=1000))
    assert r.result is AuthStatus.PERMERROR and r.failure == "malformed"


def test_length_tag_counts_appended_bytes() -> None:
    signed = sign(MSG, length=True) + b"Click here to claim your prize\r\n"
    (r,) = check(signed)
    assert r.result is AuthStatus.PASS
    assert r.body_length is not None and r.unsigned_body_bytes == 32
    assert "32 body bytes unsigned" in r.reason


def test_replay_coverage() -> None:
    msg = MSG.replace(
        b"\r\n\r\n",
        b"\r\nReply-To: x@sender.example\r\nList-Unsubscribe: <mailto:u@sender.example>\r\n\r\n",
        1,
    )
    signed = sign(msg, headers=["from", "from", "to", "subject", "date"])
    (r,) = check(signed)
    assert r.result is AuthStatus.PASS
    assert set(r.unsigned_important) == {"message-id", "reply-to", "list-unsubscribe"}
    assert "from" not in r.not_oversigned
    assert {"to", "subject", "date"} <= set(r.not_oversigned)
    assert r.added_after_signing == ()


def test_header_added_after_signing_is_reported() -> None:
    signed = sign(MSG)
    forged = b"Subject: Account suspended\r\n" + signed
    (r,) = check(forged)
    # dkimpy verifies the bottom-most Subject, which is intact: the signature passes...
    assert r.result is AuthStatus.PASS
    # ...but the copy on top, the one mail programs display, is unsigned.
    assert r.added_after_signing == ("subject",)


def test_malformed_signature_tags_are_permerror() -> None:
    for sig in (
        b"DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; d=x\r\n",
        b"DKIM-Signature: this is not a tag list\r\n",
        b"DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=x; bh=AA==; b=AA==\r\n",
        b"DKIM-Signature: v=2; a=rsa-sha256; d=e.example; s=x; h=from; bh=AAAA; b=AAAA\r\n",
    ):
        (r,) = check(sig + MSG, FakeDns({}))
        assert r.result is AuthStatus.PERMERROR and r.failure == "malformed", sig


def test_unknown_algorithm_is_permerror() -> None:
    sig = b"DKIM-Signature: v=1; a=rsa-md5; d=e.example; s=x; h=from; bh=AAAA; b=AAAA\r\n"
    (r,) = check(sig + MSG, FakeDns({}))
    assert r.result is AuthStatus.PERMERROR and "unknown algorithm" in r.reason


def test_huge_b_and_many_signatures_are_bounded() -> None:
    huge = (
        b"DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=rsa2048; h=from; bh=AAAA; b="
        + b"A" * 200_000
        + b"\r\n"
    )
    (r,) = check(huge + MSG, FakeDns(key_records(), strict=False))
    assert r.result is AuthStatus.PERMERROR
    signed = sign(MSG)
    sig_line = signed[: signed.index(b"From:")]
    many = sig_line * 500 + MSG
    dns = FakeDns(key_records())
    results = check(many, dns)
    assert len(results) == MAX_VERIFIED + 1
    assert results[-1].result is AuthStatus.SKIPPED and "490 further" in results[-1].reason
    assert dns.asked.count((KEY_NAME.lower(), "TXT")) == 1  # one lookup per key


def test_h_naming_too_many_fields_is_not_handed_to_dkimpy() -> None:
    names = ["from", "to", "subject"]
    at_limit = names + [f"x-absent-{i}" for i in range(MAX_SIGNED_HEADERS - len(names))]
    (r,) = check(sign(MSG, headers=at_limit))
    assert r.result is AuthStatus.PASS, r.reason
    dns = FakeDns(key_records())
    (r,) = check(sign(MSG, headers=[*at_limit, "x-one-more"]), dns)
    assert r.result is AuthStatus.SKIPPED and r.failure == "capped"
    assert f"h= names {MAX_SIGNED_HEADERS + 1} header fields (at most" in r.reason
    assert r.domain == DEFAULT_DOMAIN and dns.asked == []  # parsed and shown, never verified


def test_too_many_header_fields_skips_verification_with_the_reason() -> None:
    signed = sign(MSG)
    filler = b"".join(b"X-Filler: %d\r\n" % i for i in range(MAX_HEADER_FIELDS))
    (r,) = check(filler + signed)
    assert r.result is AuthStatus.SKIPPED and r.failure == "capped"
    assert f"header fields (at most {MAX_HEADER_FIELDS:,} are verified" in r.reason
    (r,) = check(filler[: filler.index(b"X-Filler: 1900")] + signed)
    assert r.result is AuthStatus.PASS, r.reason


def test_headers_only_verifies_the_header_signature() -> None:
    signed = sign(MSG)
    head = signed[: signed.index(b"\r\n\r\n") + 4]
    (r,) = verify_dkim(parsed(head, headers_only=True), FakeDns(key_records()), as_of=RECEIVED)
    assert r.result is AuthStatus.NEUTRAL and "body not available" in r.reason


def test_unparsable_message_never_raises() -> None:
    raw = b"DKIM-Signature: v=1; a=rsa-sha256\r\n\x00\x01garbage line without colon\r\n\r\nbody"
    results = check(raw, FakeDns({}, strict=False))
    assert all(r.result is AuthStatus.PERMERROR for r in results)


def test_through_the_real_resolver_and_loopback_dns(dns_server) -> None:  # type: ignore[no-untyped-def]
    """End to end over UDP on 127.0.0.1: a 2048-bit key split into 255-byte strings."""
    from inspector.net.resolver import Resolver

    dns_server.add(KEY_NAME, "TXT", key_txt("rsa2048"))
    dns_server.add(f"ed25519._domainkey.{DEFAULT_DOMAIN}", "TXT", key_txt("ed25519"))
    signed = sign(sign(MSG, key="ed25519"))
    with Resolver.for_tests(dns_server.server_spec) as resolver:
        session = resolver.session()
        results = verify_dkim(parsed(signed), session, as_of=RECEIVED)
        assert [r.result for r in results] == [AuthStatus.PASS, AuthStatus.PASS]
        assert [r.key_type for r in results] == ["rsa", "ed25519"]
        assert any(q.name.startswith("rsa2048._domainkey") for q in session.evidence())
        (missing,) = verify_dkim(parsed(sign(MSG, selector="gone")), session, as_of=RECEIVED)
        assert missing.result is AuthStatus.PERMERROR and missing.failure == "no_key"
    dns_server.mode = "servfail"
    with Resolver.for_tests(dns_server.server_spec) as resolver:
        (r,) = verify_dkim(parsed(sign(MSG)), resolver.session(), as_of=RECEIVED)
        assert r.result is AuthStatus.TEMPERROR


def test_receipt_time_in_other_zones_or_naive_is_normalised() -> None:
    from datetime import timedelta, timezone

    received = int(RECEIVED.timestamp())
    signed = sign(MSG, timestamp=received - 60, expiration=received + 60)
    for as_of in (
        RECEIVED.astimezone(timezone(timedelta(hours=-8))),
        RECEIVED.replace(tzinfo=None),
    ):
        (r,) = verify_dkim(parsed(signed), FakeDns(key_records()), as_of=as_of)
        assert r.result is AuthStatus.PASS, r.reason
        assert "as of 2026-11-22 10:05:00 UTC" in r.reason


def test_strict_key_flag_requires_identity_domain_equal_to_d() -> None:
    record = key_txt("rsa2048").replace("k=rsa;", "k=rsa; t=s;")
    dns = FakeDns({(KEY_NAME, "TXT"): [record]})
    (r,) = check(sign(MSG, identity=f"news@mail.{DEFAULT_DOMAIN}"), dns)
    assert r.result is AuthStatus.PERMERROR and "t=s" in r.reason
    (r,) = check(
        sign(MSG, identity=f"news@{DEFAULT_DOMAIN}"), FakeDns({(KEY_NAME, "TXT"): [record]})
    )
    assert r.result is AuthStatus.PASS


@settings(max_examples=150, deadline=None)
@given(
    tags=st.text(alphabet=st.characters(codec="latin-1"), max_size=300),
    body=st.binary(max_size=200),
)
def test_fuzzed_signatures_never_raise(tags: str, body: bytes) -> None:
    raw = b"DKIM-Signature: " + tags.encode("latin-1") + b"\r\n" + MSG + body
    for r in verify_dkim(parsed(raw), FakeDns({}, strict=False), as_of=RECEIVED):
        assert r.result in (AuthStatus.PERMERROR, AuthStatus.FAIL, AuthStatus.TEMPERROR)


def test_key_missing_from_a_replayed_snapshot_is_skipped_not_temperror() -> None:
    (r,) = check(sign(MSG), FakeDns({(KEY_NAME, "TXT"): DnsStatus.NOT_IN_REPLAY}))
    assert r.result is AuthStatus.SKIPPED and "snapshot" in r.reason
