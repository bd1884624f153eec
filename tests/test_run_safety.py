"""The yearly run as a scheduler sees it: incremental, exclusive, safe to kill, with a manifest."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intl_report.cli import main
from intl_report.registry import load_registry
from intl_report.render import render_pdf
from intl_report.report_texts import render_metadata
from intl_report.runstate import RunInProgress, YearLock

from .conftest import activity, write_workbook

pytestmark = pytest.mark.e2e


def write_year(raw_year: Path) -> None:
    for index, sector in enumerate(load_registry().sectors):
        write_workbook(raw_year / f"{sector.slug}.xlsx",
                       [activity(Titolo=f"Attività {sector.slug}", **{"Data inizio": dt.datetime(2025, 1 + index % 10, 1)})])


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("safe")
    write_year(root / "raw" / "2025")
    args = ["run", "--year", "2025", "--raw-dir", str(root / "raw"), "--processed-dir", str(root / "processed"),
            "--output-dir", str(root / "out"), "--edition-date", "2026-01-31", "--engine", "embedded",
            "--executor", os.environ.get("INTL_TEST_EXECUTOR", "warm")]
    assert main(args) == 0
    return root, args


def manifest(root: Path) -> dict:
    return json.loads((root / "out" / "2025" / "rapporto-internazionalizzazione-2025.manifest.json").read_text())


def pdf(root: Path) -> Path:
    return root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf"


def test_the_manifest_records_inputs_parameters_versions_steps_and_the_pdf(first_run):
    root, _ = first_run
    record = manifest(root)
    assert len(record["inputs"]) == 16
    assert {"file", "bytes", "sha256"} <= set(record["inputs"][0])
    assert record["parameters"]["year"] == 2025 and record["parameters"]["lang"] == "it"
    for package in ("intl-report", "pandas", "papermill", "matplotlib", "typst", "pandoc"):
        assert package in record["versions"]
    assert {step["step"] for step in record["steps"]} >= {"clean-sport", "cross-sector", "report-it", "render-it"}
    assert all("seconds" in step for step in record["steps"])
    assert record["pdf"]["sha256"] and record["complete"] is True
    assert record["executor_used"] == record["parameters"]["executor"]


def test_a_rerun_on_unchanged_data_skips_every_step_and_keeps_the_same_pdf(first_run):
    root, args = first_run
    before = pdf(root).read_bytes()
    assert main(args) == 0
    assert {step["status"] for step in manifest(root)["steps"]} == {"skipped"}
    assert pdf(root).read_bytes() == before


def chapter_files(root: Path) -> dict[str, int]:
    """The Typst of each chapter kept between renders, and when it was written."""
    cache = root / "processed" / "2025" / ".render-cache" / "it"
    return {path.name: path.stat().st_mtime_ns for path in cache.glob("*.typ") if path.name != "report.typ"}


def test_force_reruns_everything_and_gives_the_same_pdf_bytes(first_run):
    root, args = first_run
    before = pdf(root).read_bytes()
    chapters = chapter_files(root)
    assert main([*args, "--force"]) == 0
    assert {step["status"] for step in manifest(root)["steps"]} == {"run"}
    assert pdf(root).read_bytes() == before
    rebuilt = chapter_files(root)  # nothing reused: every chapter converted again
    assert rebuilt.keys() == chapters.keys() and all(rebuilt[name] > chapters[name] for name in chapters)


def test_the_command_itself_never_imports_pandas_the_notebooks_do_the_work(first_run):
    """The command waits for the notebooks; importing pandas there was half a second of every re-run."""
    root, args = first_run
    write_workbook(root / "raw" / "2025" / "urban-center.xlsx", [activity(Titolo="Attività urban center rivista")])
    probe = ("import sys\nfrom intl_report.cli import main\ncode = main(sys.argv[1:])\n"
             "print('pandas' in sys.modules, 'matplotlib' in sys.modules)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False False"
    status = {step["step"]: step["status"] for step in manifest(root)["steps"]}
    assert status["clean-urban-center"] == status["render-it"] == "run"  # it did render, without pandas


def test_changing_one_sector_reruns_that_sector_and_the_later_steps_only(first_run):
    root, args = first_run
    chapters = chapter_files(root)
    write_workbook(root / "raw" / "2025" / "sport.xlsx", [activity(Titolo="Attività sport corretta")])
    assert main(args) == 0
    status = {step["step"]: step["status"] for step in manifest(root)["steps"]}
    assert status["clean-sport"] == "run" and status["cross-sector"] == "run" and status["render-it"] == "run"
    assert status["clean-gioventu"] == "skipped"
    # only the chapters whose text changed were converted again; the PDF is the one a render from scratch gives
    assert len(set(chapter_files(root)) - set(chapters)) < len(chapters) / 2
    fresh = root / "fresh.pdf"
    render_pdf(root / "processed" / "2025" / "notebooks" / "30-report-it.ipynb", fresh, engine="embedded",
               metadata=render_metadata(2025, "it", root / "processed", dt.date(2026, 1, 31)))
    assert fresh.read_bytes() == pdf(root).read_bytes()


def test_a_second_run_for_the_same_year_is_refused_with_a_clear_message(first_run, capsys):
    root, args = first_run
    with YearLock(root / "processed" / "2025"):
        assert main(args) == 1
    assert "un'altra esecuzione" in capsys.readouterr().err
    with YearLock(root / "processed" / "2025"), pytest.raises(RunInProgress):
        with YearLock(root / "processed" / "2025"):
            pass


def test_a_run_killed_midway_leaves_the_previous_report_intact_and_the_next_run_completes(first_run):
    root, args = first_run
    before = pdf(root).read_bytes()
    write_workbook(root / "raw" / "2025" / "gioventu.xlsx", [activity(Titolo="Attività gioventù rivista")])
    command = [str(Path(sys.executable).parent / "intl-report"), *args[:], "--force"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    for line in process.stderr:  # wait until some sectors are done, then kill the whole run
        seen.append(line)
        if "[ 3/" in line:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(0.2)
    assert pdf(root).read_bytes() == before
    assert not list((root / "out").rglob("*.part.*"))
    assert main(args) == 0
    assert pdf(root).exists() and pdf(root).read_bytes() != before
    assert not list((root / "processed").rglob("*.part.*"))


def test_a_failing_step_stops_the_run_naming_the_step_sector_and_file(tmp_path, monkeypatch, capsys):
    from intl_report import paths

    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity()])
    monkeypatch.setattr(paths, "CLEAN_NOTEBOOK", Path(__file__).parent / "notebooks" / "broken.ipynb")
    status = main(["run", "--year", "2025", "--sector", "sport", "--raw-dir", str(tmp_path / "raw"),
                   "--processed-dir", str(tmp_path / "processed"), "--output-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert "pulizia, settore sport, file sport.xlsx" in err
    assert "ValueError: bad value" in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))
