"""``main.py report`` as a use case: usage problems refused before any analysis, inputs read
and analysed offline, the summary line, unreadable inputs named and counted."""

from __future__ import annotations

import io
import json
from pathlib import Path

from inspector.cli.report import ReportRequest, write_report
from inspector.options import AnalysisOptions
from tests.support.messages import make_message


def _run(tmp_path: Path, output: str, *inputs: Path, force: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    request = ReportRequest(
        paths=tuple(map(str, inputs)),
        output=str(tmp_path / output),
        options=AnalysisOptions(offline=True),
        force=force,
        workers=1,
    )
    status = write_report(request, pdf_writer=None, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_usage_problems_are_refused_with_status_2(tmp_path: Path) -> None:
    good = tmp_path / "good.eml"
    good.write_bytes(make_message(1))
    assert _run(tmp_path, "r.txt", good)[0] == 2
    assert "unknown report format .txt" in _run(tmp_path, "r.txt", good)[2]
    assert "needs the Qt layer" in _run(tmp_path, "r.pdf", good)[2]
    (tmp_path / "taken.json").write_text("{}")
    status, _, err = _run(tmp_path, "taken.json", good)
    assert status == 2 and "use --force" in err
    assert (tmp_path / "taken.json").read_text() == "{}"


def test_inputs_are_analysed_and_the_file_written(tmp_path: Path) -> None:
    good = tmp_path / "good.eml"
    good.write_bytes(make_message(1, subject="Quarterly figures"))
    status, out, err = _run(tmp_path, "r.json", good)
    assert (status, err) == (0, "")
    assert out.startswith("wrote ") and "(1 message)" in out
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["message"]["subject"] == "Quarterly figures"


def test_unreadable_input_is_named_and_sets_status_1(tmp_path: Path) -> None:
    good = tmp_path / "good.eml"
    good.write_bytes(make_message(1))
    status, out, err = _run(tmp_path, "r.html", good, tmp_path / "gone.eml")
    assert status == 1 and "gone.eml" in err and "(1 message)" in out
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
