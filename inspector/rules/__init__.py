"""Findings engine: pure functions from an analysis context to findings.

One module per theme; a finding id's first segment is its module's name, so
``dmarc.policy_none`` is defined in ``inspector/rules/dmarc.py``. Rules do no I/O: every
lookup they need was done before they run and sits in the context.
"""
