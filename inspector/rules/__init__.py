"""Findings engine: pure functions from an analysis context to findings.

One module per theme; a finding id's first segment is its module's name, so
``dmarc.policy_none`` is defined in ``inspector/rules/dmarc.py``. Rules do no I/O: every
lookup they need was done before they run and sits in the context.
"""

from inspector.rules.context import AnalysisContext
from inspector.rules.registry import FindingSpec, all_specs, rule, run_rules, spec

__all__ = ["AnalysisContext", "FindingSpec", "all_specs", "rule", "run_rules", "spec"]
