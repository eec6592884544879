"""Analysis options shared by the CLI, the GUI settings and the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BLOCKLISTS_IP: tuple[str, ...] = (
    "zen.spamhaus.org",
    "bl.spamcop.net",
    "b.barracudacentral.org",
    "psbl.surriel.com",
    "bl.mailspike.net",
)
DEFAULT_BLOCKLISTS_DOMAIN: tuple[str, ...] = (
    "dbl.spamhaus.org",
    "multi.surbl.org",
    "multi.uribl.com",
)


@dataclass(frozen=True)
class AnalysisOptions:
    """What to check and how hard to try. Defaults suit an interactive desktop session."""

    offline: bool = False
    dns_servers: tuple[str, ...] = ()  # "host" or "host:port"; empty = the system's
    dns_timeout: float = 2.0  # seconds per query
    dns_budget: float = 10.0  # seconds of DNS waiting per message, at most
    # Seconds of processor time per message; costly stages still to run past it are skipped
    # (and named in a finding), so a hostile message cannot hold up a mailbox.
    cpu_budget: float = 15.0
    replay_dns: str | None = None  # answer only from this snapshot file
    save_dns: str | None = None  # write the answers used to this file
    blocklists_ip: tuple[str, ...] = DEFAULT_BLOCKLISTS_IP
    blocklists_domain: tuple[str, ...] = DEFAULT_BLOCKLISTS_DOMAIN
    rdap: bool = True
    rdap_bootstrap: str | None = None  # a directory or file with IANA bootstrap JSON
    rdap_timeout: float = 5.0
    rdap_max_requests: int = 8  # per message
    intel: bool = True
