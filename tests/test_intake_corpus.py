"""The intake contract, file by file: messy workbooks are read as a patient colleague would,
broken ones get one clear Italian answer (never a traceback), and no row is ever lost.

Every workbook is built by :mod:`tests.corpus` in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import tracemalloc
import zipfile

import pandas as pd
import pytest

from intl_report.cleaning import clean_table
from intl_report.cli import main
from intl_report.containers import MAX_DATA_ROWS, WorkbookError
from intl_report.reading import read_workbook

from . import corpus


def clean(path, sector="sport"):
    return clean_table(read_workbook(path), sector, 2025)


def refusal(path) -> str:
    """The message read_workbook gives for a file it cannot use."""
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    problem = info.value.problem
    assert problem.severity == "error" and problem.file == path.name
    return problem.message


def validate_json(capsys, *args) -> tuple[int, list[dict]]:
    code = main(["validate", "--format", "json", *map(str, args)])
    return code, json.loads(capsys.readouterr().out)


def annotated_copy(folder):
    """The one annotated copy ``validate --annotate`` wrote into ``folder`` (its name is the annotator's)."""
    [copy] = folder.iterdir()
    return copy


# --------------------------------------------------------------------------- headers and layout


def test_headers_in_any_order_case_words_language_with_line_breaks_are_recognised(tmp_path):
    table = read_workbook(corpus.build_messy_headers(tmp_path))
    assert {col.name: position for position, col in table.columns.items()} == {
        "start_date": 0, "title": 1, "type": 2, "partner_countries": 3, "total_budget": 4, "end_date": 5,
        "partner_cities": 6, "status": 8,
    }
    assert table.headers["start_date"] == "Data di\ninizio"  # shown to the referent as written


def test_title_and_logo_rows_above_the_header_are_skipped_even_when_merged(tmp_path):
    result = clean(corpus.build_messy_headers(tmp_path))
    assert result.clean["source_row"].tolist() == [5]
    row = result.clean.iloc[0]
    assert (row["title"], row["type"], row["status"]) == ("Gemellaggio con Lione", "gemellaggio_accordo", "in_corso")
    assert (row["start_date"], row["end_date"]) == (pd.Timestamp(2025, 3, 1), pd.Timestamp(2025, 12, 31))
    assert (row["partner_countries"], row["total_budget"], row["partner_cities"]) == (["FR"], 1000.0, ["Lione"])


def test_an_unknown_column_is_only_a_warning_naming_the_column_and_the_file_stays_valid(tmp_path, capsys):
    path = corpus.build_extra_column(tmp_path)
    code, problems = validate_json(capsys, path)
    assert code == 0
    assert [(p["severity"], p["column"], p["row"]) for p in problems] == [("warning", "Protocollo", 2)]
    assert "colonna E" in problems[0]["message"] and "ignorata" in problems[0]["message"]


def test_a_second_column_with_the_same_meaning_is_a_warning_that_names_the_first(tmp_path):
    [problem] = read_workbook(corpus.build_duplicate_column(tmp_path)).problems
    assert problem.severity == "warning" and problem.column == "Paese"
    assert "colonna doppia" in problem.message and "«Paesi partner»" in problem.message


def test_a_value_merged_over_several_rows_belongs_to_each_of_them(tmp_path):
    result = clean(corpus.build_merged_type(tmp_path))
    assert result.rejected.empty
    assert result.clean["type"].tolist() == ["delegazione_ricevuta"] * 3 + ["premio"]


def test_hidden_rows_are_read_as_activities_with_a_warning_on_each(tmp_path):
    table = read_workbook(corpus.build_hidden_and_empty_rows(tmp_path))
    titles = [cells[0] for _, cells in table.rows]
    assert "Nascosta" in titles
    [warning] = table.problems
    assert (warning.severity, warning.row) == ("warning", 4) and "riga nascosta" in warning.message


def test_empty_and_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(tmp_path):
    table = read_workbook(corpus.build_hidden_and_empty_rows(tmp_path))
    assert [row for row, _ in table.rows] == [3, 4, 6, 9]


def test_the_activity_sheet_is_found_by_content_when_it_is_the_third(tmp_path):
    table = read_workbook(corpus.build_activity_sheet_not_first(tmp_path))
    assert (table.sheet, table.header_row, len(table.rows)) == ("Dati 2025", 2, 1)


def test_a_table_starting_in_column_c_is_read_and_annotated_in_the_right_cell(tmp_path):
    import openpyxl

    path = corpus.build_offset_table(tmp_path)
    result = clean(path)
    assert result.clean["title"].tolist() == ["Prima"] and result.rejected["source_row"].tolist() == [6]
    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(path)]) == 1
    sheet = openpyxl.load_workbook(annotated_copy(tmp_path / "annotati"))["Attività"]
    assert sheet["D6"].comment is not None and "elenco" in sheet["D6"].comment.text


