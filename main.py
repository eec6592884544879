"""Deliverability Inspector entry point.

No arguments, or paths (the first of which must exist): the desktop application; ``open-case
FILE`` or ``FILE.dicase`` opens a saved case in it. A subcommand (analyze, report, domain,
catalogue, case): the command line, which never needs a display. ``--self-test`` checks a frozen
build end to end (analysis of the bundled samples from their DNS snapshot and a PDF). Any other
first word is a usage error, so a mistyped command never opens a window.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable


def _pdf_writer(parts: Callable[[], Iterable[str]], path: str, title: str) -> None:
    from ui.pdf_writer import write_pdf_parts

    write_pdf_parts(parts, path, title=title)


def main(argv: list[str]) -> int:
    from inspector.cli.main import COMMANDS

    if argv and argv[0] in COMMANDS:
        from inspector.cli.main import main as cli_main

        return cli_main(argv, pdf_writer=_pdf_writer)
    if argv and argv[0] in ("-h", "--help", "--version"):
        from inspector.cli.main import main as cli_main

        return cli_main(argv)
    if argv and (argv[0] == "open-case" or argv[0].endswith(".dicase")):
        from inspector.case.store import load_case
        from inspector.errors import InspectorError

        rest = argv[1:]
        case_path = argv[0] if argv[0] != "open-case" else (rest.pop(0) if rest else "")
        try:
            load_case(case_path)  # refused here, before any window opens
        except InspectorError as exc:
            sys.stderr.write(f"error: {exc}\n")
            return 1
        argv = [*rest, case_path]  # the app opens a case like any path, with its notes
    if argv and argv[0] == "--self-test":
        from ui.selftest import run_self_test

        return run_self_test()
    if argv and not argv[0].startswith("-") and not os.path.exists(argv[0]):
        from inspector.cli.main import reject_unknown_command

        return reject_unknown_command(argv[0])
    from inspector.cli.main import build_gui_parser
    from ui.app import run_app

    return run_app(build_gui_parser().parse_args(argv))


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the frozen app starts its analysis process through itself
    sys.exit(main(sys.argv[1:]))
