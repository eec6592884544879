"""Registration of finding specifications and rule functions.

A rule module declares its findings once with ``spec(...)`` (id, severity, category, title,
remedy, references) and emits them from functions decorated with ``@rule``. The catalogue in
docs/ is generated from these specs, so every finding the tool can produce is documented.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext

log = logging.getLogger(__name__)

Rule = Callable[[AnalysisContext], Iterable[Finding]]

_SPECS: dict[str, FindingSpec] = {}
_RULES: list[Rule] = []


@dataclass(frozen=True)
class FindingSpec:
    id: str
    severity: Severity
    category: Category
    title: str
    remedy: str
    references: tuple[str, ...] = ()

    def __call__(
        self,
        explanation: str,
        evidence: Iterable[str] = (),
        *,
        title: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Make a finding of this kind; title and severity may be sharpened per case."""
        return Finding(
            id=self.id,
            severity=severity or self.severity,
            category=self.category,
            title=title or self.title,
            explanation=explanation,
            evidence=tuple(evidence),
            remedy=self.remedy,
            references=self.references,
        )


def spec(
    id: str,
    severity: Severity,
    category: Category,
    title: str,
    remedy: str,
    references: Iterable[str] = (),
) -> FindingSpec:
    """Declare a finding kind. Ids are unique and ``<module>.<name>``."""
    if id in _SPECS:
        raise ValueError(f"finding id declared twice: {id}")
    made = FindingSpec(id, severity, category, title, remedy, tuple(references))
    _SPECS[id] = made
    return made


def rule(fn: Rule) -> Rule:
    """Register a rule function; it runs for every message."""
    _RULES.append(fn)
    return fn


#: The themes (a module, or a package whose ``__init__`` imports its rule modules), listed
#: explicitly so frozen builds (no package directory to scan) load them too; a test checks
#: this matches the modules and packages in inspector/rules/.
THEMES: tuple[str, ...] = (
    "analysis",
    "arc",
    "authres",
    "bounce",
    "brand",
    "bulk",
    "content",
    "dkim",
    "dmarc",
    "entry",
    "headers",
    "identity",
    "implausible",
    "infrastructure",
    "kind",
    "links",
    "ownership",
    "recipients",
    "reputation",
    "routing",
    "sender",
    "spf",
    "structure",
    "style",
    "verdicts",
)


@cache
def load_all() -> None:
    """Import every theme module so its specs and rules are registered. Once: asking the
    import system about 25 modules again cost some 60 us per analysed message."""
    for name in THEMES:
        importlib.import_module(f"inspector.rules.{name}")


def all_specs() -> tuple[FindingSpec, ...]:
    load_all()
    return tuple(sorted(_SPECS.values(), key=lambda s: s.id))


def all_rules() -> tuple[Rule, ...]:
    load_all()
    return tuple(_RULES)


def theme_of(fn: Rule) -> str:
    """The theme a rule belongs to: the first segment below inspector.rules, which is also the
    first segment of the ids it emits."""
    return fn.__module__.removeprefix(f"{__package__}.").split(".")[0]


def _never() -> bool:
    return False


def run_rules(
    ctx: AnalysisContext, *, out_of_time: Callable[[], bool] = _never
) -> tuple[tuple[Finding, ...], tuple[str, ...], tuple[str, ...]]:
    """Run every rule: (findings, errors, rules not run). A rule that raises is a bug: it is
    logged and reported as an error on the report instead of losing the whole analysis.
    Once ``out_of_time()`` says so, the remaining rules are named instead of run."""
    findings: list[Finding] = []
    errors: list[str] = []
    skipped: list[str] = []
    for fn in all_rules():
        if skipped or out_of_time():
            skipped.append(f"rule {theme_of(fn)}.{fn.__name__}")
            continue
        try:
            findings.extend(fn(ctx))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not sink the report
            log.exception("rule %s failed", fn.__qualname__)
            errors.append(f"internal error in rule {fn.__module__}.{fn.__qualname__}: {exc!r}")
    # The same observation made twice (e.g. from two copies of a header) is one finding.
    unique = list({(f.id, f.title, f.explanation): f for f in findings}.values())
    unique.sort(key=lambda f: (-f.severity.rank, f.id))
    return tuple(unique), tuple(errors), tuple(skipped)
