"""``analyze --json --dns-server 127.0.0.1:PORT`` end to end: messages signed with our own
keys, their DKIM keys, SPF, DMARC and PTR records served by a real DNS server on loopback,
the real resolver, and the JSON contract read back. Then the same with ``--save-dns`` and
``--replay-dns``: the replay must give the same authentication without sending a packet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.runner import run_cli, write_messages
from tests.support.dns_server import LoopbackDns
from tests.support.rdap_server import RdapServer, rdap_domain, write_bootstrap
from tests.support.signed import (
    SignedCase,
    arc_sealed,
    serve,
    signed_case,
    spoofed_case,
    tamper_body,
)

RSA = signed_case("rsa", domain="bank.example", spf="v=spf1 a:mail.{domain} -all")
ED = signed_case(
    "ed25519",
    domain="shop.example",
    key="ed25519",
    client_ip="198.51.100.7",
    dmarc="v=DMARC1; p=quarantine; adkim=s; aspf=s",
)
SEALED = arc_sealed(RSA)
SPOOF = spoofed_case("spoof", from_domain="bank.example")
CASES = (RSA, ED, SEALED, SPOOF)

Json = dict[str, Any]


@pytest.fixture(scope="module")
def zone() -> Iterator[LoopbackDns]:
    with LoopbackDns() as server:
        serve(server, CASES)
        yield server


@pytest.fixture(scope="module")
def message_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("signed")
    named = [(c.name, c.raw) for c in CASES] + [("tampered", tamper_body(RSA.raw))]
    return dict(zip([n for n, _ in named], write_messages(folder, named), strict=True))


@pytest.fixture(scope="module")
def live(
    zone: LoopbackDns, message_paths: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Json], Path, int]:
    """One live run over every message (saving the DNS it used): reports by case name."""
    snapshot = tmp_path_factory.mktemp("snap") / "dns.json"
    names = list(message_paths)
    run = run_cli(
        "analyze",
        "--json",
        "--no-rdap",
        "--dns-server",
        zone.server_spec,
        "--dns-timeout",
        "5",
        "--save-dns",
        str(snapshot),
        *message_paths.values(),
    )
    assert run.status == 0, run.err
    assert "Traceback" not in run.err
    lines = run.out.splitlines()
    assert len(lines) == len(names)
    reports = dict(zip(names, (json.loads(line) for line in lines), strict=True))
    return reports, snapshot, len(zone.queries)


@pytest.fixture(autouse=True)
def _guard(network_attempts: list[object]) -> Iterator[None]:
    yield
    assert network_attempts == [], "a test tried to reach beyond 127.0.0.1"


def _ids(report: Json) -> set[str]:
    return {f["id"] for f in report["findings"]}


def _hop(report: Json) -> Json:
    boundary = [h for h in report["hops"] if h["boundary"]]
    assert len(boundary) == 1
    hop: Json = boundary[0]
    return hop


@pytest.mark.parametrize(
    ("case", "algorithm", "bits"),
    [(RSA, "rsa-sha256", 2048), (ED, "ed25519-sha256", 256)],
    ids=["rsa2048", "ed25519"],
)
def test_dkim_passes_with_key_from_loopback_dns(
    live: tuple[dict[str, Json], Path, int], case: SignedCase, algorithm: str, bits: int
) -> None:
    report = live[0][case.name]
    (dkim,) = report["auth"]["dkim"]
    assert dkim["result"] == "pass"
    assert "verified" in dkim["reason"]
    assert (dkim["domain"], dkim["selector"]) == (case.domain, case.selector)
    assert dkim["algorithm"] == algorithm
    assert dkim["key_bits"] == bits
    assert dkim["failure"] == ""
    assert report["errors"] == []
    assert report["offline"] is False
    asked = {(q["name"].rstrip("."), q["rdtype"]) for q in report["dns"]}
    assert (f"{case.selector}._domainkey.{case.domain}", "TXT") in asked


@pytest.mark.parametrize("case", [RSA, ED], ids=["rsa2048", "ed25519"])
def test_spf_judges_the_boundary_hop(
    live: tuple[dict[str, Json], Path, int], case: SignedCase
) -> None:
    report = live[0][case.name]
    spf = report["auth"]["spf"]
    hop = _hop(report)
    assert hop["ip"] == case.client_ip
    assert report["route"]["client_ip"] == case.client_ip
    assert report["route"]["client_helo"] == case.helo
    assert spf["result"] == "pass"  # the MAIL FROM verdict
    assert spf["client_ip"] == case.client_ip
    assert spf["domain"] == case.domain
    assert spf["mail_from"] == f"bounce@{case.domain}"
    assert spf["record"] == case.records[(case.domain, "TXT")][0]
    assert spf["helo"] == "pass"
    assert spf["helo_domain"] == case.helo
    assert case.client_ip in spf["reason"]


def test_spf_counts_dns_lookups(live: tuple[dict[str, Json], Path, int]) -> None:
    reports = live[0]
    assert reports["rsa"]["auth"]["spf"]["lookups"] == 1  # a:mail.bank.example
    assert reports["ed25519"]["auth"]["spf"]["lookups"] == 0  # ip4: only


def test_dmarc_passes_aligned(live: tuple[dict[str, Json], Path, int]) -> None:
    reports = live[0]
    rsa, ed = reports["rsa"]["auth"]["dmarc"], reports["ed25519"]["auth"]["dmarc"]
    for dmarc, domain in ((rsa, RSA.domain), (ed, ED.domain)):
        assert dmarc["result"] == "pass"
        assert dmarc["dkim_aligned"] and dmarc["spf_aligned"]
        assert dmarc["from_domain"] == domain
        assert dmarc["record_domain"] == domain  # the record was found at _dmarc.<From domain>
    assert rsa["policy"] == "reject"
    assert rsa["rua"] == ["mailto:dmarc@bank.example"]
    assert (ed["policy"], ed["adkim"], ed["aspf"]) == ("quarantine", "s", "s")
    assert not {i for i in _ids(reports["rsa"]) if i.startswith(("dmarc.", "spf."))}
    # the ed25519 domain publishes no rua=: the only DMARC/SPF finding says so
    assert {i for i in _ids(reports["ed25519"]) if i.startswith(("dmarc.", "spf."))} == {
        "dmarc.no_rua"
    }


def test_arc_result_present(live: tuple[dict[str, Json], Path, int]) -> None:
    reports = live[0]
    assert reports["rsa"]["auth"]["arc"]["result"] == "none"
    arc = reports["rsa-arc"]["auth"]["arc"]
    assert arc["result"] == "pass"
    (instance,) = arc["instances"]
    assert instance["domain"] == "inbox.example"
    assert (instance["ams_result"], instance["as_result"], instance["cv"]) == (
        "pass",
        "pass",
        "none",
    )
    # sealing added headers, but DKIM, SPF and DMARC of the original still hold
    assert reports["rsa-arc"]["auth"]["dkim"][0]["result"] == "pass"
    assert reports["rsa-arc"]["auth"]["dmarc"]["result"] == "pass"


def test_tampered_body_fails_dkim_with_body_reason(live: tuple[dict[str, Json], Path, int]) -> None:
    report = live[0]["tampered"]
    (dkim,) = report["auth"]["dkim"]
    assert dkim["result"] == "fail"
    assert "body" in dkim["reason"]
    assert dkim["failure"] == "body_hash"
    assert "dkim.body_changed" in _ids(report)
    body_changed = next(f for f in report["findings"] if f["id"] == "dkim.body_changed")
    assert body_changed["evidence"], "the finding shows the signature it rests on"
    # SPF still passes and aligns, so DMARC passes on SPF alone
    assert report["auth"]["dmarc"]["result"] == "pass"
    assert report["auth"]["dmarc"]["dkim_aligned"] is False
    assert report["auth"]["dmarc"]["spf_aligned"] is True


def test_spoofed_from_with_p_reject_fails_dmarc(live: tuple[dict[str, Json], Path, int]) -> None:
    report = live[0]["spoof"]
    auth = report["auth"]
    assert auth["dkim"][0]["result"] == "pass" and auth["dkim"][0]["domain"] == "bulk.example"
    assert auth["spf"]["result"] == "fail"
    assert auth["spf"]["client_ip"] == SPOOF.client_ip
    dmarc = auth["dmarc"]
    assert dmarc["result"] == "fail"
    assert dmarc["from_domain"] == "bank.example"
    assert (dmarc["policy"], dmarc["disposition"]) == ("reject", "reject")
    assert not dmarc["dkim_aligned"] and not dmarc["spf_aligned"]
    ids = _ids(report)
    assert {"dmarc.fail_reject", "spf.fail", "dmarc.dkim_unaligned"} <= ids
    assert report["summary"]["risk"] in ("high", "critical")
    reject = next(f for f in report["findings"] if f["id"] == "dmarc.fail_reject")
    assert reject["severity"] in ("high", "critical")
    assert any("p=reject" in line for line in reject["evidence"])


def test_dns_evidence_names_the_loopback_server(
    live: tuple[dict[str, Json], Path, int], zone: LoopbackDns
) -> None:
    report = live[0]["rsa"]
    answered = [q for q in report["dns"] if q["status"] == "answer"]
    assert answered
    assert all(str(zone.port) in q["server"] for q in answered if q["server"] != "cache")
    dmarc_q = [q for q in answered if q["name"].rstrip(".") == "_dmarc.bank.example"]
    assert dmarc_q and dmarc_q[0]["answers"] == [RSA.records[("_dmarc.bank.example", "TXT")][0]]


def test_replay_gives_same_auth_without_packets(
    live: tuple[dict[str, Json], Path, int], zone: LoopbackDns, message_paths: dict[str, str]
) -> None:
    reports, snapshot, _ = live
    assert snapshot.is_file() and json.loads(snapshot.read_text())
    before = len(zone.queries)
    run = run_cli("analyze", "--json", "--replay-dns", str(snapshot), *message_paths.values())
    assert run.status == 0, run.err
    assert len(zone.queries) == before, "the replay sent packets"
    replayed = [json.loads(line) for line in run.out.splitlines()]
    assert len(replayed) == len(reports)
    for name, again in zip(reports, replayed, strict=True):
        assert again["auth"] == reports[name]["auth"], name
        assert {f["id"] for f in again["findings"]} >= {
            f["id"] for f in reports[name]["findings"] if f["id"].split(".")[0] in AUTH_THEMES
        }


AUTH_THEMES = ("dkim", "spf", "dmarc", "arc")


def test_replay_with_silent_server_configured_still_sends_nothing(
    live: tuple[dict[str, Json], Path, int], message_paths: dict[str, str]
) -> None:
    """A replay answers only from the file, even when a server is named as well."""
    _, snapshot, _ = live
    with LoopbackDns(mode="silent") as silent:
        run = run_cli(
            "analyze",
            "--json",
            "--replay-dns",
            str(snapshot),
            "--dns-server",
            silent.server_spec,
            message_paths["rsa"],
        )
        assert silent.queries == []
    assert run.status == 0, run.err
    assert json.loads(run.out)["auth"]["dkim"][0]["result"] == "pass"


def _replay_unknown(snapshot: Path, tmp_path: Path, zone: LoopbackDns) -> tuple[Json, int]:
    """Replay a snapshot for a message whose domain it does not hold."""
    other = signed_case("other", domain="elsewhere.example", client_ip="198.51.100.99")
    (path,) = write_messages(tmp_path, [("other", other.raw)])
    before = len(zone.queries)
    run = run_cli("analyze", "--json", "--replay-dns", str(snapshot), path)
    assert run.status == 0, run.err
    report: Json = json.loads(run.out)
    return report, len(zone.queries) - before


def test_replay_of_an_unknown_message_sends_nothing_and_skips_dkim(
    live: tuple[dict[str, Json], Path, int], zone: LoopbackDns, tmp_path: Path
) -> None:
    report, sent = _replay_unknown(live[1], tmp_path, zone)
    assert sent == 0
    (dkim,) = report["auth"]["dkim"]
    assert dkim["result"] == "skipped"
    assert "not in the replayed DNS snapshot" in dkim["reason"]
    assert all(q["status"] == "not_in_replay" for q in report["dns"])
    assert report["errors"] == []


def test_replay_of_an_unknown_message_does_not_claim_temporary_errors(
    live: tuple[dict[str, Json], Path, int], zone: LoopbackDns, tmp_path: Path
) -> None:
    report, _ = _replay_unknown(live[1], tmp_path, zone)
    assert report["auth"]["spf"]["result"] != "temperror"
    assert report["auth"]["dmarc"]["result"] != "temperror"
    assert not {"spf.temperror", "dmarc.temperror"} & _ids(report)


def test_worker_count_does_not_change_results(
    zone: LoopbackDns, message_paths: dict[str, str]
) -> None:
    paths = list(message_paths.values())
    results = []
    for workers in ("1", "6"):
        run = run_cli(
            "analyze",
            "--json",
            "--no-rdap",
            "--dns-server",
            zone.server_spec,
            "--dns-timeout",
            "5",
            "--workers",
            workers,
            *paths,
            *paths,
        )
        assert run.status == 0, run.err
        reports = [json.loads(line) for line in run.out.splitlines()]
        results.append([(r["source"]["path"], r["auth"], _ids(r)) for r in reports])
    assert results[0] == results[1]


def test_rdap_from_a_loopback_server_feeds_ownership_findings(
    zone: LoopbackDns, message_paths: dict[str, str], rdap_server: RdapServer, tmp_path: Path
) -> None:
    """--rdap-bootstrap sends registration lookups to the loopback RDAP server: a From
    domain registered ten days ago is reported as new, with its registrar as evidence."""
    registered = (datetime.now(UTC) - timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rdap_server.add_domain("bank.example", rdap_domain("bank.example", registered=registered))
    bootstrap = write_bootstrap(tmp_path / "bootstrap", rdap_server.base_url)
    run = run_cli(
        "analyze",
        "--json",
        "--dns-server",
        zone.server_spec,
        "--dns-timeout",
        "5",
        "--rdap-bootstrap",
        str(bootstrap),
        message_paths["rsa"],
    )
    assert run.status == 0, run.err
    report = json.loads(run.out)
    assert any(p.startswith("/domain/bank.example") for p in rdap_server.requests)
    owner = next(d for d in report["sender"]["domains"] if d["role"] == "from")
    assert owner["domain"] == "bank.example"
    assert owner["registrar"] == "Example Registrar, Inc."
    assert owner["age_days"] in (9, 10, 11)
    new = next(f for f in report["findings"] if f["id"] == "ownership.new_domain")
    assert new["severity"] == "high"
    assert "10 days ago" in new["explanation"]


def test_no_intel_asks_only_what_authentication_needs(message_paths: dict[str, str]) -> None:
    with LoopbackDns() as server:
        serve(server, [RSA])
        run = run_cli(
            "analyze",
            "--json",
            "--no-intel",
            "--dns-server",
            server.server_spec,
            "--dns-timeout",
            "5",
            message_paths["rsa"],
        )
        asked = list(server.queries)
    assert run.status == 0, run.err
    report = json.loads(run.out)
    assert report["auth"]["dmarc"]["result"] == "pass"
    assert report["sender"]["hops_intel"] == [] or all(
        not h["blocklists"] for h in report["sender"]["hops_intel"]
    )
    lists = ("spamhaus", "spamcop", "barracuda", "surriel", "mailspike", "surbl", "uribl")
    assert not [name for name, _ in asked if any(z in name for z in lists)]
    assert not [name for name, rdtype in asked if rdtype == "PTR"]


def test_rdap_answers_are_recorded_with_dns_and_replayed_without_a_server(
    zone: LoopbackDns, message_paths: dict[str, str], tmp_path: Path
) -> None:
    """--save-dns keeps the RDAP answers used beside the DNS answers; --replay-dns then shows
    the same registration, age and masking with the RDAP server gone."""
    server = RdapServer().start()
    server.add_domain(
        "bank.example",
        rdap_domain(
            "bank.example",
            registrant={"fn": "Registration Private", "org": "Domains By Proxy, LLC", "cc": "US"},
        ),
    )
    bootstrap = write_bootstrap(tmp_path / "bootstrap", server.base_url)
    recording = tmp_path / "answers.json"
    common = ("analyze", "--json", "--rdap-bootstrap", str(bootstrap), message_paths["rsa"])
    try:
        live = run_cli(*common, "--dns-server", zone.server_spec, "--save-dns", str(recording))
    finally:
        server.stop()
    assert live.status == 0, live.err
    saved = json.loads(recording.read_text())
    assert [e["query"] for e in saved["rdap"] if e["kind"] == "domain"] == ["bank.example"]
    replayed = run_cli(*common, "--replay-dns", str(recording))
    assert replayed.status == 0, replayed.err

    def owner(out: str) -> dict[str, Json]:
        report = json.loads(out)
        return next(d for d in report["sender"]["domains"] if d["role"] == "from")

    before, after = owner(live.out), owner(replayed.out)
    assert after["registrar"] == before["registrar"] == "Example Registrar, Inc."
    assert after["masking"] == before["masking"] == "proxy"
    assert after["age_days"] == before["age_days"]
    assert after["status"] == "ok"
