"""Which file is whose (intake.py): the folder read once, every file given to its sector or listed with why not."""

import os

from intl_report.intake import take_in
from intl_report.layout import YearLayout

from .conftest import activity, write_workbook


def folder(tmp_path, names: dict[str, bytes | None]) -> YearLayout:
    raw = tmp_path / "raw" / "2026"
    for name, content in names.items():
        if content is None:
            write_workbook(raw / name, [activity()])
        else:
            raw.mkdir(parents=True, exist_ok=True)
            (raw / name).write_bytes(content)
    return YearLayout.of(2026, tmp_path / "raw", tmp_path / "processed")


def test_a_workbook_named_after_the_sector_as_people_write_it_is_its_file(tmp_path):
    intake = take_in(folder(tmp_path, {"Settore Sport.xlsx": None, "Gioventù.xlsx": None}))
    assert intake.file("sport").name == "Settore Sport.xlsx"
    assert intake.file("gioventu").name == "Gioventù.xlsx"
    assert intake.others == [] and intake.warnings == {}


def test_a_browsers_copy_is_taken_as_the_sectors_file_with_a_warning(tmp_path):
    intake = take_in(folder(tmp_path, {"gioventu (1).xlsx": None, "Sport - copia.xlsx": None,
                                       "Copia di urban-center.xlsx": None}))
    assert intake.file("gioventu").name == "gioventu (1).xlsx"
    assert intake.file("sport").name == "Sport - copia.xlsx"
    assert intake.file("urban-center").name == "Copia di urban-center.xlsx"
    [warning] = intake.warnings_of("gioventu")
    assert "«gioventu (1).xlsx» è una copia" in warning and "rinominarlo «gioventu.xlsx»" in warning
    assert intake.others == []


def test_two_files_for_one_sector_are_a_duplicate_of_that_sector(tmp_path):
    layout = folder(tmp_path, {"sport.xlsx": None, "Settore Sport.xlsx": None})
    intake = take_in(layout)
    assert intake.file("sport").name == "sport.xlsx"  # the surer name wins
    [other] = intake.others
    assert (other.path.name, other.sector) == ("Settore Sport.xlsx", "sport")
    assert "secondo file per il settore «sport»" in other.reason and "viene letto «sport.xlsx»" in other.reason
    assert "Settore Sport.xlsx" in intake.warnings_of("sport")[0]


def test_between_two_copies_the_newer_file_is_read(tmp_path):
    layout = folder(tmp_path, {"sport (1).xlsx": None, "sport (2).xlsx": None})
    os.utime(layout.raw / "sport (1).xlsx", (2_000_000_000, 2_000_000_000))
    os.utime(layout.raw / "sport (2).xlsx", (1_900_000_000, 1_900_000_000))
    intake = take_in(layout)
    assert intake.file("sport").name == "sport (1).xlsx"
    assert [o.path.name for o in intake.others] == ["sport (2).xlsx"]


def test_a_csv_named_after_a_sector_that_sent_nothing_else_is_its_file(tmp_path):
    intake = take_in(folder(tmp_path, {"sport.csv": b"Titolo;Tipologia\r\nForum;evento\r\n"}))
    assert intake.file("sport").name == "sport.csv"  # so the sector is unreadable, not missing
    assert intake.others == []


def test_a_cover_note_beside_the_workbook_is_mentioned_not_read(tmp_path):
    intake = take_in(folder(tmp_path, {"sport.xlsx": None, "sport.docx": b"PK\x03\x04note"}))
    assert intake.file("sport").name == "sport.xlsx"
    [other] = intake.others
    assert other.sector == "sport" and "file Word del settore «sport»" in other.reason
    assert "vengono lette da «sport.xlsx»" in other.reason


def test_a_file_of_no_sector_is_listed_with_the_sector_its_name_is_closest_to(tmp_path):
    intake = take_in(folder(tmp_path, {"tempi-orar.xlsx": None, "attivita varie.xlsx": None,
                                       "nota-sport.pdf": b"%PDF-1.4", "~$sport.xlsx": b"lock"}))
    reasons = {o.path.name: (o.sector, o.reason) for o in intake.others}
    assert reasons["tempi-orar.xlsx"][0] == "tempi-orari"
    assert "forse «tempi-orari»?" in reasons["tempi-orar.xlsx"][1]
    assert reasons["attivita varie.xlsx"][0] is None
    assert "non corrisponde a nessun settore" in reasons["attivita varie.xlsx"][1]
    assert reasons["nota-sport.pdf"][0] == "sport" and "file PDF" in reasons["nota-sport.pdf"][1]
    assert "file temporaneo" in reasons["~$sport.xlsx"][1]
    assert all(path is None for path in intake.files.values())


def test_subfolders_and_hidden_files_are_not_the_sectors_business(tmp_path):
    layout = folder(tmp_path, {".DS_Store": b"x"})
    (layout.raw / "testi").mkdir()
    assert take_in(layout).others == []
