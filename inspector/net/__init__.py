"""All network work of the core: DNS (resolver, cache, evidence log, offline, record and
replay), RDAP and whois, and the question names blocklists are asked under. Nothing else in
the core does I/O, and nothing here decides what an answer means for the message: that is
``auth`` and ``intel``."""
