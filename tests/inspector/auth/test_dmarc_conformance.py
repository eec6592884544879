"""The DMARC cases of ../shared/suites/dmarc-cases (RFC 7489 and DMARCbis) through evaluate_dmarc.

Each case carries its DNS data (schema in the file's ``_about``): a name absent from it is
NXDOMAIN, a present name without the asked type is NODATA, ``"*": "TIMEOUT"`` times out every
question. RFC 7489 cases run with PSL discovery and must ALL pass. DMARCbis (rfc 9989) cases run
with the tree walk; their figure is printed, and it may not drop below TREEWALK_REQUIRED.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from inspector.auth.dmarc import evaluate_dmarc
from inspector.model.auth import DkimResult, SpfResult
from inspector.model.codes import AuthStatus, DmarcDiscovery, DnsStatus
from inspector.net.lookup import DnsAnswer
from tests.support.fake_dns import FakeDns

TREEWALK_REQUIRED = 32  # of 32 DMARCbis cases: today all pass
_TYPES = ("TXT", "A", "AAAA", "MX", "CNAME", "NS")


class _TimeoutDns(FakeDns):
    def query(self, name: str, rdtype: str) -> DnsAnswer:
        self.asked.append((name.lower().rstrip("."), rdtype.upper()))
        return DnsAnswer(name, rdtype, DnsStatus.TIMEOUT)


def _dns(case: dict[str, Any]) -> FakeDns:
    data = case["dns"]
    if data.get("*") == "TIMEOUT":
        return _TimeoutDns({})
    table: dict[tuple[str, str], list[str] | DnsStatus] = {}
    for name, types in data.items():
        for rdtype in _TYPES:
            table[(name, rdtype)] = DnsStatus.NODATA
        for rdtype, values in types.items():
            if rdtype == "TXT":
                table[(name, rdtype)] = ["".join(chunks) for chunks in values]
            elif rdtype == "MX":
                table[(name, rdtype)] = [f"{pref} {host}." for pref, host in values]
            else:
                table[(name, rdtype)] = [str(v) for v in values]
    return FakeDns(table, strict=False)


def _run(case: dict[str, Any], discovery: str) -> list[str]:
    """The mismatches between the case's expectations and our result."""
    dns = _dns(case)
    dkim = [DkimResult(AuthStatus(d["result"]), domain=d["domain"]) for d in case["dkim"]]
    spf_case = case["spf"]
    spf = (
        SpfResult(AuthStatus(spf_case["result"]), domain=spf_case["domain"])
        if spf_case
        else SpfResult(AuthStatus.SKIPPED, "not given")
    )
    from_domain = case["header_from"].rpartition("@")[2]
    got = evaluate_dmarc(
        dns, from_domains=[from_domain], dkim=dkim, spf=spf, discovery=DmarcDiscovery(discovery)
    )
    seen = {
        "result": got.result.value,
        "policy": got.applied_policy,
        "record_domain": got.record_domain,
        "dkim_aligned": got.dkim_aligned,
        "spf_aligned": got.spf_aligned,
        "dmarc_queries": [n for n, t in dns.asked if n.startswith("_dmarc.") and t == "TXT"],
    }
    return [
        f"{key}: expected {want!r}, got {seen[key]!r}"
        for key, want in case["expect"].items()
        if seen[key] != want
    ]


@pytest.fixture(scope="module")
def cases(suites_dir: Path) -> list[dict[str, Any]]:
    path = suites_dir / "dmarc-cases" / "dmarc-cases.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    loaded: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["cases"]
    return loaded


def test_rfc7489_cases_all_pass(cases: list[dict[str, Any]]) -> None:
    selected = [c for c in cases if c["rfc"] == "7489"]
    misses = {c["id"]: m for c in selected if (m := _run(c, "psl"))}
    print(f"\nDMARC RFC 7489 cases (PSL discovery): {len(selected) - len(misses)}/{len(selected)}")
    assert len(selected) == 27
    assert not misses, misses


def test_dmarcbis_tree_walk_cases(cases: list[dict[str, Any]]) -> None:
    selected = [c for c in cases if c["rfc"] != "7489"]
    misses = {c["id"]: m for c in selected if (m := _run(c, "treewalk"))}
    psl_misses = [c["id"] for c in selected if _run(c, "psl")]
    passed = len(selected) - len(misses)
    print(f"\nDMARCbis cases (tree walk): {passed}/{len(selected)} pass")
    print(
        f"DMARCbis cases under RFC 7489 PSL discovery instead: {len(selected) - len(psl_misses)}"
        f"/{len(selected)} (differ by design: {', '.join(psl_misses)})"
    )
    for case_id, problems in misses.items():
        print("  MISS", case_id, problems)
    assert passed >= TREEWALK_REQUIRED, misses
