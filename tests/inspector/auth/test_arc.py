"""ARC validation with the project's own keys: chain result, instances, sealer hops."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.auth.arc import verify_arc
from inspector.auth.dkim import MAX_HEADER_FIELDS
from inspector.model.codes import AuthStatus, DnsStatus
from inspector.model.route import Hop
from tests.support.dkim_keys import arc_seal_for_tests, key_records, parsed
from tests.support.fake_dns import FakeDns

LIST = "lists.example.org"
FWD = "fwd.example.net"
ORIGINAL = (
    b"Received: from out.sender.example (out.sender.example [192.0.2.7])\r\n"
    b"\tby mx.lists.example.org; Sun, 22 Nov 2026 10:00:05 +0000\r\n"
    b"From: Alice <alice@sender.example>\r\n"
    b"To: team@lists.example.org\r\n"
    b"Subject: Agenda\r\n"
    b"Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
    b"Message-ID: <1@sender.example>\r\n"
    b"\r\n"
    b"See you at ten.\r\n"
)
RECEIVED_LIST = (
    "from out.sender.example (out.sender.example [192.0.2.7])\r\n"
    "\tby mx.lists.example.org; Sun, 22 Nov 2026 10:00:05 +0000"
)
RECEIVED_FWD = "from mx.lists.example.org by in.fwd.example.net; Sun, 22 Nov 2026 10:00:09 +0000"


def sealed_once() -> bytes:
    ar = (
        b"Authentication-Results: lists.example.org; dkim=pass header.d=sender.example;"
        b" spf=pass smtp.mailfrom=sender.example\r\n"
    )
    return arc_seal_for_tests(ar + ORIGINAL, domain=LIST)


def sealed_twice() -> bytes:
    first = sealed_once()
    received = f"Received: {RECEIVED_FWD}\r\n".encode()
    ar = b"Authentication-Results: fwd.example.net; arc=pass; dkim=fail\r\n"
    return arc_seal_for_tests(ar + received + first, domain=FWD)


def dns() -> FakeDns:
    return FakeDns({**key_records(LIST), **key_records(FWD)})


def test_no_arc_headers_is_none() -> None:
    result = verify_arc(parsed(ORIGINAL), FakeDns({}))
    assert result.result is AuthStatus.NONE and result.instances == ()


def test_one_seal_passes_with_instance_details_and_hop() -> None:
    hops = (Hop(0, RECEIVED_LIST, by="mx.lists.example.org", boundary=True),)
    result = verify_arc(parsed(sealed_once()), dns(), hops)
    assert result.result is AuthStatus.PASS, result.reason
    (inst,) = result.instances
    assert (inst.instance, inst.domain, inst.selector, inst.cv) == (1, LIST, "rsa2048", "none")
    assert inst.ams_result is AuthStatus.PASS and inst.as_result is AuthStatus.PASS
    assert inst.authentication_results.startswith("i=1; lists.example.org;")
    assert "dkim=pass header.d=sender.example" in inst.authentication_results
    assert inst.hop_index == 0


def test_two_seals_pass_newest_first_each_matched_to_its_hop() -> None:
    hops = (
        Hop(0, RECEIVED_LIST, by="mx.lists.example.org"),
        Hop(1, RECEIVED_FWD, by="in.fwd.example.net", boundary=True),
    )
    result = verify_arc(parsed(sealed_twice()), dns(), hops)
    assert result.result is AuthStatus.PASS, result.reason
    assert [(i.instance, i.domain, i.cv, i.hop_index) for i in result.instances] == [
        (2, FWD, "pass", 1),
        (1, LIST, "none", 0),
    ]


def test_body_changed_after_the_last_seal_breaks_the_chain() -> None:
    tampered = sealed_twice().replace(b"See you at ten.", b"See you at noon.")
    result = verify_arc(parsed(tampered), dns())
    assert result.result is AuthStatus.FAIL
    assert "ARC-Message-Signature" in result.reason
    assert result.instances[0].ams_result is AuthStatus.FAIL


def test_missing_key_is_a_failed_chain_with_permerror_instance() -> None:
    records = key_records(FWD)
    records[(f"rsa2048._domainkey.{FWD}", "TXT")] = DnsStatus.NXDOMAIN  # type: ignore[assignment]
    result = verify_arc(parsed(sealed_twice()), FakeDns({**key_records(LIST), **records}))
    assert result.result is AuthStatus.FAIL
    assert "no key published" in result.reason
    assert result.instances[0].ams_result is AuthStatus.PERMERROR


def test_key_timeout_is_temperror_not_a_broken_chain() -> None:
    records = {**key_records(LIST), (f"rsa2048._domainkey.{LIST}", "TXT"): DnsStatus.TIMEOUT}
    result = verify_arc(parsed(sealed_once()), FakeDns(records))
    assert result.result is AuthStatus.TEMPERROR and "timeout" in result.reason


def test_offline_lists_the_instances_without_checking() -> None:
    fake = FakeDns({}, offline=True)
    result = verify_arc(parsed(sealed_twice()), fake)
    assert result.result is AuthStatus.SKIPPED and result.reason == "not checked (offline)"
    assert [i.instance for i in result.instances] == [2, 1] and fake.asked == []


def test_too_many_header_fields_is_not_checked_and_says_why() -> None:
    filler = b"".join(b"X-Filler: %d\r\n" % i for i in range(MAX_HEADER_FIELDS))
    keys = dns()
    result = verify_arc(parsed(filler + sealed_once()), keys)
    assert result.result is AuthStatus.SKIPPED
    assert result.reason.startswith("not verified: the message has 2,0")
    assert f"at most {MAX_HEADER_FIELDS:,} are verified" in result.reason
    assert len(result.instances) == 1 and keys.asked == []


def test_hostile_arc_headers_never_raise() -> None:
    junk = b"".join(
        b"ARC-Seal: i=%d; cv=pass; a=rsa-sha256; d=x.example; s=s; b=AAAA\r\n" % i
        for i in range(1, 80)
    )
    result = verify_arc(parsed(junk + ORIGINAL), FakeDns({}, strict=False))
    assert result.result is AuthStatus.FAIL and "50" in result.reason
    for raw in (b"ARC-Seal: i=; ;;==\r\n" + ORIGINAL, b"ARC-Seal: \x00\xff\r\n\r\n"):
        assert verify_arc(parsed(raw), FakeDns({}, strict=False)).result is AuthStatus.FAIL


def test_through_the_real_resolver_and_loopback_dns(dns_server) -> None:  # type: ignore[no-untyped-def]
    from inspector.net.resolver import Resolver

    for (name, _), values in {**key_records(LIST), **key_records(FWD)}.items():
        dns_server.add(name, "TXT", values[0])
    with Resolver.for_tests(dns_server.server_spec) as resolver:
        result = verify_arc(parsed(sealed_twice()), resolver.session())
    assert result.result is AuthStatus.PASS, result.reason


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="latin-1"), max_size=120), max_size=6))
def test_fuzzed_arc_headers_never_raise(values: list[str]) -> None:
    names = ("ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results")
    head = b"".join(
        f"{names[i % 3]}: {v}".encode("latin-1") + b"\r\n" for i, v in enumerate(values)
    )
    result = verify_arc(parsed(head + ORIGINAL), FakeDns({}, strict=False))
    assert result.result in (AuthStatus.NONE, AuthStatus.FAIL)


def test_sealer_families_match_their_receiving_hosts() -> None:
    from inspector.auth.arc import _sealer_hop

    hops = (
        Hop(0, "x", by="mail.sender.example"),
        Hop(1, "y", by="BN8NAM12FT012.mail.protection.outlook.com", boundary=True),
    )
    assert _sealer_hop("microsoft.com", None, hops, {}) == 1
    assert _sealer_hop("unrelated.example", None, hops, {}) is None


def test_key_missing_from_a_replayed_snapshot_is_skipped() -> None:
    records = {**key_records(LIST), (f"rsa2048._domainkey.{LIST}", "TXT"): DnsStatus.NOT_IN_REPLAY}
    result = verify_arc(parsed(sealed_once()), FakeDns(records))
    assert result.result is AuthStatus.SKIPPED and "snapshot" in result.reason
