"""Command-line interface: ``analyze``, ``report``, ``domain`` and ``catalogue``.

Exit status: 0 when every input was analysed, 1 when some input could not be read (the others
are still reported), 2 for usage errors. PDF rendering needs Qt, which the core never imports,
so ``main.py`` hands in a ``pdf_writer`` callable; everything else runs here.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TextIO

from inspector import APP_NAME, __version__
from inspector.cli.analyze import run_analyze
from inspector.cli.argument_types import (
    MAX_WORKERS,
    MIN_WORKERS,
    bootstrap_location,
    file_in_existing_folder,
    seconds_limit,
    server_spec,
    worker_count,
)
from inspector.cli.case import add_case_parser, run_case
from inspector.cli.report import ReportRequest, write_report
from inspector.errors import InspectorError
from inspector.intel.domaincheck import check_domain, format_domain_posture
from inspector.mailbox.time_limit import DEFAULT_MESSAGE_TIMEOUT
from inspector.net.bootstrap_file import MAX_BOOTSTRAP_BYTES
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.pipeline import rdap_for
from inspector.report.export import PdfWriter
from inspector.report.options import DEFAULT_IN_FULL, ReportOptions
from inspector.rules.catalogue import render_catalogue

COMMANDS = ("analyze", "report", "domain", "catalogue", "case")


class UsageError(InspectorError):
    """Bad combination of arguments (exit status 2)."""


def _add_network_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("network")
    g.add_argument("--offline", action="store_true", help="never touch the network")
    g.add_argument(
        "--dns-server",
        action="append",
        default=[],
        type=server_spec,
        metavar="HOST[:PORT]",
        help="DNS server to ask (repeatable; default: the system's)",
    )
    g.add_argument(
        "--dns-timeout", type=float, default=2.0, metavar="S", help="per query (default 2)"
    )
    g.add_argument(
        "--dns-budget", type=float, default=10.0, metavar="S", help="per message (default 10)"
    )
    g.add_argument(
        "--save-dns",
        type=file_in_existing_folder,
        metavar="FILE",
        help="write the DNS answers used to FILE (its folder must exist)",
    )
    g.add_argument("--replay-dns", metavar="FILE", help="answer DNS only from FILE")
    g.add_argument(
        "--rdap-bootstrap",
        type=bootstrap_location,
        metavar="FILE",
        help=f"IANA RDAP bootstrap file (at most {MAX_BOOTSTRAP_BYTES // 2**20} MB) or folder",
    )
    g.add_argument("--no-rdap", action="store_true", help="skip RDAP/whois lookups")
    g.add_argument("--no-intel", action="store_true", help="skip rDNS, blocklists and RDAP")
    g.add_argument(
        "--workers",
        type=worker_count,
        default=None,
        metavar="N",
        help=(
            f"analyze: worker processes, {MIN_WORKERS} to {MAX_WORKERS} (default: one per"
            " core); report: messages analysed concurrently (default 8)"
        ),
    )


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _notes_file(value: str) -> str:
    """The analyst's notes from a text file (bounded: notes, not a book)."""
    try:
        with open(value, encoding="utf-8", errors="replace") as fh:
            return fh.read(100_000)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"cannot read {value}: {exc.strerror}") from None


def _add_client_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("client report (PDF and HTML)")
    g.add_argument("--consultant", default="", help="your name or firm, on the cover")
    g.add_argument("--logo", metavar="FILE", help="your logo on the cover (PNG or JPEG)")
    g.add_argument("--client", default="", help="who the report is for")
    g.add_argument("--analyst", default="", help="who did the analysis")
    g.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="report date (default today)")
    g.add_argument("--scope", default="", help="what was examined (default: messages and dates)")
    g.add_argument("--notes", default="", help="analyst notes, printed after the summary")
    g.add_argument("--notes-file", type=_notes_file, metavar="FILE", help="notes from a file")
    g.add_argument("--no-appendix", action="store_true", help="leave out the per-message detail")
    g.add_argument(
        "--in-full",
        type=int,
        default=DEFAULT_IN_FULL,
        metavar="N",
        help=f"PDF: the N riskiest messages in full, the rest listed (default {DEFAULT_IN_FULL})",
    )


