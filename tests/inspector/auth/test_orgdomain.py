"""Organizational domains: PSL (offline, bundled) and the DMARCbis tree-walk rules."""

from __future__ import annotations

from inspector.auth.orgdomain import (
    aligned,
    normalize_domain,
    org_domain,
    org_from_records,
    tree_walk_names,
)
from inspector.model.codes import Alignment, PsdFlag


def test_psl_org_domain() -> None:
    assert org_domain("mail.example.com") == "example.com"
    assert org_domain("a.b.example.co.uk") == "example.co.uk"
    assert org_domain("my-shop.co.uk") == "my-shop.co.uk"  # hyphens kept whole
    assert org_domain("alice.github.io") == "alice.github.io"  # private section counts
    assert org_domain("com") == "com"


def test_normalize() -> None:
    assert normalize_domain("Example.COM.") == "example.com"
    assert normalize_domain("bücher.example") == "xn--bcher-kva.example"
    assert normalize_domain("[192.0.2.1]") is None
    assert normalize_domain("a..b") is None
    assert normalize_domain("x" * 64 + ".example") is None
    assert normalize_domain("") is None


def test_tree_walk_names_are_capped_at_eight() -> None:
    names = tree_walk_names("a.b.c.d.e.f.g.h.i.j.k.example.com")
    assert len(names) == 8
    assert names[1] == "g.h.i.j.k.example.com" and names[-1] == "com"
    assert tree_walk_names("mail.example.com") == ["mail.example.com", "example.com", "com"]


def test_org_from_psd_tags() -> None:
    assert (
        org_from_records("a.mail.example.com", {"mail.example.com": PsdFlag.NO})
        == "mail.example.com"
    )
    assert (
        org_from_records("giant.bank.example", {"bank.example": PsdFlag.YES})
        == "giant.bank.example"
    )
    assert (
        org_from_records("x.giant.bank.example", {"bank.example": PsdFlag.YES})
        == "giant.bank.example"
    )
    assert org_from_records("s.example.com", {"s.example.com": None, "example.com": None}) == (
        "example.com"
    )
    assert org_from_records("lonely.example", {}) == "lonely.example"


def test_alignment_modes() -> None:
    assert aligned("mail.example.com", "example.com", Alignment.RELAXED)
    assert not aligned("mail.example.com", "example.com", Alignment.STRICT)
    assert aligned("Example.com.", "example.com", Alignment.STRICT)
    assert not aligned("example.net", "example.com", Alignment.RELAXED)
    assert not aligned(
        "x.example.com", "example.com", Alignment.RELAXED, {"x.example.com": "x.example.com"}
    )
