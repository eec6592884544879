"""All network work of the core: DNS (resolver), RDAP, blocklists. Nothing else does I/O."""
