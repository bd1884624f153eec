"""The yearly run (runner.py). Its scheduler's contract (incremental, exclusive, safe to kill, the manifest) is in
test_run_safety.py, and whole runs of the real notebooks in test_end_to_end.py."""

import json

from .conftest import activity, write_workbook


def test_a_workbook_of_no_sector_is_reported_not_silently_ignored(tmp_path, capsys):
    from intl_report.cli import main

    write_workbook(tmp_path / "raw" / "2025" / "attivita varie.xlsx", [activity()])
    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity()])
    status = main(["run", "--year", "2025", "--sector", "sport", "--raw-dir", str(tmp_path / "raw"),
                   "--processed-dir", str(tmp_path / "processed"), "--output-dir", str(tmp_path / "out")])
    assert status == 3  # the other sectors were not processed
    err = capsys.readouterr().err
    assert "File non letto: attivita varie.xlsx – il nome non corrisponde a nessun settore" in err
    manifest = json.loads((tmp_path / "out" / "2025" / "rapporto-internazionalizzazione-2025.manifest.json").read_text())
    assert manifest["unrecognised_inputs"] == ["attivita varie.xlsx"]
    assert manifest["other_inputs"][0]["file"] == "attivita varie.xlsx" and manifest["other_inputs"][0]["sector"] is None
