"""Domain roles and RDAP -> DomainIntel (registrar, age, masking)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel import ownership
from inspector.model.auth import AuthSummary, DkimResult
from inspector.model.codes import AuthStatus, Masking, RdapKind, RdapStatus
from inspector.model.intel import Link
from inspector.model.message import Address, Header, ParsedMessage
from inspector.net.lookup import RdapAnswer
from inspector.net.rdap import RdapClient
from inspector.options import AnalysisOptions
from tests.support.rdap_server import RdapServer, sample_domains, write_bootstrap

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
YESTERDAY = (NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def message(**kw: object) -> ParsedMessage:
    base: dict[str, object] = {
        "raw": b"",
        "headers": (),
        "headers_only": True,
        "subject": None,
        "from_": (Address("", "news@mail.public.test"),),
        "to": (),
        "cc": (),
        "reply_to": (Address("", "help@proxied.test"),),
        "return_path": "<bounce@bounce.redacted.test>",
        "sender": None,
        "date": None,
        "date_raw": None,
        "message_id": None,
        "mime": None,
        "text_body": "",
        "html_body": "",
        "body_size": 0,
        "defects": (),
    }
    base.update(kw)
    return ParsedMessage(**base)  # type: ignore[arg-type]


def test_registrable_domain() -> None:
    assert ownership.registrable_domain("a.b.example.co.uk.") == "example.co.uk"
    assert ownership.registrable_domain("User@Mail.Example.COM") == "example.com"
    assert ownership.registrable_domain("192.0.2.1") is None
    assert ownership.registrable_domain("co.uk") is None
    assert ownership.registrable_domain("") is None
    assert ownership.registrable_domain("bad host/x") is None


def test_roles_in_order_with_links_ranked() -> None:
    msg = message(headers=(Header("DKIM-Signature", "v=1; a=rsa-sha256; d=esp.test; s=k1"),))
    auth = AuthSummary(dkim=(DkimResult(AuthStatus.PASS, domain="public.test"),))
    links = [
        Link("https://x.fresh.test/a", "x.fresh.test"),
        Link("https://fresh.test/b", "fresh.test"),
        Link("https://once.test/", "once.test"),
        Link("https://w.test/?u=", "w.test", target_domain="fresh.test"),
        Link("https://2.test/", "2.test"),
        Link("https://2.test/b", "2.test"),
        Link("https://3.test/", "3.test"),
    ]
    roles = ownership.domain_roles(msg, auth, links)
    assert roles == (
        ("from", "public.test"),
        ("return_path", "redacted.test"),
        ("dkim", "public.test"),
        ("dkim", "esp.test"),
        ("reply_to", "proxied.test"),
        ("link", "fresh.test"),
        ("link", "2.test"),
        ("link", "once.test"),
    )


def test_domain_intel_from_rdap_server(tmp_path: Path, rdap_server: RdapServer) -> None:
    for name, data in sample_domains(YESTERDAY).items():
        rdap_server.add_domain(name, data)
    boot = write_bootstrap(tmp_path / "boot", rdap_server.base_url)
    client = RdapClient(AnalysisOptions(rdap_bootstrap=str(boot)))
    roles = [
        ("from", "public.test"),
        ("reply_to", "proxied.test"),
        ("return_path", "redacted.test"),
        ("link", "fresh.test"),
        ("dkim", "public.test"),
        ("link", "gone.test"),
    ]
    intel = {(d.role, d.domain): d for d in ownership.lookup_domains(roles, client, NOW)}
    public = intel[("from", "public.test")]
    assert public.registrar == "Example Registrar, Inc."
    assert public.created == datetime(2015, 3, 1, 10, 0, tzinfo=UTC)
    assert public.age_days is not None and public.age_days > 4000
    assert public.nameservers == ("ns1.example.net", "ns2.example.net")
    assert public.statuses == ("client transfer prohibited",)
    assert public.registrant_org == "Example Widgets GmbH"
    assert public.registrant_country == "AT"
    assert public.masking is Masking.PUBLIC
    assert intel[("reply_to", "proxied.test")].masking is Masking.PROXY
    assert intel[("reply_to", "proxied.test")].masking_service == "Domains By Proxy"
    assert intel[("return_path", "redacted.test")].masking is Masking.REDACTED
    assert intel[("link", "fresh.test")].age_days == 1
    assert intel[("link", "gone.test")].status == "not_found"
    # one request per distinct domain even though public.test plays two roles
    assert sorted(rdap_server.requests).count("/domain/public.test") == 1


def test_not_asked_and_failed_answers() -> None:
    skipped = ownership.domain_intel("from", "a.test", None, NOW)
    assert skipped.status == "skipped"
    timeout = ownership.domain_intel(
        "from",
        "a.test",
        RdapAnswer("a.test", RdapKind.DOMAIN, RdapStatus.TIMEOUT, error="slow"),
        NOW,
    )
    assert timeout.status == "timeout" and timeout.evidence == ("RDAP timeout: slow",)


def test_naive_now_and_odd_dates() -> None:
    data = {"events": [{"eventAction": "registration", "eventDate": "2026-11-01"}]}
    intel = ownership.domain_intel(
        "from",
        "a.test",
        RdapAnswer("a.test", RdapKind.DOMAIN, RdapStatus.OK, data),
        datetime(2026, 11, 22),
    )
    assert intel.age_days == 21
    junk = {"events": [{"eventAction": "registration", "eventDate": "yesterday"}], "status": 5}
    intel = ownership.domain_intel(
        "from", "a.test", RdapAnswer("a.test", RdapKind.DOMAIN, RdapStatus.OK, junk), NOW
    )
    assert intel.created is None and intel.age_days is None and intel.statuses == ()


def test_roles_are_bounded_for_hostile_messages() -> None:
    sigs = tuple(Header("DKIM-Signature", f"v=1; d=d{i}.test; s=x") for i in range(30))
    froms = tuple(Address("", f"a@f{i}.test") for i in range(30))
    roles = ownership.domain_roles(message(headers=sigs, from_=froms), AuthSummary())
    assert sum(1 for r, _ in roles if r == "dkim") == ownership.MAX_PER_ROLE
    assert sum(1 for r, _ in roles if r == "from") == ownership.MAX_PER_ROLE


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["events", "status", "nameservers", "entities", "remarks", "redacted"]),
        st.recursive(
            st.none() | st.integers() | st.text(max_size=15),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(
                        ["eventAction", "eventDate", "ldhName", "roles", "vcardArray", "x"]
                    ),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=25,
        ),
    )
)
def test_domain_intel_never_raises(data: dict) -> None:
    intel = ownership.domain_intel(
        "from", "a.test", RdapAnswer("a.test", RdapKind.DOMAIN, RdapStatus.OK, data), NOW
    )
    assert intel.status == "ok"


def test_deeply_nested_vcard_value_is_cut() -> None:
    deep: list = ["x"]
    for _ in range(2000):
        deep = [deep]
    data = {
        "entities": [{"roles": ["registrant"], "vcardArray": ["vcard", [["fn", {}, "text", deep]]]}]
    }
    intel = ownership.domain_intel(
        "from", "a.test", RdapAnswer("a.test", RdapKind.DOMAIN, RdapStatus.OK, data), NOW
    )
    assert intel.masking is Masking.UNKNOWN


def test_registration_in_the_future_has_no_age() -> None:
    data = {"events": [{"eventAction": "registration", "eventDate": "2099-01-01T00:00:00Z"}]}
    intel = ownership.domain_intel(
        "from", "a.test", RdapAnswer("a", RdapKind.DOMAIN, RdapStatus.OK, data), NOW
    )
    assert intel.created is not None and intel.age_days is None