def report_options_from_args(args: argparse.Namespace) -> ReportOptions:
    notes = "\n\n".join(n for n in (args.notes, args.notes_file) if n)
    return ReportOptions(
        consultant=args.consultant,
        logo=args.logo,
        client=args.client,
        analyst=args.analyst,
        date=args.date,
        scope=args.scope,
        notes=notes,
        appendix=not args.no_appendix,
        in_full=max(0, min(args.in_full, 200)),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}: why did this message land in spam, and who sent it?",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="analyse messages and print a summary or JSON Lines")
    a.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, mailboxes, or -")
    a.add_argument("--json", action="store_true", help="one JSON object per message")
    a.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster (tcp://host:8786; needs requirements-dask.txt); JSON Lines",
    )
    a.add_argument(
        "--message-timeout",
        type=seconds_limit,
        default=DEFAULT_MESSAGE_TIMEOUT,
        metavar="S",
        help=(
            "report a message whose analysis runs longer than S seconds as its error and go on"
            f" (default {DEFAULT_MESSAGE_TIMEOUT:g}; keep it above --dns-budget)"
        ),
    )
    _add_network_options(a)

    r = sub.add_parser("report", help="write a PDF, HTML or JSON report")
    r.add_argument("paths", nargs="+", metavar="PATH")
    r.add_argument("-o", "--output", required=True, metavar="OUT.pdf|.html|.json|.jsonl")
    r.add_argument("--redact", action="store_true", help="replace recipient addresses")
    r.add_argument(
        "--redact-domain", action="append", default=[], metavar="DOMAIN", help="also redact"
    )
    r.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    _add_client_options(r)
    _add_network_options(r)

    d = sub.add_parser("domain", help="check a sender domain's DNS posture without a message")
    d.add_argument("domain")
    d.add_argument("--json", action="store_true")
    _add_network_options(d)

    sub.add_parser("catalogue", help="print the catalogue of findings (Markdown)")

    _add_network_options(add_case_parser(sub))
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    """The desktop application's options: paths to open and this run's network options."""
    p = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME} (desktop). Subcommands {', '.join(COMMANDS)} run the CLI.",
    )
    p.add_argument("paths", nargs="*", help="files, folders or mailboxes to open")
    p.add_argument("--offline", action="store_true", help="never touch the network")
    p.add_argument("--replay-dns", metavar="FILE", help="answer DNS only from FILE")
    p.add_argument(
        "--dns-server", action="append", default=[], type=server_spec, metavar="HOST[:PORT]"
    )
    p.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    return p


def reject_unknown_command(word: str, err: TextIO | None = None) -> int:
    """Usage error for a first word that is neither a command nor an existing path.

    Without this, ``main.py dmarc report.xml`` would open the desktop window on two missing
    files, and headless it would never return."""
    err = err or sys.stderr
    build_parser().print_usage(err)
    hint = difflib.get_close_matches(word, COMMANDS, n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    err.write(
        f"main.py: error: {word!r} is neither a command ({', '.join(COMMANDS)}) nor an "
        f"existing file or folder{suggestion}\n"
    )
    return 2


def options_from_args(args: argparse.Namespace) -> AnalysisOptions:
    return AnalysisOptions(
        offline=args.offline,
        dns_servers=tuple(args.dns_server),
        dns_timeout=max(0.05, args.dns_timeout),
        dns_budget=max(0.1, args.dns_budget),
        replay_dns=args.replay_dns,
        save_dns=args.save_dns,
        rdap=not args.no_rdap,
        rdap_bootstrap=args.rdap_bootstrap,
        intel=not args.no_intel,
    )


def _cmd_report(
    args: argparse.Namespace, out: TextIO, err: TextIO, pdf_writer: PdfWriter | None
) -> int:
    request = ReportRequest(
        paths=tuple(args.paths),
        output=args.output,
        options=options_from_args(args),
        redact=args.redact,
        redact_domains=tuple(args.redact_domain),
        force=args.force,
        workers=args.workers or 8,
        report=report_options_from_args(args),
    )
    return write_report(request, pdf_writer=pdf_writer, out=out, err=err)


def _cmd_domain(args: argparse.Namespace, out: TextIO) -> int:
    options = options_from_args(args)
    resolver = Resolver(options)
    try:
        rdap = rdap_for(options, resolver)
        posture = check_domain(args.domain, resolver.session(), rdap, now=datetime.now(UTC))
    finally:
        resolver.close()
    if args.json:
        out.write(json.dumps(posture.to_dict(), ensure_ascii=False) + "\n")
    else:
        out.write(format_domain_posture(posture) + "\n")
    return 0


def _cmd_catalogue(out: TextIO) -> int:
    out.write(render_catalogue())
    return 0


def _unfailing(stream: TextIO) -> TextIO:
    """The terminal stream, set to escape what its encoding cannot hold instead of raising.

    Text we print is made visible first (``inspector.report.visible_text``); this covers the
    rest, e.g. a Chinese subject on a Latin-1 terminal: one message must never end a run."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="backslashreplace")
    return stream


def main(
    argv: Sequence[str] | None = None,
    *,
    pdf_writer: PdfWriter | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or _unfailing(sys.stdout)
    err = err or _unfailing(sys.stderr)
    parser = build_parser()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    try:
        if args.command == "analyze":
            return run_analyze(args, options_from_args(args), out, err)
        if args.command == "report":
            return _cmd_report(args, out, err, pdf_writer)
        if args.command == "domain":
            return _cmd_domain(args, out)
        if args.command == "case":
            return run_case(args, options_from_args(args), out, err)
        return _cmd_catalogue(out)
    except UsageError as exc:
        err.write(f"error: {exc}\n")
        return 2
    except InspectorError as exc:
        err.write(f"error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
