"""Sender intelligence: who operates the relays, domains and links behind a message, and the typed
facts the rules judge (platform, sender kind, networks, ownership, blocklist listings with their
list's policy, links, brands and lookalikes). Runs after authentication, on the answers ``net``
fetched; every interpretation of those answers happens here, so the rules only read facts and
judge them."""
