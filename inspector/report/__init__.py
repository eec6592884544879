"""Report writers: JSON (the public contract), plain text (CLI), HTML (GUI detail view, the client
report and PDF through the Qt writer the caller hands in), redaction and the fix plan. The last
stage: it writes the reports it is given, in the order and with the ranking the analysis
decided, and never calls back into the analysis."""
