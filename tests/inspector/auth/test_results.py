"""Authentication-Results: RFC 8601 and Microsoft's variants, and which ones to trust."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.auth.results import org_domain, parse_authentication_results, received_auth_results
from inspector.model.auth import AuthMethodResult
from inspector.model.codes import AuthStatus, VerdictParty
from inspector.model.message import Header
from inspector.model.route import Hop, Route
from inspector.route.writers import Writers
from tests.support.dkim_keys import parsed


def props(result: AuthMethodResult) -> dict[str, str]:
    return dict(result.properties)


def test_rfc8601_example_with_comments_version_and_properties() -> None:
    ident, results = parse_authentication_results(
        "example.com 1;\r\n  spf=pass (example.com: 192.0.2.1 is permitted) "
        'smtp.mailfrom=sender@example.net;\r\n  dkim=fail reason="bad signature" '
        "header.d=example.net header.s=sel;\r\n  dmarc = pass header.from=example.net"
    )
    assert ident == "example.com"
    assert [(r.method, r.result) for r in results] == [
        ("spf", "pass"),
        ("dkim", "fail"),
        ("dmarc", "pass"),
    ]
    assert props(results[0])["smtp.mailfrom"] == "sender@example.net"
    assert props(results[0])["comment"].startswith("example.com: 192.0.2.1")
    assert results[1].reason == "bad signature"
    assert props(results[1]) == {"header.d": "example.net", "header.s": "sel"}


def test_none_means_no_results() -> None:
    assert parse_authentication_results("mx.example.org 1; none") == ("mx.example.org", ())
    assert parse_authentication_results("mx.example.org; none") == ("mx.example.org", ())


def test_microsoft_variant_without_authserv_id() -> None:
    ident, results = parse_authentication_results(
        "spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=news.example; "
        "dkim=pass (signature was verified) header.d=news.example;"
        "dmarc=pass action=none header.from=news.example;compauth=pass reason=100"
    )
    assert ident == ""
    assert [r.method for r in results] == ["spf", "dkim", "dmarc", "compauth"]
    assert props(results[0])["comment"] == "sender IP is 192.0.2.7"
    assert props(results[2])["action"] == "none"
    assert results[3].result == "pass" and results[3].reason == "100"


def test_result_words_are_read_into_the_rfc_vocabulary() -> None:
    """RFC 8601 words become AuthStatus whatever their case; Microsoft's bestguesspass and an
    old hardfail, outside the vocabulary, are kept as written."""
    _, results = parse_authentication_results(
        "mx.example.org; spf=SoftFail smtp.mailfrom=a.example; dkim=bestguesspass "
        "header.d=a.example; dmarc=hardfail header.from=a.example"
    )
    assert [r.result for r in results] == [AuthStatus.SOFTFAIL, "bestguesspass", "hardfail"]
    assert results[0].result is AuthStatus.SOFTFAIL
    assert not isinstance(results[1].result, AuthStatus)


def test_arc_authentication_results_instance_prefix() -> None:
    ident, results = parse_authentication_results(
        "i=2; lists.example.org; arc=pass (i=1 spf=pass); dkim=pass header.i=@d1.example"
    )
    assert ident == "lists.example.org"
    assert [(r.method, r.result) for r in results] == [("arc", "pass"), ("dkim", "pass")]


def test_nested_comments_and_quoted_values() -> None:
    ident, results = parse_authentication_results(
        'mail.example (a (nested) comment); spf=fail smtp.mailfrom="odd; user"@x.example'
    )
    assert ident == "mail.example"
    assert props(results[0])["smtp.mailfrom"] == "odd; user@x.example"


@given(st.text(max_size=300))
def test_never_raises(value: str) -> None:
    ident, results = parse_authentication_results(value)
    assert isinstance(ident, str) and isinstance(results, tuple)


def test_huge_value_is_bounded() -> None:
    ident, results = parse_authentication_results("x.example;" + " spf=pass;" * 50_000)
    assert ident == "x.example" and len(results) == 100


RAW = (
    b"Authentication-Results: mx.rcpt.example; dkim=pass header.d=sender.example;"
    b" spf=pass smtp.mailfrom=sender.example; dmarc=pass header.from=sender.example\r\n"
    b"Authentication-Results: mail.other.example; spf=pass\r\n"
    b"Received: from out.sender.example (out.sender.example [192.0.2.7])\r\n"
    b"\tby mx.rcpt.example with ESMTPS; Sun, 22 Nov 2026 10:00:05 +0000\r\n"
    b"Received-SPF: pass (mx.rcpt.example: domain of sender.example designates 192.0.2.7)\r\n"
    b"Received: from laptop (unknown [10.0.0.5])\r\n"
    b"\tby out.sender.example with ESMTPSA; Sun, 22 Nov 2026 10:00:01 +0000\r\n"
    b"Authentication-Results: mx.rcpt.example; dkim=pass; spf=pass; dmarc=pass\r\n"
    b"ARC-Authentication-Results: i=1; lists.example.org; spf=pass\r\n"
    b"From: a@sender.example\r\n"
    b"\r\nbody\r\n"
)
RECEIVED = [
    "from laptop (unknown [10.0.0.5])\r\n\tby out.sender.example with ESMTPSA; "
    "Sun, 22 Nov 2026 10:00:01 +0000",
    "from out.sender.example (out.sender.example [192.0.2.7])\r\n\tby mx.rcpt.example "
    "with ESMTPS; Sun, 22 Nov 2026 10:00:05 +0000",
]
HOPS = (
    Hop(0, RECEIVED[0], by="out.sender.example"),
    Hop(1, RECEIVED[1], by="mx.rcpt.example", boundary=True),
)


def test_only_results_above_the_boundary_from_the_receiver_are_trusted() -> None:
    found = received_auth_results(parsed(RAW), HOPS, Route(boundary_index=1))
    assert [(r.authserv_id, r.trusted) for r in found] == [
        ("mx.rcpt.example", True),
        ("mail.other.example", False),
        ("mx.rcpt.example", False),
        ("lists.example.org", False),
    ]
    top, other, forged, arc = found
    assert "matches the receiving hosts" in top.trust_reason and top.hop_index == 1
    assert "names none of the receiving hosts" in other.trust_reason
    # Below the sender's own Received line: only the sender could have written it.
    assert "could have forged" in forged.trust_reason and forged.hop_index is None
    assert arc.header_name == "ARC-Authentication-Results" and "ARC" in arc.trust_reason
    assert [m.method for m in top.methods] == ["dkim", "spf", "dmarc"]


def test_results_just_below_the_boundary_line_are_the_receivers() -> None:
    """Gmail writes Authentication-Results below its own Received line; a receiver removes
    incoming headers that claim its authserv-id (RFC 8601 section 5), so one found between
    the boundary's Received line and the previous hop's is the receiver's own."""
    raw = RAW.replace(
        b"Received-SPF: pass (mx.rcpt.example",
        b"Authentication-Results: mx.rcpt.example; spf=pass\r\nReceived-SPF: pass (mx.rcpt.example",
    )
    found = received_auth_results(parsed(raw), HOPS, Route(boundary_index=1))
    gmail_style = [r for r in found if r.raw.strip() == "mx.rcpt.example; spf=pass"]
    assert gmail_style and gmail_style[0].trusted


