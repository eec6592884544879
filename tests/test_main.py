"""``main.py`` as a program: version, help, routing of subcommands to the CLI (which never
needs a display) and the catalogue printed by a real process."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

import main
from inspector import APP_NAME, __version__
from inspector.cli.main import COMMANDS
from inspector.rules.registry import all_specs
from tests.integration.runner import PROJECT, run_main


def test_version_in_a_real_process() -> None:
    run = run_main("--version", timeout=60)
    assert run.status == 0
    assert run.out.strip() == f"{APP_NAME} {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", __version__)


def test_help_in_a_real_process_lists_every_command() -> None:
    run = run_main("--help", timeout=60)
    assert run.status == 0
    assert run.out.startswith("usage: main.py")
    for command in COMMANDS:
        assert command in run.out
    assert run.err == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: main.py {command}")
    if command in ("analyze", "report", "domain"):
        for option in ("--offline", "--dns-server", "--dns-timeout", "--dns-budget"):
            assert option in text


def test_catalogue_in_a_real_process() -> None:
    run = run_main("catalogue", timeout=60)
    assert run.status == 0, run.err
    ids = re.findall(r"^\| `([a-z_]+\.[a-z0-9_]+)` \|", run.out, re.MULTILINE)
    assert len(ids) >= 60
    assert set(ids) == {s.id for s in all_specs()}
    rules = PROJECT / "inspector" / "rules"
    for theme in {i.split(".")[0] for i in ids}:
        if (rules / theme).is_dir():  # a theme grown into a package: the id names its folder
            assert f"## {theme} (`inspector/rules/{theme}/`)" in run.out
        else:
            assert f"## {theme} (`inspector/rules/{theme}.py`)" in run.out
            assert (rules / f"{theme}.py").is_file()


def test_subcommands_go_to_the_cli_not_the_gui(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ui.app

    def no_gui(args: object) -> int:
        raise AssertionError("a subcommand started the GUI")

    monkeypatch.setattr(ui.app, "run_app", no_gui)
    assert main.main(["catalogue"]) == 0
    assert capsys.readouterr().out.startswith("# Findings catalogue")
    assert main.main(["--version"]) == 0
    assert main.main(["domain", "--offline", "example.org"]) == 0


def test_paths_alone_start_the_gui(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ui.app

    seen: list[argparse.Namespace] = []

    def fake_app(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(ui.app, "run_app", fake_app)
    existing = tmp_path / "some.eml"
    existing.write_bytes(b"Subject: x\n\nbody\n")
    assert main.main([str(existing)]) == 0
    assert main.main([]) == 0
    assert main.main(["--replay-dns", "x.json", "--offline", "a.eml", "dir"]) == 0
    assert [a.paths for a in seen] == [[str(existing)], [], ["a.eml", "dir"]]
    assert seen[2].replay_dns == "x.json" and seen[2].offline


@pytest.fixture
def gui_forbidden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fail instead of opening a window; run in an empty folder so no word is a path."""
    import ui.app

    def no_gui(argv: list[str]) -> int:
        raise AssertionError("a mistyped command started the GUI")

    monkeypatch.setattr(ui.app, "run_app", no_gui)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "argv", [["dmarc", "report.xml"], ["analyse", "x.eml"], ["reprot"], ["no-such-file.eml"]]
)
@pytest.mark.usefixtures("gui_forbidden")
def test_unknown_first_word_is_a_usage_error_not_the_gui(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: main.py")
    assert f"{argv[0]!r} is neither a command ({', '.join(COMMANDS)})" in err


@pytest.mark.usefixtures("gui_forbidden")
def test_a_near_miss_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["analyse", "x.eml"]) == 2
    assert "did you mean 'analyze'?" in capsys.readouterr().err


def test_mistyped_command_in_a_real_process_exits_at_once() -> None:
    """Before, headless, this opened the window and never returned."""
    run = run_main("dmarc", "report.xml", timeout=60)
    assert run.status == 2
    assert "neither a command" in run.err and "Traceback" not in run.err


def test_report_gets_a_pdf_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """main.py hands the Qt PDF writer to the CLI; the core alone cannot write PDFs."""
    import inspector.cli.main

    got: dict[str, object] = {}

    def fake_cli(argv: list[str], *, pdf_writer: object = None, **_: object) -> int:
        got["writer"] = pdf_writer
        return 0

    monkeypatch.setattr(inspector.cli.main, "main", fake_cli)
    assert main.main(["report", "x.eml", "-o", "x.pdf"]) == 0
    assert callable(got["writer"])


def test_docs_cli_describes_every_option() -> None:
    """docs/cli.md is the CLI reference: every command and option of the parser is in it."""
    import argparse

    from inspector.cli.main import build_parser

    doc = (PROJECT / "docs" / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for command, subparser in sub.choices.items():
        if f"## `{command}`" not in doc:
            missing.append(command)
        for action in subparser._actions:
            missing += [o for o in action.option_strings if o.startswith("--") and o not in doc]
    assert missing == []


def test_open_case_reports_a_missing_case_without_a_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["open-case", str(tmp_path / "gone.dicase")]) == 1
    assert "no such case file" in capsys.readouterr().err
