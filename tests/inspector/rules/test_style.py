"""style.* findings: marks of bulk tools and disguised text."""

from __future__ import annotations

from email.header import Header

from inspector.model.findings import Finding
from inspector.rules import style as rules
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import build, context, ids

RULES = (
    rules.from_template,
    rules.generated_address,
    rules.random_mailer,
    rules.obfuscated_text,
    rules.cheap_tld,
)


def run(headers: list[tuple[str, str]]) -> dict[str, Finding]:
    return ids(RULES, context(build(headers)))


def test_from_template_and_generated_address() -> None:
    found = run([("From", "Surprise <lina_babinski_93010@e.badadi.example >")])
    assert "space before its closing bracket" in found["style.from_template"].explanation
    assert "lina_babinski_93010" in found["style.generated_address"].explanation
    assert run([("From", "Ann <ann@example.com>")]) == {}


def test_random_mailer() -> None:
    found = run([("From", "a@example.com"), ("X-Mailer", "LPrwZ")])
    assert found["style.random_mailer"].evidence == ("X-Mailer: LPrwZ",)
    assert run([("From", "a@example.com"), ("X-Mailer", "Apple Mail (2.3774)")]) == {}


def test_obfuscated_text() -> None:
    name = Header("\u0421oinbase", "utf-8").encode()  # a Cyrillic Es in a Latin word
    found = run([("From", f"{name} <a@example.com>")])
    assert "display name" in found["style.obfuscated_text"].explanation


def test_cheap_tld_but_not_on_a_list_post() -> None:
    assert "style.cheap_tld" in run([("From", "x@promo.click")])
    post = [
        ("From", "x@dev.click"),
        ("List-Id", "<dev.lists.example.org>"),
        ("List-Post", "<mailto:dev@lists.example.org>"),
    ]
    assert "style.cheap_tld" not in run(post)


def test_ids_belong_to_this_module() -> None:
    mine = [s for s in all_specs() if s.id.startswith("style.")]
    assert len(mine) == len(RULES)
