"""Sender intelligence: who operates the relays, domains and links behind a message."""
