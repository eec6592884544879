"""Persistent settings (QSettings) and their translation into the core's AnalysisOptions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QSettings

from inspector.mailbox.process_pool import MAX_WORKERS
from inspector.options import DEFAULT_BLOCKLISTS_DOMAIN, DEFAULT_BLOCKLISTS_IP, AnalysisOptions
from inspector.report.options import ReportOptions

ORGANIZATION = "DeliverabilityInspector"
APPLICATION = "DeliverabilityInspector"
MAX_RECENT = 10
#: The client report's cover fields kept in the settings (AppSettings fields of those names).
REPORT_KEYS = ("consultant", "logo", "client", "analyst", "scope")


@dataclass(frozen=True)
class AppSettings:
    dns_servers: tuple[str, ...] = ()
    dns_timeout: float = 2.0
    dns_budget: float = 10.0
    offline: bool = False
    rdap: bool = True
    intel: bool = True
    replay_dns: str = ""
    blocklists_ip: tuple[str, ...] = DEFAULT_BLOCKLISTS_IP
    blocklists_domain: tuple[str, ...] = DEFAULT_BLOCKLISTS_DOMAIN
    theme: str = "system"  # system, light, dark
    #: Analysis worker processes; 0 means one per core.
    workers: int = 0
    recent: tuple[str, ...] = field(default=())
    # The client report's cover, typed once and kept for every export.
    consultant: str = ""
    logo: str = ""
    client: str = ""
    analyst: str = ""
    scope: str = ""

    def to_options(self) -> AnalysisOptions:
        return AnalysisOptions(
            offline=self.offline,
            dns_servers=self.dns_servers,
            dns_timeout=self.dns_timeout,
            dns_budget=self.dns_budget,
            replay_dns=self.replay_dns or None,
            rdap=self.rdap,
            intel=self.intel,
            blocklists_ip=self.blocklists_ip,
            blocklists_domain=self.blocklists_domain,
        )

    def report_options(self, notes: str = "") -> ReportOptions:
        """The export dialog's starting values: the kept cover fields and this run's notes."""
        return ReportOptions(
            consultant=self.consultant,
            logo=self.logo or None,
            client=self.client,
            analyst=self.analyst,
            scope=self.scope,
            notes=notes,
        )

    def with_report(self, report: ReportOptions) -> AppSettings:
        """These settings keeping the cover fields of ``report`` (what was last exported)."""
        return replace(
            self,
            consultant=report.consultant,
            logo=report.logo or "",
            client=report.client,
            analyst=report.analyst,
            scope=report.scope,
        )

    def with_recent(self, path: str) -> AppSettings:
        recent = (path, *(p for p in self.recent if p != path))[:MAX_RECENT]
        return replace(self, recent=recent)


@dataclass(frozen=True)
class RunOverrides:
    """Network options given on the command line: they apply to this run only and are never
    saved, while the settings a user edits still are."""

    offline: bool = False
    replay_dns: str = ""
    dns_servers: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.offline or bool(self.replay_dns) or bool(self.dns_servers)

    def apply(self, settings: AppSettings) -> AppSettings:
        if not self.active:
            return settings
        return replace(
            settings,
            offline=self.offline or settings.offline,
            replay_dns=self.replay_dns or settings.replay_dns,
            dns_servers=self.dns_servers or settings.dns_servers,
            # a replay answers RDAP from the recording too, never from RDAP servers
            rdap=settings.rdap,
        )

    def describe(self) -> str:
        parts = ["--offline"] if self.offline else []
        if self.replay_dns:
            parts.append(f"--replay-dns {self.replay_dns}")
        parts += [f"--dns-server {s}" for s in self.dns_servers]
        return " ".join(parts)


def _qsettings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v for v in value.split("\n") if v)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if str(v))
    return ()


def _as_bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return default


def _as_float(value: object, default: float) -> float:
    try:
        return float(value) if value is not None else default  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _as_text(value: object) -> str:
    return str(value)[:2000] if value else ""


def _as_workers(value: object) -> int:
    try:
        count = int(value) if value is not None else 0  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return count if 0 <= count <= MAX_WORKERS else 0


def load_settings(store: QSettings | None = None) -> AppSettings:
    s = store or _qsettings()
    d = AppSettings()
    return AppSettings(
        dns_servers=_as_tuple(s.value("dns/servers", "")),
        dns_timeout=_as_float(s.value("dns/timeout"), d.dns_timeout),
        dns_budget=_as_float(s.value("dns/budget"), d.dns_budget),
        offline=_as_bool(s.value("network/offline"), d.offline),
        rdap=_as_bool(s.value("network/rdap"), d.rdap),
        intel=_as_bool(s.value("network/intel"), d.intel),
        replay_dns=str(s.value("dns/replay", "") or ""),
        blocklists_ip=_as_tuple(s.value("blocklists/ip")) or d.blocklists_ip,
        blocklists_domain=_as_tuple(s.value("blocklists/domain")) or d.blocklists_domain,
        theme=str(s.value("ui/theme", d.theme) or d.theme),
        workers=_as_workers(s.value("analysis/workers")),
        recent=_as_tuple(s.value("ui/recent", "")),
        consultant=_as_text(s.value("report/consultant")),
        logo=_as_text(s.value("report/logo")),
        client=_as_text(s.value("report/client")),
        analyst=_as_text(s.value("report/analyst")),
        scope=_as_text(s.value("report/scope")),
    )


def save_settings(settings: AppSettings, store: QSettings | None = None) -> str:
    """Write ``settings``; an empty string, or why they could not be kept."""
    s = store or _qsettings()
    if not s.isWritable():
        return f"{s.fileName()} cannot be written"
    s.setValue("dns/servers", "\n".join(settings.dns_servers))
    s.setValue("dns/timeout", settings.dns_timeout)
    s.setValue("dns/budget", settings.dns_budget)
    s.setValue("network/offline", settings.offline)
    s.setValue("network/rdap", settings.rdap)
    s.setValue("network/intel", settings.intel)
    s.setValue("dns/replay", settings.replay_dns)
    s.setValue("blocklists/ip", "\n".join(settings.blocklists_ip))
    s.setValue("blocklists/domain", "\n".join(settings.blocklists_domain))
    s.setValue("ui/theme", settings.theme)
    s.setValue("analysis/workers", settings.workers)
    s.setValue("ui/recent", "\n".join(settings.recent))
    for key in REPORT_KEYS:
        s.setValue(f"report/{key}", getattr(settings, key))
    s.sync()
    if s.status() != QSettings.Status.NoError:
        return f"{s.fileName()} could not be written"
    return ""