def test_an_error_in_a_merged_cell_is_annotated_on_the_merge_without_failing(tmp_path):
    import openpyxl

    path = corpus.build_merged_type(tmp_path, merged_type="workshop")
    assert clean(path).rejected["source_row"].tolist() == [4, 5, 6]
    from intl_report.annotated import ERROR_FILL

    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(path)]) == 1
    sheet = openpyxl.load_workbook(annotated_copy(tmp_path / "annotati"))["Attività"]
    assert sheet["B4"].comment is not None and sheet["B4"].fill.start_color.rgb.endswith(ERROR_FILL)
    assert sheet["B4"].comment.text.count("Errore") == 3  # one note per row of the merge


# --------------------------------------------------------------------------- formats


def test_an_xlsm_workbook_is_read_and_its_macros_are_kept_in_the_annotated_copy_never_run(tmp_path):
    path = corpus.build_xlsm(tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    assert len(clean(path).clean) == 2
    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(path)]) == 0
    with zipfile.ZipFile(annotated_copy(tmp_path / "annotati")) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()


def test_an_ods_workbook_is_read_with_its_dates_amounts_and_row_spans(tmp_path):
    result = clean(corpus.build_ods(tmp_path))
    assert result.rejected.empty
    assert result.clean["type"].tolist() == ["promozione", "promozione", "formazione"]
    assert result.clean["start_date"].tolist()[:2] == [pd.Timestamp(2025, 10, 15), pd.Timestamp(2025, 4, 3)]
    assert result.clean["total_budget"].tolist()[:2] == [8000.0, 1500.0]
    assert result.clean["source_row"].tolist() == [4, 5, 6]


def test_a_hidden_ods_row_is_read_with_a_warning(tmp_path):
    [warning] = read_workbook(corpus.build_ods(tmp_path)).problems
    assert (warning.severity, warning.row) == ("warning", 6) and "riga nascosta" in warning.message


def test_an_excel_97_xls_workbook_is_read_from_its_second_sheet_with_merges(tmp_path):
    result = clean(corpus.build_xls(tmp_path))
    assert result.rejected.empty and result.clean["source_sheet"].iloc[0] == "Attività"
    assert result.clean["type"].tolist() == ["evento_internazionale"] * 2
    assert result.clean["start_date"].tolist() == [pd.Timestamp(2025, 5, 10), pd.Timestamp(2025, 2, 3)]
    assert result.clean["partner_countries"].tolist() == [["FR", "ES"], ["US"]]
    assert result.clean["total_budget"].tolist() == [12500.0, 2000.0]


def test_a_workbook_with_the_wrong_extension_is_read_by_its_content(tmp_path):
    xls_named_xlsx = corpus.build_xls(tmp_path).rename(tmp_path / "vecchio.xlsx")
    xlsx_named_xls = corpus.build_valid(tmp_path).rename(tmp_path / "nuovo.xls")
    assert len(read_workbook(xls_named_xlsx).rows) == 2
    assert len(read_workbook(xlsx_named_xls).rows) == 2


def test_every_date_amount_list_and_country_format_reaches_the_clean_table(tmp_path):
    result = clean(corpus.build_messy_values(tmp_path))
    assert result.rejected.empty, result.rejected["reasons"].tolist()
    for (_, row), (_, expected) in zip(result.clean.iterrows(), corpus.MESSY_VALUES, strict=True):
        start, end, countries, budget, cities = expected
        assert row["start_date"] == pd.Timestamp(start), row["title"]
        assert row["end_date"] == pd.Timestamp(end), row["title"]
        assert row["partner_countries"] == countries, row["title"]
        assert row["total_budget"] == budget, row["title"]
        assert row["partner_cities"] == cities, row["title"]


