"""Report writers: JSON (the public contract), plain text (CLI), HTML (GUI detail view and PDF)."""
