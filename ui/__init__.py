"""The PySide6 desktop application; imports only the public names of ``inspector``."""
