"""The command line itself: argument handling, exit statuses, help (what each command does is tested with its module:
test_validate.py, test_template.py, test_runner.py)."""

from intl_report.cli import main


def test_misuse_exits_2(capsys):
    assert main(["validate"]) == 2
    assert main(["run", "--year", "abc"]) == 2
    assert main(["template", "--year", "2025", "-o", "x.xlsx"]) == 2


def test_run_help_documents_the_folders_and_exit_statuses(capsys):
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("--year", "--jobs", "--force", "--final", "--lang", "data/raw", "stato di uscita", "BOZZA"):
        assert word in out


def test_template_writes_the_workbook(tmp_path, capsys):
    assert main(["template", "--sector", "sport", "--year", "2025", "-o", str(tmp_path / "s.xlsx")]) == 0
    assert (tmp_path / "s.xlsx").exists()
