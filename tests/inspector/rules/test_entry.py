"""entry.* findings: the entry host judged from the recorded Received header, no DNS."""

from __future__ import annotations

from inspector.model.findings import Finding
from inspector.model.intel import PlatformMatch
from inspector.model.route import Hop, Route
from inspector.rules import entry as rules
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import build, context, ids

RULES = (rules.generic_name, rules.hosting_server, rules.helo_wrong_address, rules.helo_unrelated)
FROM = ("From", "Shop <news@shop.example>")


def run(helo: str, ip: str, rdns: str | None = None, **kw: object) -> dict[str, Finding]:
    hop = Hop(index=0, raw=f"from {helo} ({ip})", helo=helo, ip=ip, rdns=rdns, boundary=True)
    route = Route(boundary_index=0, client_ip=ip, client_helo=helo)
    pm = build([FROM])
    platform = kw.get("platform")
    assert platform is None or isinstance(platform, PlatformMatch)
    return ids(RULES, context(pm, hops=(hop,), route=route, platform=platform))


def test_generic_name() -> None:
    found = run("194-233-167-112.ip.linodeusercontent.com", "194.233.167.112")
    assert "embeds the address" in found["entry.generic_name"].explanation
    assert "entry.generic_name" not in run("mail.shop.example", "192.0.2.1")


def test_hosting_server() -> None:
    found = run("vmi1234.contaboserver.net", "192.0.2.1")
    assert "Contabo" in found["entry.hosting_server"].explanation
    esp = PlatformMatch("Mailgun", ("HELO",), 0.9)
    assert "entry.hosting_server" not in run("vmi1234.contaboserver.net", "192.0.2.1", platform=esp)


def test_helo_wrong_address() -> None:
    found = run("keen-burnell.18-133-252-80.plesk.page", "18.133.179.48")
    assert "18.133.252.80" in found["entry.helo_wrong_address"].explanation
    assert "entry.helo_unrelated" not in found  # said more sharply already


def test_helo_unrelated() -> None:
    found = run("778057.cn", "57.128.39.227")
    assert "778057.cn" in found["entry.helo_unrelated"].explanation
    assert "entry.helo_unrelated" not in run("out.shop.example", "192.0.2.1")
    assert run("mail.shop.example", "192.0.2.1") == {}


def test_ids_belong_to_this_module() -> None:
    mine = [s for s in all_specs() if s.id.startswith("entry.")]
    assert len(mine) == len(RULES)
