"""The flow of one analysis: bytes -> parsed message -> hops -> authentication -> intelligence
-> receivers' verdicts and bounces -> rules -> an immutable Report.

Each stage is guarded: a stage that raises is a bug, but it costs only that stage's result
(recorded in ``Report.errors``), never the report. Network work is finished before the rules
run. Batches are analysed by ``inspector.mailbox`` (threads in this process with a wall-clock
limit per message, or worker processes), each message through ``Analyzer.analyze``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeVar

from inspector import __version__
from inspector.auth.arc import verify_arc
from inspector.auth.dkim import verify_dkim
from inspector.auth.dmarc import evaluate_dmarc
from inspector.auth.recorded import recorded_results
from inspector.auth.results import received_auth_results
from inspector.auth.spf import check_spf
from inspector.bounces.decode import decode_bounce
from inspector.diagnosis import rank_findings, summarize_findings
from inspector.intel.evidence import gather_evidence
from inspector.intel.gather import gather_intel
from inspector.intel.links import extract_links
from inspector.intel.platform_clues import read_trace
from inspector.intel.platforms import identify_platform
from inspector.intel.sender_kind import classify_sender
from inspector.model.auth import (
    ArcResult,
    AuthSummary,
    DkimResult,
    DmarcResult,
    ReceivedAuthResults,
    SpfResult,
)
from inspector.model.codes import AuthStatus
from inspector.model.evidence import MessageEvidence
from inspector.model.findings import Finding
from inspector.model.intel import Link, LookupStatus, SenderIntel
from inspector.model.message import MessageSummary, ParsedMessage, SourceRef
from inspector.model.report import Report
from inspector.model.route import Hop, Route
from inspector.model.verdicts import Verdict
from inspector.net.lookup import DnsLookup, RdapLookup
from inspector.net.rdap import RdapClient
from inspector.net.rdap_snapshot import RdapReplay
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.body_facts import HtmlFacts, html_facts
from inspector.parse.message import parse_message, summarize
from inspector.route.hops import trace_hops
from inspector.route.writers import Writers
from inspector.rules.analysis import time_limit_finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import run_rules
from inspector.verdicts import decode_verdicts

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]
CancelFlag = Callable[[], bool]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Stages:
    """Collects stage errors for one message and keeps its CPU budget.

    Why processor time of this thread rather than the clock: DNS waits have their own budget
    and must not eat into this one, and other messages analysed on other threads at the
    same time must not count against this message."""

    cpu_budget: float
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # The clock first: the thread's processor time is then counted from a later instant.
    wall_started: float = field(default_factory=time.perf_counter)
    started: float = field(default_factory=time.thread_time)

    def used(self) -> float:
        return time.thread_time() - self.started

    def __post_init__(self) -> None:
        self._wall_deadline = self.wall_started + self.cpu_budget

    def out_of_time(self) -> bool:
        """Asked before every stage and rule (some 120 times a message). Reading the thread's
        processor time is a system call; the monotonic clock is not, and a thread cannot
        have used more processor time than has passed, so the clock answers while it is
        within the budget."""
        if time.perf_counter() <= self._wall_deadline:
            return False
        return self.used() > self.cpu_budget

    def run(self, name: str, fn: Callable[[], T], fallback: T) -> T:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - a failing stage must not sink the report
            log.exception("stage %s failed", name)
            self.errors.append(f"internal error in {name}: {exc!r}")
            return fallback

    def run_costly(self, name: str, fn: Callable[[], T], fallback: T) -> T:
        """Run the stage unless the budget is spent; a skipped stage is named for the report."""
        if self.out_of_time():
            self.skipped.append(name)
            return fallback
        return self.run(name, fn, fallback)


def analyze_bytes(
    raw: bytes,
    ref: SourceRef,
    *,
    dns: DnsLookup,
    rdap: RdapLookup | None,
    options: AnalysisOptions,
    now: datetime | None = None,
) -> Report:
    """Analyse one message with the given per-message DNS session and RDAP client."""
    started = now or _utcnow()
    stages = _Stages(options.cpu_budget)
    offline = options.offline or dns.offline
    try:
        pm = parse_message(raw)
    except Exception as exc:  # noqa: BLE001 - the parser promises not to raise; belt and braces
        log.exception("parse failed")
        return Report(
            source=ref,
            message=MessageSummary(None, None, None, None, None),
            errors=(f"could not parse the message: {exc!r}",),
            analyzed_at=started,
            tool_version=__version__,
            offline=offline,
        )
    summary = stages.run(
        "summary", lambda: summarize(pm), MessageSummary(None, None, None, None, None)
    )

    no_hops: tuple[tuple[Hop, ...], Route] = ((), Route())
    hops, route = stages.run("hops", lambda: trace_hops(pm.headers), no_hops)

    no_dkim: tuple[DkimResult, ...] = ()
    dkim = stages.run("dkim", lambda: verify_dkim(pm, dns, as_of=route.received_at), no_dkim)
    spf = stages.run(
        "spf",
        lambda: check_spf(
            dns, client_ip=route.client_ip, helo=route.client_helo, mail_from=pm.return_path
        ),
        SpfResult(AuthStatus.TEMPERROR, "internal error"),
    )
    from_domains = tuple(dict.fromkeys(a.domain for a in pm.from_ if a.domain))
    dmarc = stages.run(
        "dmarc",
        lambda: evaluate_dmarc(
            dns, from_domains=from_domains, dkim=dkim, spf=spf, mail_from=pm.return_path
        ),
        DmarcResult(AuthStatus.TEMPERROR, "internal error"),
    )
    arc = stages.run(
        "arc", lambda: verify_arc(pm, dns, hops), ArcResult(AuthStatus.TEMPERROR, "internal error")
    )
    writers = _shared_writers(pm, hops, route)
    no_claims: tuple[ReceivedAuthResults, ...] = ()
    claimed = stages.run(
        "authentication-results",
        lambda: received_auth_results(pm, hops, route, writers),
        no_claims,
    )
    auth = AuthSummary(
        dkim=dkim,
        spf=spf,
        dmarc=dmarc,
        arc=arc,
        received=claimed,
        recorded=recorded_results(claimed),
    )

    # how the hops read for the sending side: the platform and the sender kind both ask
    trace_view = stages.run("trace view", lambda: read_trace(pm, hops), None)
    platform = stages.run_costly(
        "platform", lambda: identify_platform(pm, dkim, hops, auth, view=trace_view), None
    )
    no_links: tuple[Link, ...] = ()
    links = stages.run_costly("links", lambda: extract_links(pm), no_links)
    sender = stages.run_costly(
        "sender intelligence",
        lambda: gather_intel(
            pm, hops, route, auth, dns, rdap, options, now=started, platform=platform, links=links
        ),
        SenderIntel(platform=platform, links=links, status=LookupStatus.ERROR),
    )
    kind = stages.run(
        "sender kind",
        lambda: classify_sender(pm, hops, auth, platform, sender.hops_intel, view=trace_view),
        None,
    )
    sender = replace(sender, sender_kind=kind)
    no_verdicts: tuple[Verdict, ...] = ()
    verdicts = stages.run_costly(
        "verdicts", lambda: decode_verdicts(pm, hops, writers), no_verdicts
    )
    bounce = stages.run_costly("bounce", lambda: decode_bounce(pm), None)
    evidence = stages.run(
        "message evidence",
        lambda: gather_evidence(pm, hops, route, auth.dkim, platform, bounce),
        MessageEvidence(),
    )

    no_html: HtmlFacts | None = None
    html = stages.run_costly("body facts", lambda: html_facts(pm), no_html)

    dns_log = dns.evidence()
    ctx = AnalysisContext(
        message=pm,
        hops=hops,
        route=route,
        auth=auth,
        sender=sender,
        verdicts=verdicts,
        bounce=bounce,
        dns=dns_log,
        now=started,
        offline=offline,
        evidence=evidence,
        html=html,
    )
    no_findings: tuple[tuple[Finding, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    findings, rule_errors, rules_skipped = stages.run(
        "rules", lambda: run_rules(ctx, out_of_time=stages.out_of_time), no_findings
    )
    stages.errors.extend(rule_errors)
    cut = (*stages.skipped, *rules_skipped)
    if cut:
        limit = time_limit_finding(cut, options.cpu_budget, stages.used())
        findings = (*findings, limit)
    findings = tuple(rank_findings(findings))  # the one ranking every report reads
    return Report(
        source=ref,
        message=summary,
        headers=pm.headers,
        mime=pm.mime,
        hops=hops,
        route=route,
        auth=auth,
        sender=sender,
        verdicts=verdicts,
        bounce=bounce,
        evidence=evidence,
        findings=findings,
        summary=summarize_findings(findings, offline=offline),
        dns=dns_log,
        errors=tuple(stages.errors),
        analyzed_at=started,
        tool_version=__version__,
        offline=offline,
    )


def _shared_writers(pm: ParsedMessage, hops: tuple[Hop, ...], route: Route) -> Writers | None:
    """Who wrote each header, worked out once for the stages that credit headers (trusting
    Authentication-Results, crediting verdicts): the traced hops carry their roles, so both
    stages would build the same one. None when it cannot be built: each stage then meets
    the failure itself and reports it as its own."""
    try:
        return Writers(pm, hops, route.boundary_index)
    except Exception:  # noqa: BLE001 - the stages report it when they build their own
        return None


class Analyzer:
    """Owns the network clients for a batch (shared DNS cache, RDAP cache) and analyses
    messages one at a time or as a concurrent, order-preserving stream."""

    def __init__(
        self,
        options: AnalysisOptions,
        *,
        resolver: Resolver | None = None,
        rdap: RdapLookup | None = None,
        clock: Clock = _utcnow,
    ) -> None:
        self.options = options
        self.resolver = resolver or Resolver(options)
        self.rdap = rdap if rdap is not None else rdap_for(options, self.resolver)
        self.clock = clock

    def analyze(self, raw: bytes, ref: SourceRef) -> Report:
        try:
            return self._analyze(raw, ref)
        except Exception as exc:  # noqa: BLE001 - last line of defence: a report, not a traceback
            log.exception("analysis of %s #%d failed", ref.path, ref.index)
            return Report(
                source=ref,
                message=MessageSummary(None, None, None, None, None),
                errors=(f"internal error: the analysis failed: {exc!r}",),
                analyzed_at=self.clock(),
                tool_version=__version__,
                offline=self.options.offline,
            )

    def _analyze(self, raw: bytes, ref: SourceRef) -> Report:
        return analyze_bytes(
            raw,
            ref,
            dns=self.resolver.session(),
            rdap=self.rdap,
            options=self.options,
            now=self.clock(),
        )

    def close(self) -> None:
        self.resolver.close()

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rdap_for(options: AnalysisOptions, resolver: Resolver) -> RdapLookup | None:
    """Live RDAP (recorded when DNS is), or, for a replay, only the recorded RDAP answers:
    live answers would not match the past analysis being reproduced."""
    if not (options.rdap and options.intel) or options.offline:
        return None
    if options.replay_dns:
        snapshot = resolver.snapshot
        if snapshot is None:
            return None
        replay = RdapReplay(snapshot.rdap)
        if options.save_dns:
            resolver.record_rdap_from(replay.answers_used)
        return replay
    client = RdapClient(options)
    if options.save_dns:
        resolver.record_rdap_from(client.answers_used)
    return client
