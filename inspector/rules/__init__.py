"""Findings engine: pure functions from an analysis context to findings. One module per theme, or a
package of modules split by concept when a theme grows large; a finding id's first segment is
the theme's name, so ``dmarc.policy_none`` is defined in ``inspector/rules/dmarc/``. Rules do no
I/O and do not import each other: every lookup they need was done before they run and sits in
the context, and facts several themes judge come from ``inspector.intel``."""