def test_an_unknown_country_is_an_error_located_in_the_sheet_that_suggests_the_closest_match(tmp_path):
    result = clean(corpus.build_unknown_country(tmp_path))
    assert result.clean.empty
    problem = next(p for p in result.problems if p.severity == "error")
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("Attività", 3, "Paesi partner",
                                                                           "Germnia; Francia")
    assert "Germania" in problem.message


def test_the_same_activity_entered_twice_by_a_sector_is_flagged_and_kept_once(tmp_path):
    result = clean(corpus.build_duplicate(tmp_path))
    assert result.clean["title"].tolist() == ["Forum Eurocities", "Altro"]
    [reasons] = result.rejected["reasons"].tolist()
    assert "duplicata" in reasons and "riga 3" in reasons and "cancellare" in reasons


def test_a_template_without_activities_validates_with_a_warning_that_the_sheet_is_empty(tmp_path, capsys):
    code, problems = validate_json(capsys, corpus.build_template_without_rows(tmp_path))
    assert code == 0
    assert [p["severity"] for p in problems] == ["warning"]
    assert "il foglio non contiene attività" in problems[0]["message"]


# --------------------------------------------------------------------------- what other programs write


def _validated(path):
    from intl_report.validate import validate_file

    return validate_file(path)


@pytest.mark.parametrize("build", [corpus.build_libreoffice_xlsx, corpus.build_libreoffice_ods],
                         ids=["xlsx", "ods"])
def test_a_workbook_saved_by_libreoffice_is_read_with_its_dates_and_amounts(tmp_path, build):
    path = build(tmp_path)
    report = _validated(path)
    assert (report.problems, report.rows_read, report.rows_kept) == ([], 3, 3)
    result = clean(path)
    assert result.clean["title"].tolist() == corpus.LIBREOFFICE_TITLES
    assert result.clean["start_date"].tolist() == [pd.Timestamp(2025, 2, 3), pd.Timestamp(2025, 3, 1),
                                                   pd.Timestamp(2025, 10, 15)]
    assert result.clean["total_budget"].tolist() == [12500.0, 8000.0, 1500.0]


@pytest.mark.parametrize("build", [corpus.build_style_only_cells_to_the_last_row,
                                   corpus.build_empty_rows_to_the_last_row, corpus.build_libreoffice_ods],
                         ids=["style-only-cells", "empty-rows", "ods-repeated-empty-rows"])
def test_formatting_down_to_the_last_row_is_not_data_and_the_workbook_is_read(tmp_path, build):
    path = build(tmp_path)
    started = time.perf_counter()
    report = _validated(path)
    assert time.perf_counter() - started < 10
    assert (report.problems, report.rows_read, report.rows_kept) == ([], 3, 3)


