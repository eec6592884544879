"""Data files of the core (fingerprints, code tables, RDAP bootstrap), read with importlib.resources."""
