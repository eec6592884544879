"""A government HELO from a rented server, at the trust boundary."""

from __future__ import annotations

from inspector.intel.government_helo import government_helo, is_government_name
from inspector.model.intel import HopIntel
from inspector.model.route import Hop


def hop(helo: str, rdns: str | None, *, boundary: bool = True) -> Hop:
    return Hop(index=0, raw="", helo=helo, rdns=rdns, ip="203.0.113.9", boundary=boundary)


def test_government_names() -> None:
    for name in ("mail.agency.gov", "smtp.x.gouv.fr", "mx.sat.gob.mx", "a.go.jp", "b.army.mil"):
        assert is_government_name(name), name
    for name in ("mail.example.com", "gov.example.net", "smtp.go.com"):
        assert not is_government_name(name), name


def test_rented_by_reverse_name() -> None:
    found = government_helo([hop("mail.tax.gov.example.gov.br", "li1-2.members.linode.com")], [])
    assert found is not None and "linode" in found.hosting


def test_rented_by_network_when_known() -> None:
    intel = [HopIntel(ip="203.0.113.9", asn="14061", as_name="DIGITALOCEAN-ASN")]
    found = government_helo([hop("mail.city.gov", None)], intel)
    assert found is not None and "AS14061" in found.hosting


def test_no_finding_for_own_servers_or_below_the_boundary() -> None:
    assert government_helo([hop("mail.city.gov", "mail.city.gov")], []) is None
    below = hop("mail.city.gov", "li1-2.members.linode.com", boundary=False)
    assert government_helo([below], []) is None
