"""Masking classification: proxy, redacted, public, unknown, with the field named."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel import masking
from inspector.model.codes import Masking
from tests.support.rdap_server import rdap_domain, sample_domains

SAMPLES = sample_domains("2026-11-21T09:00:00Z")


def test_privacy_proxy_is_recognised_from_the_data_file() -> None:
    verdict = masking.classify(SAMPLES["proxied.test"])
    assert verdict.masking is Masking.PROXY
    assert verdict.service == "Domains By Proxy"
    assert verdict.evidence == ("registrant vcard org: Domains By Proxy, LLC",)


def test_proxy_names_from_the_brief() -> None:
    for text, expected in [
        ("Withheld for Privacy ehf", "Withheld for Privacy"),
        ("WhoisGuard, Inc.", "WhoisGuard"),
        ("Contact Privacy Inc. Customer 0123", "Contact Privacy Inc."),
        ("PrivacyGuardian.org llc", "PrivacyGuardian.org"),
        ("Super Privacy Service LTD c/o Dynadot", "Super Privacy Service"),
        ("Identity Protection Service", "Identity Protection Service"),
        ("Data Protected", "Data Protected / Domain Protection Services"),
        ("Perfect Privacy, LLC", "Perfect Privacy LLC"),
        ("Whois Privacy Protection Service, Inc.", "Whois Privacy Protection Service"),
    ]:
        assert masking.privacy_service(text) == expected, text
    assert masking.privacy_service("Example Widgets GmbH") is None


def test_proxy_in_an_admin_contact_counts() -> None:
    data = rdap_domain("x.test")
    data["entities"].append(
        {
            "roles": ["administrative"],
            "vcardArray": ["vcard", [["email", {}, "text", "abc@withheldforprivacy.com"]]],
        }
    )
    verdict = masking.classify(data)
    assert verdict.masking is Masking.PROXY
    assert verdict.evidence[0].startswith("contact vcard email:")


def test_gdpr_redaction() -> None:
    verdict = masking.classify(SAMPLES["redacted.test"])
    assert verdict.masking is Masking.REDACTED
    assert any("RFC 9537" in e and "Registrant Name" in e for e in verdict.evidence)
    assert any(e.startswith("RDAP remark:") for e in verdict.evidence)
    assert any(e == "registrant vcard name: REDACTED FOR PRIVACY" for e in verdict.evidence)


def test_redacted_vcard_alone_is_enough() -> None:
    data = rdap_domain("r.test", registrant={"fn": "REDACTED"})
    assert masking.classify(data).masking is Masking.REDACTED


def test_public_registrant() -> None:
    verdict = masking.classify(SAMPLES["public.test"])
    assert verdict.masking is Masking.PUBLIC
    assert verdict.evidence[0] == "registrant vcard org: Example Widgets GmbH"
    person = rdap_domain("p.test", registrant={"fn": "Jane Doe"})
    assert masking.classify(person).masking is Masking.PUBLIC


def test_unknown_without_registrant_or_data() -> None:
    assert masking.classify(rdap_domain("u.test")).masking is Masking.UNKNOWN
    assert masking.classify(None).masking is Masking.UNKNOWN
    assert masking.classify({"entities": "garbage"}).masking is Masking.UNKNOWN


def test_hostile_vcards_do_not_raise() -> None:
    data = {
        "entities": [
            {"roles": ["registrant"], "vcardArray": ["vcard", [["fn"], None, ["org", 1, 2, 3]]]},
            {"roles": "registrant", "vcardArray": "x"},
            "not an entity",
        ],
        "redacted": [None, {"name": "x"}],
        "remarks": [None, {"title": 5}],
    }
    verdict = masking.classify(data)
    assert verdict.masking is Masking.REDACTED  # the 'redacted' member is present
    contact = masking.parse_vcard(
        {
            "roles": ["registrant"],
            "vcardArray": [
                "vcard",
                [["adr", {}, "text", ["", "", "1 Main St", "Town", "", "1000", "Austria"]]],
            ],
        }
    )
    assert contact.country == "Austria"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["entities", "redacted", "remarks", "x"]), json_values))
def test_classify_never_raises_on_hostile_json(data: dict) -> None:
    verdict = masking.classify(data)
    assert verdict.masking in Masking