def test_a_workbook_with_backslashes_in_its_member_names_is_read(tmp_path):
    path = corpus.build_backslash_names(tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert "xl\\workbook.xml" in archive.namelist()
    report = _validated(path)
    assert (report.problems, report.sheet, report.rows_read, report.rows_kept) == ([], "Attività", 3, 3)
    assert clean(path).clean["title"].tolist() == corpus.LIBREOFFICE_TITLES


@pytest.mark.parametrize(("workbook", "package_rels"), [
    ("foglio/principale.xml", True), ("workbook.xml", True), ("foglio/workbook.xml", False),
], ids=["renamed", "at-the-root", "found-through-content-types"])
def test_a_package_whose_parts_live_elsewhere_is_read_through_its_own_indexes(tmp_path, workbook, package_rels):
    path = corpus.build_parts_elsewhere(tmp_path, workbook, package_rels)
    with zipfile.ZipFile(path) as archive:
        assert "xl/workbook.xml" not in archive.namelist()
    report = _validated(path)
    assert (report.problems, report.sheet, report.rows_read, report.rows_kept) == ([], "Attività", 3, 3)
    assert clean(path).clean["title"].tolist() == corpus.LIBREOFFICE_TITLES


@pytest.mark.parametrize(("suffix", "name"), [
    ("xlsx", "protetto.xlsx"), ("xls", "protetto.xls"), ("ods", "protetto.ods"),
    ("xlsx", "rinominato.xls"), ("xls", "rinominato.xlsx"), ("ods", "rinominato.xlsx"),
])
def test_a_password_protected_workbook_is_named_protected_with_how_to_remove_the_password(tmp_path, suffix, name):
    path = corpus.build_protected(tmp_path, suffix).rename(tmp_path / name)
    report = _validated(path)
    [problem] = report.problems
    assert (problem.severity, problem.file, problem.sheet, problem.row) == ("error", name, None, None)
    assert "protetto da password" in problem.message
    assert "Crittografa con password" in problem.message and "«Salva con password»" in problem.message
    assert "danneggiato" not in problem.message and "file originale" not in problem.message


def test_a_value_repeated_down_an_ods_column_to_the_last_row_is_refused_at_once(tmp_path):
    path = corpus.build_ods_value_repeated_to_the_last_row(tmp_path)
    started = time.perf_counter()
    [problem] = _validated(path).problems
    assert time.perf_counter() - started < 2
    assert problem.sheet == "Attività"
    assert "1.048.575" in problem.message and "eliminare le righe in fondo" in problem.message


@pytest.mark.parametrize(("build", "extent"), [
    (corpus.build_ods_value_repeated_across, "1.060 righe per 16.384 colonne"),
    (corpus.build_value_far_right, "400 righe per 16.384 colonne"),
], ids=["ods", "xlsx"])
def test_a_value_in_the_sheets_last_column_is_refused_naming_the_extent(tmp_path, build, extent):
    [problem] = _validated(build(tmp_path)).problems
    assert problem.sheet == "Attività" and extent in problem.message and "a destra della tabella" in problem.message


def test_identical_hidden_rows_repeated_in_an_ods_are_each_an_activity_with_a_warning(tmp_path):
    table = read_workbook(corpus.build_ods_repeated_hidden_rows(tmp_path))
    assert [row for row, _ in table.rows] == [4, 5, 6, 7]
    assert [(p.row, "riga nascosta" in p.message) for p in table.problems] == [(6, True), (7, True)]


@pytest.mark.parametrize("build", [corpus.build_xls_impossible_used_range, corpus.build_ods_malformed_content],
                         ids=["xls-aborting-calamine", "ods-looping-calamine"])
def test_a_damaged_file_that_would_crash_or_hang_the_reader_gets_one_message(tmp_path, build):
    # In a process of its own, with a time limit: unguarded, calamine aborts the process (the .xls) or never ends
    # (the .ods), and would take the test run with it.
    import subprocess
    import sys

    path = build(tmp_path)
    command = ("import sys; from intl_report.cli import main; "
               "sys.exit(main(['validate', '--format', 'json', sys.argv[1]]))")
    run = subprocess.run([sys.executable, "-c", command, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    [problem] = json.loads(run.stdout)
    assert problem["severity"] == "error" and "danneggiato" in problem["message"]


READABLE = [
    corpus.build_valid, corpus.build_messy_headers, corpus.build_merged_type, corpus.build_hidden_and_empty_rows,
    corpus.build_activity_sheet_not_first, corpus.build_extra_column, corpus.build_messy_values,
    corpus.build_unknown_country, corpus.build_duplicate, corpus.build_template_without_rows, corpus.build_xlsm,
    corpus.build_ods, corpus.build_xls, corpus.build_offset_table, corpus.build_duplicate_column,
    corpus.build_libreoffice_xlsx, corpus.build_libreoffice_ods, corpus.build_style_only_cells_to_the_last_row,
    corpus.build_backslash_names, corpus.build_parts_elsewhere, corpus.build_ods_repeated_hidden_rows,
]


@pytest.mark.parametrize("build", READABLE, ids=lambda build: build.__name__.removeprefix("build_"))
def test_rows_read_equal_rows_kept_plus_rows_rejected_for_every_readable_file(tmp_path, build):
    path = build(tmp_path)
    table = read_workbook(path)
    result = clean_table(table, "sport", 2025)
    assert result.rows_read == len(table.rows) == len(result.clean) + len(result.rejected)
    assert sorted([*result.clean["source_row"], *result.rejected["source_row"]]) == [row for row, _ in table.rows]
    summary = result.summary()
    assert summary["rows_read"] == summary["rows_kept"] + summary["rows_rejected"]


# --------------------------------------------------------------------------- broken files


def test_a_pdf_renamed_xlsx_is_refused_as_a_pdf(tmp_path):
    message = refusal(corpus.build_pdf_renamed(tmp_path))
    assert "PDF" in message and "modello" in message


def test_a_text_file_renamed_xlsx_is_refused_as_plain_text_with_how_to_save_it(tmp_path):
    message = refusal(corpus.build_text_renamed(tmp_path))
    assert "testo semplice" in message and "salvarlo di nuovo" in message


def test_a_csv_file_is_refused_with_how_to_save_it_as_xlsx(tmp_path):
    message = refusal(corpus.build_csv(tmp_path))
    assert "CSV" in message and ".xlsx" in message


@pytest.mark.parametrize("build", [corpus.build_docx, corpus.build_word_renamed], ids=["docx", "docx-renamed-xlsx"])
def test_a_word_document_is_refused_as_a_document_not_a_spreadsheet(tmp_path, build):
    message = refusal(build(tmp_path))
    assert "Word" in message and "modello" in message


def test_a_truncated_workbook_is_reported_as_incomplete(tmp_path):
    message = refusal(corpus.build_truncated(tmp_path))
    assert "incompleto" in message and "inviare di nuovo" in message


def test_a_workbook_with_damaged_bytes_fails_its_integrity_check_naming_the_part(tmp_path):
    message = refusal(corpus.build_corrupt_zip(tmp_path))
    assert "danneggiato" in message and "xl/worksheets/sheet1.xml" in message


def test_a_password_protected_workbook_is_reported_as_such_with_how_to_remove_the_password(tmp_path):
    message = refusal(corpus.build_encrypted(tmp_path))
    assert "protetto da password" in message and "togliere la password" in message


def test_an_empty_workbook_is_reported_as_empty(tmp_path):
    assert "vuota" in refusal(corpus.build_empty_workbook(tmp_path))


def test_a_sheet_without_a_recognisable_header_names_the_sheets_and_the_expected_columns(tmp_path):
    message = refusal(corpus.build_no_header(tmp_path))
    for part in ("intestazione", "«Attività»", "«Titolo»", "«Tipologia»", "«Data inizio»"):
        assert part in message


def test_a_missing_required_column_is_named_with_the_header_row_to_add_it_to(tmp_path):
    path = corpus.build_missing_required(tmp_path)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    problem = info.value.problem
    assert (problem.sheet, problem.row) == ("Attività", 2)
    assert "«Data inizio»" in problem.message and "riga 2" in problem.message


def test_a_zip_bomb_is_refused_quickly_without_being_expanded(tmp_path):
    path = corpus.build_zip_bomb(tmp_path, megabytes=300)
    assert path.stat().st_size < 5 * 2**20
    tracemalloc.start()
    started = time.perf_counter()
    message = refusal(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "zip bomb" in message and "300 MB" in message
    assert elapsed < 2 and peak < 20 * 2**20


def test_a_zip_bomb_below_the_size_limit_is_still_refused_for_its_compression_ratio(tmp_path):
    assert "zip bomb" in refusal(corpus.build_zip_bomb(tmp_path, megabytes=60))


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"], ids=["shared", "sheet"])
def test_a_billion_laughs_entity_expansion_is_refused_without_being_expanded(tmp_path, part):
    path = corpus.build_xml_bomb(tmp_path, part)
    tracemalloc.start()
    message = refusal(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "XML bomb" in message and part in message
    assert peak < 20 * 2**20


def test_the_annotating_validator_answers_an_xml_bomb_clearly_without_expanding_it(tmp_path, capsys):
    path = corpus.build_xml_bomb(tmp_path)
    code, problems = validate_json(capsys, "--annotate", tmp_path / "annotati", path)
    assert code == 1
    [problem] = problems
    assert problem["row"] is None and "XML bomb" in problem["message"]
    assert not (tmp_path / "annotati").exists() or not any((tmp_path / "annotati").iterdir())


def test_the_annotating_library_refuses_xml_entities_too():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml, which forbids entity declarations


def test_a_sheet_of_100000_activities_is_read_and_cleaned_in_bounded_time(tmp_path):
    path = corpus.build_many_rows(tmp_path, data_rows=MAX_DATA_ROWS)
    started = time.perf_counter()
    result = clean(path)
    assert time.perf_counter() - started < 30
    assert (result.rows_read, len(result.clean)) == (MAX_DATA_ROWS, MAX_DATA_ROWS)


def test_a_sheet_of_more_than_100000_activities_is_refused_with_what_to_do(tmp_path):
    message = refusal(corpus.build_many_rows(tmp_path, data_rows=MAX_DATA_ROWS + 1, name="troppe.xlsx"))
    assert "100.000" in message and "dividere" in message


def test_a_stray_cell_in_the_last_row_is_refused_before_a_million_rows_are_read(tmp_path):
    path = corpus.build_stray_cell(tmp_path)
    started = time.perf_counter()
    message = refusal(path)
    assert time.perf_counter() - started < 2
    assert "1.048.576" in message and "eliminare le righe in fondo" in message


BROKEN = [
    corpus.build_pdf_renamed, corpus.build_text_renamed, corpus.build_csv, corpus.build_docx,
    corpus.build_word_renamed, corpus.build_truncated, corpus.build_corrupt_zip, corpus.build_encrypted,
    corpus.build_empty_workbook, corpus.build_no_header, corpus.build_zip_bomb, corpus.build_xml_bomb,
    corpus.build_stray_cell, corpus.build_protected, corpus.build_ods_value_repeated_to_the_last_row,
    corpus.build_xls_value_in_the_last_cell,
]


@pytest.mark.parametrize("build", BROKEN, ids=lambda build: build.__name__.removeprefix("build_"))
def test_every_broken_file_gets_exit_1_and_one_json_error_for_the_whole_file(tmp_path, capsys, build):
    code, problems = validate_json(capsys, build(tmp_path))
    assert code == 1
    [problem] = problems
    assert problem["severity"] == "error" and problem["row"] is None and problem["column"] is None
    assert problem["message"]


def test_a_missing_required_column_gets_exit_1_and_one_json_error_pointing_at_the_header_row(tmp_path, capsys):
    code, problems = validate_json(capsys, corpus.build_missing_required(tmp_path))
    assert code == 1
    [problem] = problems
    assert (problem["severity"], problem["row"], problem["column"]) == ("error", 2, None)


@pytest.mark.parametrize("seed", range(40))
def test_a_randomly_damaged_workbook_never_raises_anything_but_a_workbook_error(tmp_path, seed):
    data = bytearray(corpus.build_valid(tmp_path, rows=20).read_bytes())
    rng = random.Random(seed)
    if seed % 4 == 0:
        data = data[: rng.randrange(len(data))]
    else:
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    path = tmp_path / "rovinato.xlsx"
    path.write_bytes(bytes(data))
    try:
        table = read_workbook(path)
    except WorkbookError as exc:
        assert exc.problem.message
    else:
        result = clean_table(table, "sport", 2025)
        assert result.rows_read == len(table.rows)


def test_in_the_yearly_cleaning_an_unreadable_file_is_recorded_and_the_other_sectors_go_on(tmp_path):
    from intl_report.layout import YearLayout, completeness, load_summaries
    from intl_report.pipeline import clean_sector

    raw = tmp_path / "raw" / "2025"
    raw.mkdir(parents=True)
    corpus.build_truncated(raw).rename(raw / "sport.xlsx")
    corpus.build_valid(raw, name="gioventu.xlsx")
    broken = clean_sector("sport", 2025, tmp_path / "raw", tmp_path / "processed")
    fine = clean_sector("gioventu", 2025, tmp_path / "raw", tmp_path / "processed")
    assert broken.status == "unreadable" and "incompleto" in broken.problems[0].message
    assert fine.status == "ok" and len(fine.clean) == 2
    summaries = load_summaries(YearLayout.of(2025, tmp_path / "raw", tmp_path / "processed"))
    assert any("sport.xlsx" in issue and "incompleto" in issue for issue in completeness(summaries))


def test_excel_dates_and_text_dates_in_one_column_give_the_same_day(tmp_path):
    from .conftest import activity, write_workbook

    rows = [activity(Titolo="A", **{"Data inizio": dt.datetime(2025, 2, 3)}),
            activity(Titolo="B", **{"Data inizio": "3 febbraio 2025"})]
    result = clean(write_workbook(tmp_path / "date.xlsx", rows))
    assert result.clean["start_date"].nunique() == 1