def test_boundary_found_from_route_and_internal_hops() -> None:
    hops = (Hop(0, RECEIVED[0], by="out.sender.example"), Hop(1, RECEIVED[1], by="mx.rcpt.example"))
    found = received_auth_results(parsed(RAW), hops, Route(boundary_index=1))
    assert found[0].trusted and not found[2].trusted


def test_domain_of_the_receiving_host_counts() -> None:
    raw = RAW.replace(
        b"Authentication-Results: mx.rcpt.example; dkim=pass header",
        b"Authentication-Results: rcpt.example; dkim=pass header",
    )
    found = received_auth_results(parsed(raw), HOPS, Route(boundary_index=1))
    assert found[0].authserv_id == "rcpt.example" and found[0].trusted


def test_unknown_boundary_trusts_nothing() -> None:
    found = received_auth_results(parsed(RAW), (), Route())
    assert found and not any(r.trusted for r in found)
    assert "boundary" in found[0].trust_reason


def test_microsoft_results_above_boundary_are_trusted() -> None:
    raw = (
        b"Authentication-Results: spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=s.example;"
        b" compauth=fail reason=001\r\n" + RAW[RAW.index(b"Received:") :]
    )
    found = received_auth_results(parsed(raw), HOPS, Route(boundary_index=1))
    assert found[0].authserv_id == "" and found[0].trusted
    assert "Microsoft" in found[0].trust_reason


