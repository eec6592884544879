"""The catalogue in docs/ is generated from the code and must match it; ids name modules."""

from __future__ import annotations

import ast
from pathlib import Path

from inspector.rules.catalogue import render_catalogue
from inspector.rules.registry import all_specs

PROJECT = Path(__file__).resolve().parents[3]
RULES = PROJECT / "inspector" / "rules"


def test_docs_catalogue_is_up_to_date() -> None:
    committed = (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_catalogue(), "run `make catalogue` and commit docs/rules.md"


def test_every_finding_id_is_declared_in_the_module_it_names() -> None:
    for spec in all_specs():
        module = RULES / f"{spec.id.split('.')[0]}.py"
        assert module.is_file(), spec.id
        assert f'"{spec.id}"' in module.read_text(encoding="utf-8"), spec.id


def test_at_least_sixty_rules_each_with_remedy_and_title() -> None:
    specs = all_specs()
    assert len(specs) >= 60
    for spec in specs:
        assert spec.title and spec.remedy, spec.id


def test_every_rule_module_has_a_test_module() -> None:
    missing = []
    for module in RULES.glob("*.py"):
        if module.stem in ("__init__", "context", "registry", "catalogue"):
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        declares = any(
            isinstance(n, ast.Call) and getattr(n.func, "id", "") == "spec" for n in ast.walk(tree)
        )
        if (
            declares
            and not (PROJECT / "tests" / "inspector" / "rules" / f"test_{module.stem}.py").is_file()
        ):
            missing.append(module.stem)
    assert missing == []


def test_theme_list_matches_the_modules_on_disk() -> None:
    from inspector.rules.registry import THEMES

    on_disk = {
        m.stem
        for m in RULES.glob("*.py")
        if m.stem not in ("__init__", "context", "registry", "catalogue")
    }
    assert set(THEMES) == on_disk
