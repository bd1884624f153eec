"""The answer to every sector in one step (feedback.py, ``intl-report feedback``)."""

import hashlib
import json
import shutil

import pytest
from openpyxl import load_workbook

from intl_report.cli import main
from intl_report.paths import RAW_DIR
from intl_report.registry import load_registry

from .conftest import activity, write_workbook


def fingerprints(folder):
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture(scope="module")
def round_answered(tmp_path_factory):
    """The bundled 2026 round half-way, copied, answered with a deadline and no processed 2025 (no carry-over)."""
    root = tmp_path_factory.mktemp("round")
    shutil.copytree(RAW_DIR / "2026", root / "raw" / "2026")
    before = fingerprints(root / "raw" / "2026")
    code = main(["feedback", "--year", "2026", "-o", str(root / "risposte"), "--deadline", "2027-02-28",
                 "--raw-dir", str(root / "raw"), "--processed-dir", str(root / "processed")])
    return root, code, before


def test_every_sector_gets_a_folder_with_a_message(round_answered):
    root, code, _ = round_answered
    assert code == 0
    answers = root / "risposte"
    assert sorted(p.name for p in answers.iterdir() if p.is_dir()) == sorted(load_registry().slugs)
    for slug in load_registry().slugs:
        text = (answers / slug / "messaggio.txt").read_text("utf-8")
        assert text.startswith("Oggetto: Attività internazionali 2026 – ")
        assert "tavolo.internazionale@comune.torino.it" in text  # the registry's secretariat by default


def test_a_sector_with_errors_gets_its_copy_to_correct_and_what_to_fix(round_answered):
    root, _, _ = round_answered
    folder = root / "risposte" / "sport"
    assert sorted(p.name for p in folder.iterdir()) == ["messaggio.txt", "sport-da-correggere.xlsx"]
    text = (folder / "messaggio.txt").read_text("utf-8")
    assert "file da correggere" in text and "2 righe su 19" in text
    assert "riga 12, colonna «Data inizio»: data inesistente (31/02/2026)" in text
    assert "Il termine per l'invio è il 28/02/2027." in text
    workbook = load_workbook(folder / "sport-da-correggere.xlsx")
    assert workbook.sheetnames[0] == "Problemi"


def test_a_valid_file_is_acknowledged_without_a_deadline(round_answered):
    root, _, _ = round_answered
    folder = root / "risposte" / "cooperazione-pace"
    assert [p.name for p in folder.iterdir()] == ["messaggio.txt"]
    text = (folder / "messaggio.txt").read_text("utf-8")
    assert "file accolto" in text and "è accolto: 53 attività" in text and "termine" not in text


def test_a_browsers_copy_is_accepted_and_the_warning_says_to_rename_it(round_answered):
    root, _, _ = round_answered
    text = (root / "risposte" / "gioventu" / "messaggio.txt").read_text("utf-8")
    assert "con avvisi da controllare" in text and "rinominarlo «gioventu.xlsx»" in text
    copy = load_workbook(root / "risposte" / "gioventu" / "gioventu-da-correggere.xlsx")
    listed = [str(cell.value) for row in copy["Problemi"].iter_rows() for cell in row if cell.value]
    assert any("è una copia" in text for text in listed)


def test_a_missing_or_unreadable_sector_gets_a_reminder_and_its_template(round_answered):
    root, _, _ = round_answered
    missing = root / "risposte" / "tempi-orari"
    assert sorted(p.name for p in missing.iterdir()) == ["messaggio.txt", "tempi-orari.xlsx"]
    assert "non abbiamo ancora ricevuto il file" in (missing / "messaggio.txt").read_text("utf-8")
    assert "Attività" in load_workbook(missing / "tempi-orari.xlsx").sheetnames
    csv = (root / "risposte" / "comunicazione-promozione" / "messaggio.txt").read_text("utf-8")
    assert "«comunicazione-promozione.csv»" in csv and "non può essere letto: è un file CSV" in csv
    assert (root / "risposte" / "comunicazione-promozione" / "comunicazione-promozione.xlsx").exists()


def test_the_round_summary_is_written_beside_the_folders(round_answered):
    root, _, _ = round_answered
    status = json.loads((root / "risposte" / "stato.json").read_text("utf-8"))
    assert status["year"] == 2026 and len(status["sectors"]) == 16
    assert (root / "risposte" / "stato.txt").read_text("utf-8").startswith("Raccolta 2026")


def test_nothing_in_the_sectors_folder_is_ever_modified(round_answered):
    root, _, before = round_answered
    assert fingerprints(root / "raw" / "2026") == before


def test_the_answers_folder_cannot_be_the_sectors_folder(tmp_path, capsys):
    write_workbook(tmp_path / "raw" / "2026" / "sport.xlsx", [activity()])
    code = main(["feedback", "--year", "2026", "-o", str(tmp_path / "raw" / "2026" / "risposte"),
                 "--raw-dir", str(tmp_path / "raw")])
    assert code == 2
    assert "non viene mai modificata" in capsys.readouterr().err
    assert not (tmp_path / "raw" / "2026" / "risposte").exists()


def test_an_answer_no_longer_true_is_removed_when_the_sector_sends_a_good_file(tmp_path):
    raw = tmp_path / "raw"
    write_workbook(raw / "2026" / "sport.xlsx", [activity(**{"Data inizio": "31/02/2026"})])
    args = ["feedback", "--year", "2026", "-o", str(tmp_path / "out"), "--raw-dir", str(raw),
            "--processed-dir", str(tmp_path / "processed"), "--contact", "Ufficio relazioni, tel. 011 000"]
    assert main(args) == 0
    assert (tmp_path / "out" / "sport" / "sport-da-correggere.xlsx").exists()
    write_workbook(raw / "2026" / "sport.xlsx", [activity(**{"Data inizio": "03/02/2026", "Data fine": "30/11/2026"})])
    assert main(args) == 0
    assert [p.name for p in (tmp_path / "out" / "sport").iterdir()] == ["messaggio.txt"]
    assert "Ufficio relazioni, tel. 011 000" in (tmp_path / "out" / "sport" / "messaggio.txt").read_text("utf-8")


def test_a_missing_sectors_template_carries_last_years_activities_under_way(tmp_path, processed):
    """With the previous year processed, the reminder's template starts with what is still under way."""
    code = main(["feedback", "--year", "2026", "-o", str(tmp_path / "out"), "--raw-dir", str(tmp_path / "raw"),
                 "--processed-dir", str(processed)])
    assert code == 0
    texts = {p.parent.name: p.read_text("utf-8") for p in (tmp_path / "out").glob("*/messaggio.txt")}
    assert any("dell'anno scorso ancora in corso" in text for text in texts.values())
