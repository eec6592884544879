"""Data files of the core: fingerprints, code tables, RDAP bootstrap (importlib.resources)."""
