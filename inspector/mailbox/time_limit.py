"""How long one message's analysis may run before it is reported as that message's error (a
worker process is ended; in one process, the message is left behind).

Kept apart from the pool so the command line can show the default without importing the
analysis.
"""

#: Generous: an honest message takes milliseconds of CPU, and its DNS waiting is bounded by
#: its budget (10 s by default); set it above a larger ``dns_budget``.
DEFAULT_MESSAGE_TIMEOUT = 60.0
