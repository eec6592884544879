"""The receivers' structure as data: front ends, internal servers, outbound ranges, lists."""

from __future__ import annotations

from inspector.route.receivers import (
    forwarders,
    gateway_domains,
    list_hosts,
    microsoft,
    receiver_for_entry,
    receiver_owning,
    receivers,
)


def test_microsoft_structure() -> None:
    ms = microsoft()
    assert receiver_for_entry("AM6EUR05FT004.mail.protection.outlook.com") is ms
    for internal in (
        "DUZPR01CA0001.eurprd01.prod.exchangelabs.com",
        "BN9PR03CA0857.namprd03.prod.outlook.com",
        "BN9PR03CA0857.outlook.office365.com",
        "BN1NAM02FT003.eop-nam02.prod.protection.outlook.com",
    ):
        assert receiver_owning(internal) is ms and receiver_for_entry(internal) is None
    assert ms.sends_from((), "52.100.164.219") and ms.sends_from((), "2a01:111:f403::1")
    assert ms.sends_from(("NAM12-DM6-obe.outbound.protection.outlook.com",), None)
    assert not ms.sends_from(("mail.example.org",), "192.0.2.1")


def test_other_receivers_and_lists() -> None:
    assert receiver_for_entry("mx.google.com") is not None
    assert receiver_for_entry("mailin037.protonmail.ch") is not None
    assert receiver_for_entry("mx.example.com") is None
    assert {"pphosted.com", "mimecast.com", "iphmx.com", "barracudanetworks.com"} <= (
        gateway_domains()
    )
    names = {h.name for h in list_hosts()}
    assert "Google Groups" in names and "vger.kernel.org" in names
    assert any(f.is_entry("mx1.improvmx.com") for f in forwarders())


def test_the_combined_prefilter_answers_like_asking_each_receiver() -> None:
    hosts = [
        "mx.example.com",
        "mail-ej1-f41.google.com",
        "mx.google.com",
        "AM6PR04MB1234.eurprd04.prod.outlook.com",
        "eur05-am6-obe.outbound.protection.outlook.com",
        "mail-am6eur05on2041.outbound.protection.outlook.com",
        "mta1001.mail.gq1.yahoo.com",
        "[192.0.2.1]",
        "mx.example.com.",
        "",
    ]
    for host in hosts:
        entry = next((r for r in receivers() if r.is_entry(host)), None)
        owner = next((r for r in receivers() if r.owns_host(host)), None)
        assert receiver_for_entry(host) is entry, host
        assert receiver_owning(host) is owner, host
    assert any(receiver_owning(h) is not None for h in hosts)