def test_oldest_hop_boundary_trusts_the_receivers_trace_block_only() -> None:
    """With the boundary at the oldest hop, the receiver's fields follow its Received line up
    to the sender's first own field; an A-R after that is the sender's."""
    raw = (
        b"Received: from out.sender.example (out.sender.example [192.0.2.7])\r\n"
        b"\tby mx.rcpt.example with ESMTPS; Sun, 22 Nov 2026 10:00:05 +0000\r\n"
        b"Received-SPF: pass (mx.rcpt.example: 192.0.2.7 is permitted)\r\n"
        b"Authentication-Results: mx.rcpt.example; spf=pass\r\n"
        b"From: a@sender.example\r\n"
        b"Authentication-Results: mx.rcpt.example; dkim=pass\r\n"
        b"\r\nbody\r\n"
    )
    hops = (
        Hop(0, "from out.sender.example by mx.rcpt.example", by="mx.rcpt.example", boundary=True),
    )
    found = received_auth_results(parsed(raw), hops, Route(boundary_index=0))
    assert [(r.raw.strip(), r.trusted) for r in found] == [
        ("mx.rcpt.example; spf=pass", True),
        ("mx.rcpt.example; dkim=pass", False),
    ]


def test_nested_and_escaped_comments_and_quotes_read_whole() -> None:
    """Plain comments and quoted strings are read in one step, the others character by
    character: both give the same words."""
    ident, results = parse_authentication_results(
        'mx.example.org; spf=pass (outer (inner) \\) text) smtp.mailfrom="a b"@example.net;'
        ' dkim=pass (plain comment) reason="say \\"hi\\"" header.d=example.net\t \t;'
        " dmarc=fail (unclosed (comment"
    )
    assert ident == "mx.example.org"
    spf, dkim, dmarc = results
    assert ("comment", "outer (inner) ) text") in spf.properties
    assert props(spf)["smtp.mailfrom"] == "a b@example.net"
    assert dkim.reason == 'say "hi"'
    assert ("comment", "plain comment") in dkim.properties
    assert props(dkim)["header.d"] == "example.net"
    assert (dmarc.method, dmarc.result) == ("dmarc", AuthStatus.FAIL)
    assert ("comment", "unclosed (comment") in dmarc.properties


def test_writers_given_by_the_caller_credit_the_headers() -> None:
    pm = parsed(RAW)
    route = Route(boundary_index=1)
    own = received_auth_results(pm, HOPS, route)
    assert received_auth_results(pm, HOPS, route, Writers(pm, HOPS, 1)) == own

    class EverythingTheSenders(Writers):
        def party(self, header: Header, authserv_id: str = "") -> tuple[VerdictParty, str]:
            return VerdictParty.SENDER, "test writers"

    given = received_auth_results(pm, HOPS, route, EverythingTheSenders(pm, HOPS, 1))
    assert {r.party for r in given} == {VerdictParty.SENDER}
    assert not any(r.trusted for r in given)


def test_org_domain_of_a_host_whatever_its_case_brackets_or_length() -> None:
    assert org_domain("MX.Mail.Example.co.uk.") == "example.co.uk"
    assert org_domain("mx.mail.example.co.uk") == "example.co.uk"  # asked again: same answer
    assert org_domain("[mx.example.com]") == "example.com"
    long_host = "a." * 200 + "example.com"
    assert org_domain(long_host) == "example.com"
    assert org_domain("localhost") == "localhost"  # no registrable domain: the name itself
