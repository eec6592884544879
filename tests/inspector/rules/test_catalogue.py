"""The catalogue in docs/ is generated from the code and must match it; ids name modules."""

from __future__ import annotations

import ast
from pathlib import Path

from inspector.rules.catalogue import render_catalogue
from inspector.rules.registry import all_specs

PROJECT = Path(__file__).resolve().parents[3]
RULES = PROJECT / "inspector" / "rules"
NOT_THEMES = ("__init__", "context", "registry", "catalogue")


def _theme_sources(theme: str) -> list[Path]:
    """A theme is one module or a package of modules."""
    module = RULES / f"{theme}.py"
    return [module] if module.is_file() else sorted((RULES / theme).glob("*.py"))


def test_docs_catalogue_is_up_to_date() -> None:
    committed = (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_catalogue(), "run `make catalogue` and commit docs/rules.md"


def test_every_finding_id_is_declared_in_the_module_it_names() -> None:
    for spec in all_specs():
        sources = _theme_sources(spec.id.split(".")[0])
        assert sources, spec.id
        assert any(f'"{spec.id}"' in m.read_text(encoding="utf-8") for m in sources), spec.id


def test_at_least_sixty_rules_each_with_remedy_and_title() -> None:
    specs = all_specs()
    assert len(specs) >= 60
    for spec in specs:
        assert spec.title and spec.remedy, spec.id


def test_every_rule_module_has_a_test_module() -> None:
    missing = []
    for module in [*RULES.glob("*.py"), *RULES.glob("*/*.py")]:
        if module.stem in NOT_THEMES:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        declares = any(
            isinstance(n, ast.Call) and getattr(n.func, "id", "") == "spec" for n in ast.walk(tree)
        )
        # A theme package's modules are tested by the theme's test module.
        theme = module.stem if module.parent == RULES else module.parent.name
        if (
            declares
            and not (PROJECT / "tests" / "inspector" / "rules" / f"test_{theme}.py").is_file()
        ):
            missing.append(theme)
    assert missing == []


def test_theme_list_matches_the_modules_on_disk() -> None:
    from inspector.rules.registry import THEMES

    modules = {m.stem for m in RULES.glob("*.py") if m.stem not in NOT_THEMES}
    packages = {p.parent.name for p in RULES.glob("*/__init__.py")}
    assert set(THEMES) == modules | packages
