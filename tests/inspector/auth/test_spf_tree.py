"""The static SPF tree: each node's result is an RFC 7208 result or None, and why a record has
no result (a DNS status, a loop, a name not followed) is its detail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inspector.auth.spf import check_spf
from inspector.auth.spf_tree import LOOP, merge_results, walk_tree
from inspector.model.auth import SpfNode, SpfVia
from inspector.model.codes import AuthStatus, DnsStatus
from tests.support.fake_dns import FakeDns

Zone = Mapping[tuple[str, str], Sequence[str] | DnsStatus]


def _children(zone: Zone, top: str) -> dict[str, SpfNode]:
    walked = walk_tree(FakeDns(zone, strict=False), top)
    assert walked.root is not None and walked.root.result is None
    return {c.domain: c for c in walked.root.children}


def test_missing_records_give_a_result_or_a_dns_detail() -> None:
    zone: Zone = {
        ("t.example", "TXT"): [
            "v=spf1 include:none.example include:two.example include:gone.example "
            "include:slow.example include:%{d}.example include:t.example -all"
        ],
        ("none.example", "TXT"): ["google-site-verification=x"],
        ("two.example", "TXT"): ["v=spf1 -all", "v=spf1 +all"],
        ("gone.example", "TXT"): DnsStatus.NXDOMAIN,
        ("slow.example", "TXT"): DnsStatus.TIMEOUT,
    }
    got = {name: (node.result, node.detail) for name, node in _children(zone, "t.example").items()}
    assert got == {
        "none.example": (AuthStatus.NONE, ""),
        "two.example": (AuthStatus.PERMERROR, "multiple SPF records"),
        "gone.example": (None, "nxdomain"),
        "slow.example": (None, "timeout"),
        "%{d}.example": (None, "not followed (macro)"),
        "t.example": (None, LOOP),
    }


def test_evaluated_results_are_merged_and_a_loop_stays_a_loop() -> None:
    static = SpfNode(
        "a.example",
        "v=spf1 include:b.example include:a.example -all",
        children=(
            SpfNode("b.example", "v=spf1 -all", SpfVia.INCLUDE),
            SpfNode("a.example", None, SpfVia.INCLUDE, detail=LOOP),
        ),
    )
    evaluated = SpfNode(
        "a.example",
        None,
        result=AuthStatus.FAIL,
        children=(
            SpfNode("b.example", None, SpfVia.INCLUDE, AuthStatus.FAIL),
            SpfNode("a.example", None, SpfVia.INCLUDE, AuthStatus.PERMERROR),
        ),
    )
    merged = merge_results(static, evaluated)
    assert merged.result is AuthStatus.FAIL and merged.record == static.record
    b, loop = merged.children
    assert (b.result, b.detail) == (AuthStatus.FAIL, "")
    assert (loop.result, loop.detail) == (None, LOOP)


def test_check_spf_tree_results_are_enums() -> None:
    zone: Zone = {
        ("s.example", "TXT"): ["v=spf1 include:_spf.s.example -all"],
        ("_spf.s.example", "TXT"): ["v=spf1 ip4:192.0.2.0/24 ~all"],
    }
    got = check_spf(
        FakeDns(zone, strict=False), client_ip="203.0.113.5", helo=None, mail_from="a@s.example"
    )
    assert got.result is AuthStatus.FAIL and got.tree is not None
    assert got.tree.result is AuthStatus.FAIL and got.tree.detail == ""
    (child,) = got.tree.children
    assert child.result is AuthStatus.SOFTFAIL  # the include did not match: its own result
