"""A server that greets with a government domain but is a rented server.

Government mail leaves from the government's own servers or from a contracted platform
that names itself; it does not come from a VPS at a hosting provider. Spammers greet with
a government name (HELO) because some filters trust it. The HELO examined is the one the
trusted receiver recorded at the trust boundary: lines below it could be invented whole.

A server is "rented" when the name the receiver looked up (reverse DNS) is a hosting
provider's server name, or when the address's network (known only online)
belongs to a hosting provider (``inspector/data/hosting_networks.json``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspector.intel.infrastructure import hosting_network, rented_server_name
from inspector.model.identity import GovernmentHelo
from inspector.model.intel import HopIntel
from inspector.model.route import Hop

# .gov and .mil, and the country forms: gov.uk, gouv.fr, gob.mx, go.jp, govt.nz, gv.at,
# mil.br, gc.ca; also one level deeper (ap.gov.in, nic.gov.xx keep the last three labels).
_GOVERNMENT = re.compile(
    r"(?:^|\.)(?:(?:gov|mil)|(?:gov|gouv|gob|go|govt|gv|mil|gc)\.[a-z]{2})\.?$",
    re.IGNORECASE,
)


def is_government_name(name: str | None) -> bool:
    """Does ``name`` end in a government or military domain?"""
    return bool(name) and _GOVERNMENT.search((name or "").strip()[:253]) is not None


def government_helo(hops: Sequence[Hop], intel: Sequence[HopIntel]) -> GovernmentHelo | None:
    """The boundary hop's government HELO when the connecting host is a rented server."""
    entry = next((hop for hop in hops if hop.boundary), None)
    if entry is None or not is_government_name(entry.helo) or not entry.ip:
        return None
    helo = (entry.helo or "").strip()
    why = _rented(entry, intel)
    if why is None:
        return None
    return GovernmentHelo(entry.index, helo, entry.ip, why)


def _rented(entry: Hop, intel: Sequence[HopIntel]) -> str | None:
    if rented_server_name(entry.rdns):
        return f"its reverse DNS name is {entry.rdns}, a hosting provider's server name"
    for hop in intel:
        if hop.ip != entry.ip:
            continue
        network = hosting_network(hop.asn, hop.as_name)
        if network:
            return f"{entry.ip} belongs to {network} (AS{(hop.asn or '?').removeprefix('AS')})"
        if rented_server_name(hop.ptr):
            return f"its reverse DNS name is {hop.ptr}, a hosting provider's server name"
    return None
