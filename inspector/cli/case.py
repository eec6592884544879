"""``main.py case OUT.dicase PATH...``: analyse inputs into a case file (messages copied,
DNS and RDAP answers recorded, notes kept); ``analyze CASE.dicase`` reads one back offline."""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from inspector.case.run import create_case, reanalyse_case
from inspector.case.store import CASE_SUFFIX, load_case, save_case
from inspector.model.case import ReportSettings
from inspector.model.report import Report
from inspector.options import AnalysisOptions


def add_case_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    c = sub.add_parser("case", help="analyse inputs into a case file that reopens offline")
    c.add_argument("output", metavar=f"OUT{CASE_SUFFIX}")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--title", default="", help="the engagement's name")
    c.add_argument("--note", default="", help="the analyst's notes for the whole case")
    c.add_argument(
        "--message-note",
        action="append",
        default=[],
        metavar="PATH=TEXT",
        help="a note on one input (repeatable)",
    )
    c.add_argument("--redact", action="store_true", help="report setting: redact recipients")
    c.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    return c


def run_case(args: argparse.Namespace, options: AnalysisOptions, out: TextIO, err: TextIO) -> int:
    if os.path.exists(args.output) and not args.force:
        err.write(f"error: {args.output} exists; use --force to overwrite it\n")
        return 2
    notes = dict(n.split("=", 1) for n in args.message_note if "=" in n)
    contents, reports, errors = create_case(
        args.paths,
        options,
        title=args.title,
        notes=args.note,
        message_notes=notes,
        report=ReportSettings(redact=args.redact),
    )
    for error in errors:
        err.write(f"error: {error.path}: {error.message}\n")
    if not reports:
        err.write("error: no message could be analysed; no case written\n")
        return 1
    save_case(args.output, contents)
    out.write(f"wrote {args.output} ({len(reports)} messages)\n")
    return 1 if errors else 0


def reports_from_case(path: str, options: AnalysisOptions) -> list[Report]:
    """The case's messages analysed again from its own recording (options say only what to
    check, never where to ask: a case never goes to the network)."""
    return reanalyse_case(load_case(path), options)
