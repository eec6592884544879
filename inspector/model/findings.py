"""A finding: one explained observation with evidence and the sender's fix."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.codes import Category, Severity


@dataclass(frozen=True)
class Finding:
    """One explained observation. The id's first segment names the rules module that made it
    (``dmarc.policy_none`` lives in ``inspector/rules/dmarc.py``)."""

    id: str
    severity: Severity
    category: Category
    title: str
    explanation: str
    evidence: tuple[str, ...] = ()
    remedy: str = ""
    references: tuple[str, ...] = ()
