"""Hop roles below the boundary: relay tenants, forwarders, origin and submission."""

from __future__ import annotations

from inspector.model.codes import HopRole, IpScope
from inspector.model.route import Hop
from inspector.route.boundary import Boundary
from inspector.route.roles import assign_roles, with_roles


def hop(index: int, by: str, ip: str | None = None, protocol: str = "ESMTP") -> Hop:
    scope = IpScope.DOCUMENTATION if ip else None
    return Hop(index=index, raw="", by=by, ip=ip, protocol=protocol, ip_scope=scope)


def test_relay_tenant_between_the_recipient_and_the_sender() -> None:
    hops = [
        hop(0, "smtp.example.org", "198.51.100.1", "ESMTPSA"),
        hop(1, "relay.example.org", "10.0.0.1"),
        hop(2, "AB1NAM01FT001.mail.protection.outlook.com", "203.0.113.5"),
        hop(3, "AB1PR01MB0001.namprd01.prod.outlook.com", None),
        hop(4, "mx.example.net", "203.0.113.200"),
    ]
    roles = assign_roles(hops, Boundary(4), None)
    assert roles == (
        HopRole.SUBMISSION,
        HopRole.ORIGIN,
        HopRole.RELAY_TENANT,
        HopRole.RELAY_TENANT,
        HopRole.RECIPIENT_ENTRY,
    )


def test_a_gmail_account_forwarding_is_an_intermediary() -> None:
    hops = [
        hop(0, "out.example.org", "10.0.0.2"),
        hop(1, "mx.google.com", "192.0.2.10"),
        hop(2, "mail-ua1-f44.google.com", None),
        hop(3, "AB2EUR01FT002.mail.protection.outlook.com", "192.0.2.44"),
    ]
    roles = assign_roles(hops, Boundary(3), "10.0.0.2")
    assert roles == (
        HopRole.SUBMISSION,
        HopRole.INTERMEDIARY,
        HopRole.INTERMEDIARY,
        HopRole.RECIPIENT_ENTRY,
    )


def test_roles_from_a_bare_boundary_flag() -> None:
    hops = (hop(0, "out.example.org", "192.0.2.1"), Hop(1, "", by="mx.example.net", boundary=True))
    assert [h.role for h in with_roles(hops, None)] == [HopRole.ORIGIN, HopRole.RECIPIENT_ENTRY]
    assert with_roles(hops[:1], None)[0].role is None
