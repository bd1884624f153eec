"""Where the round stands (collection.py, ``intl-report status``): one line per sector, every other file named."""

import json
import time

import pytest

from intl_report.cli import main
from intl_report.collection import round_status, status_text
from intl_report.layout import YearLayout
from intl_report.paths import RAW_DIR
from intl_report.registry import load_registry

from .conftest import activity, write_workbook

KEYS = {"sector", "name", "state", "file", "received", "rows_read", "rows_kept", "rows_rejected", "errors",
        "warnings"}


def status_json(capsys, *args) -> tuple[int, dict]:
    code = main(["status", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_the_bundled_round_half_way_shows_every_state(capsys):
    started = time.monotonic()
    code, status = status_json(capsys, "--year", "2026")
    elapsed = time.monotonic() - started
    assert code == 3  # sectors missing, unreadable or with errors
    assert status["year"] == 2026
    assert [s["sector"] for s in status["sectors"]] == list(load_registry().slugs)
    assert all(set(s) == KEYS for s in status["sectors"])
    states = {s["sector"]: s["state"] for s in status["sectors"]}
    assert states["cooperazione-pace"] == "valid"
    assert states["gioventu"] == "warnings"  # its file is a browser's copy
    assert states["sport"] == "errors"
    assert states["comunicazione-promozione"] == "unreadable"  # a CSV
    assert states["tempi-orari"] == "missing"
    assert sorted(set(states.values())) == sorted({"valid", "warnings", "errors", "unreadable", "missing"})
    sport = next(s for s in status["sectors"] if s["sector"] == "sport")
    assert sport["file"] == "sport.xlsx" and sport["errors"] == 2
    assert sport["rows_read"] == sport["rows_kept"] + sport["rows_rejected"] and sport["rows_rejected"] == 2
    assert sport["received"][:4].isdigit() and "T" in sport["received"]
    missing = next(s for s in status["sectors"] if s["sector"] == "tempi-orari")
    assert (missing["file"], missing["received"], missing["rows_read"]) == (None, None, 0)
    assert status["other_files"] == []
    assert elapsed < 20  # "a few seconds for 16 files": the benchmark measures it; this only catches a hang


def test_the_text_names_each_sector_and_why_a_file_is_unreadable(capsys):
    assert main(["status", "--year", "2026"]) == 3
    out = capsys.readouterr().out
    assert out.startswith("Raccolta 2026 – ")
    assert "6 mancanti" in out and "1 illeggibile" in out
    line = next(line for line in out.splitlines() if line.startswith("comunicazione-promozione "))
    assert "illeggibile" in line and "comunicazione-promozione.csv" in line
    assert "comunicazione-promozione.csv: è un file CSV" in out  # validate's own words
    assert "gioventu: il file «gioventu (1).xlsx» è una copia" in out


def test_every_sector_valid_exits_0_warnings_allowed(tmp_path, capsys, monkeypatch):
    registry = tmp_path / "registry.yaml"
    registry.write_text("city: Torino\ntable: Tavolo\nestablished: 2004\nsectors:\n"
                        "  - {slug: sport, name: Settore Sport, kind: Settore}\n"
                        "  - {slug: gioventu, name: Settore Gioventù, kind: Settore}\n", "utf-8")
    monkeypatch.setenv("INTL_REPORT_REGISTRY", str(registry))
    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity()])
    write_workbook(tmp_path / "raw" / "2025" / "gioventu (1).xlsx", [activity(Titolo="Scambio giovani")])
    code, status = status_json(capsys, "--year", "2025", "--raw-dir", str(tmp_path / "raw"))
    assert code == 0
    assert [s["state"] for s in status["sectors"]] == ["valid", "warnings"]


def test_other_files_carry_their_reason_and_sector(tmp_path, capsys):
    raw = tmp_path / "raw" / "2025"
    write_workbook(raw / "sport.xlsx", [activity()])
    write_workbook(raw / "Settore Sport.xlsx", [activity()])
    write_workbook(raw / "attivita varie.xlsx", [activity()])
    (raw / "sport.docx").write_bytes(b"PK\x03\x04")
    code, status = status_json(capsys, "--year", "2025", "--raw-dir", str(tmp_path / "raw"))
    assert code == 3
    others = {o["file"]: o for o in status["other_files"]}
    assert set(others) == {"Settore Sport.xlsx", "attivita varie.xlsx", "sport.docx"}
    assert others["Settore Sport.xlsx"]["sector"] == "sport" and "secondo file" in others["Settore Sport.xlsx"]["reason"]
    assert others["attivita varie.xlsx"]["sector"] is None
    assert all(set(o) == {"file", "reason", "sector"} for o in others.values())
    sport = next(s for s in status["sectors"] if s["sector"] == "sport")
    assert sport["state"] == "warnings" and sport["warnings"] == 1  # the duplicate


def test_a_folder_that_does_not_exist_is_every_sector_missing(tmp_path, capsys):
    assert main(["status", "--year", "2031", "--raw-dir", str(tmp_path)]) == 3
    captured = capsys.readouterr()
    assert "non esiste" in captured.err
    assert "16 mancanti" in captured.out


@pytest.mark.parametrize("argv", [["status"], ["status", "--year", "20x5"], ["status", "--year", "2025",
                                                                           "--format", "xml"]])
def test_misuse_exits_2_in_italian(argv, capsys):
    assert main(argv) == 2
    assert "uso: intl-report status" in capsys.readouterr().err


def test_status_and_the_run_tell_the_same_story(tmp_path):
    """The run reads the folder through the same intake: its summaries give each sector the same state."""
    from intl_report.collection import summary_state
    from intl_report.layout import load_summaries
    from intl_report.pipeline import clean_sector

    raw = tmp_path / "raw"
    write_workbook(raw / "2025" / "gioventu (1).xlsx", [activity()])
    write_workbook(raw / "2025" / "sport.xlsx", [activity(**{"Data inizio": "31/02/2025"})])
    (raw / "2025" / "urban-center.csv").write_text("Titolo;Tipologia\n", "utf-8")
    layout = YearLayout.of(2025, raw, tmp_path / "processed")
    for sector in ("gioventu", "sport", "urban-center", "tempi-orari"):
        clean_sector(sector, 2025, raw, tmp_path / "processed")
    from_run = {s["sector"]: summary_state(s) for s in load_summaries(layout) if s["status"] != "not_processed"}
    from_status = {s.sector: s.state for s in round_status(layout).sectors if s.sector in from_run}
    assert from_run == from_status == {"gioventu": "warnings", "sport": "errors", "urban-center": "unreadable",
                                       "tempi-orari": "missing"}


def test_the_status_text_in_english_follows_intl_report_language(monkeypatch):
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    text = status_text(round_status(YearLayout.of(2026, RAW_DIR)))
    assert text.startswith("Collection 2026 – ")
    assert "missing" in text
