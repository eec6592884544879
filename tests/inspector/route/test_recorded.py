"""The receivers' own records of the connecting address, and the submission client."""

from __future__ import annotations

from inspector.model.message import Header
from inspector.route.recorded import originating_ip, recorded_client_ips


def test_every_record_kind_is_read_once() -> None:
    headers = [
        Header("Authentication-Results", "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=a"),
        Header("Received-SPF", "pass (mx.example.net: ...) client-ip=192.0.2.2;"),
        Header("X-Sender-IP", "192.0.2.1"),
        Header("X-MS-Exchange-CrossPremises-OriginalClientIPAddress", "[2001:db8::5]"),
        Header("X-Forefront-Antispam-Report", "CIP:192.0.2.3;CTRY:NL;DIR:INB;SFV:NSPM"),
        Header("Authentication-Results", "mx.example.net; arc=pass smtp.remote-ip=192.0.2.4"),
    ]
    assert recorded_client_ips(headers) == (
        "192.0.2.1",
        "192.0.2.2",
        "2001:db8::5",
        "192.0.2.3",
        "192.0.2.4",
    )


def test_outbound_scans_and_sentinels_are_no_record() -> None:
    headers = [
        Header("X-Forefront-Antispam-Report", "CIP:192.0.2.9;DIR:OUT;SFV:NSPM"),
        Header("X-Sender-IP", "255.255.255.255"),
        Header("X-Sender-IP", "53.269.15.776"),
    ]
    assert recorded_client_ips(headers) == ()


def test_originating_ip() -> None:
    assert originating_ip([Header("X-Originating-IP", "[198.51.100.9]")]) == "198.51.100.9"
    assert originating_ip([Header("X-Originating-IP", "not an address")]) is None
