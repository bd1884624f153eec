"""The container check: what a file really is and how far its sheets reach, learnt from its bytes."""

import io
import zipfile

import pytest

from intl_report.containers import WorkbookError, check_container
from intl_report.ole import OleFile
from intl_report.reading import read_workbook
from intl_report.sheet_extent import RowScan

from . import corpus


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(tmp_path):
    path = tmp_path / "settore.xlsx"
    path.write_text("questo non è un foglio di calcolo")
    with pytest.raises(WorkbookError, match="danneggiato"):
        read_workbook(path)


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_a_workbook_saved_with_a_password_is_refused_as_protected_by_the_container_check(tmp_path, suffix):
    with pytest.raises(WorkbookError) as info:
        check_container(corpus.build_protected(tmp_path, suffix))
    assert "protetto da password" in info.value.problem.message


def test_an_excel_97_workbook_without_a_password_is_an_xls_container(tmp_path):
    assert check_container(corpus.build_xls(tmp_path)).kind == "xls"


def test_the_compound_file_reader_reads_streams_from_the_file_and_from_its_mini_stream():
    ole = OleFile((corpus.FIXTURES / "protetto-libreoffice.xls").read_bytes())
    assert ole.names["Workbook"][1] >= ole.mini_cutoff  # in the file's own sectors
    assert ole.head("Workbook", 4)[:2] == b"\x09\x08"  # BIFF's BOF record
    assert ole.names["\x05SummaryInformation"][1] < ole.mini_cutoff  # in the mini stream
    assert ole.head("\x05SummaryInformation", 2) == b"\xfe\xff"  # a property set's byte order mark


# --------------------------------------------------------------------------- the extent of a sheet


def _sheet_xml(path, member="xl/worksheets/sheet1.xml") -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def _scan(xml: bytes, chunk: int) -> RowScan:
    scan, tail = RowScan(), b""
    for start in range(0, len(xml), chunk):
        tail = scan.feed(tail + xml[start : start + chunk])
    scan.close()
    return scan


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_the_row_scan_finds_the_same_extent_however_the_xml_is_cut(tmp_path, chunk):
    xml = _sheet_xml(corpus.build_style_only_cells_to_the_last_row(tmp_path))
    scan = _scan(xml, chunk)
    assert (scan.last_row, scan.last_column, scan.hidden) == (6, 5, set())


def test_style_only_cells_and_empty_rows_are_not_data_but_a_value_in_any_cell_is():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
           b'<row r="2"><c r="B2" t="inlineStr"><is><t>testo</t></is></c><c r="C2" s="3"/></row>'
           b'<row r="3" hidden="1"><c r="D3"><f>1+1</f></c></row>'
           b'<row r="4" hidden="1"><c r="Z4" s="1"/></row><row r="900000"></row>'
           b'<row r="1048576" ht="12"><c r="XFD1048576" s="3"/></row></sheetData>'
           b'<extLst><ext><x14:conditionalFormattings><xm:f>Foglio1!$A$1</xm:f></x14:conditionalFormattings></ext>'
           b'</extLst></worksheet>')
    scan = _scan(xml, 1 << 20)
    assert (scan.last_row, scan.last_column, scan.hidden) == (3, 4, {3})


def test_rows_and_cells_without_their_r_attribute_follow_the_ones_before():
    xml = (b'<x:worksheet><x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row><x:row/>'
           b'<x:row><x:c/><x:c/><x:c t="s"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    scan = _scan(xml, 5)
    assert (scan.last_row, scan.last_column) == (3, 3)


def test_a_sheet_cut_short_still_counts_its_last_row(tmp_path):
    xml = _sheet_xml(corpus.build_libreoffice_xlsx(tmp_path))
    scan = _scan(xml[: xml.index(b'<row r="7"')], 4096)
    assert (scan.last_row, scan.last_column) == (6, 5)


def test_hidden_rows_are_recorded_only_where_they_hold_values(tmp_path):
    container = check_container(corpus.build_hidden_empty_rows(tmp_path))
    assert container.hidden_rows == {}
    assert read_workbook(tmp_path / "nascoste-vuote.xlsx").problems == []


def test_a_value_in_the_last_column_is_refused_before_calamine_allocates_its_grid(tmp_path):
    with pytest.raises(WorkbookError) as info:
        check_container(corpus.build_value_far_right(tmp_path))
    problem = info.value.problem
    assert problem.sheet == "Attività" and "400 righe per 16.384 colonne" in problem.message


@pytest.mark.parametrize("build", [corpus.build_ods_value_repeated_to_the_last_row,
                                   corpus.build_ods_value_repeated_across], ids=["down", "across"])
def test_an_ods_value_repeated_without_bound_is_refused_before_calamine_expands_it(tmp_path, build):
    with pytest.raises(WorkbookError) as info:
        check_container(build(tmp_path))
    assert info.value.problem.sheet == "Attività"


def test_the_rows_of_an_ods_are_counted_with_their_repetitions(tmp_path):
    container = check_container(corpus.build_ods_repeated_hidden_rows(tmp_path))
    assert container.hidden_rows == {"Attività": {6, 7}}


def test_an_xls_with_an_impossible_used_range_is_refused_as_damaged_before_calamine_opens_it(tmp_path):
    with pytest.raises(WorkbookError) as info:
        check_container(corpus.build_xls_impossible_used_range(tmp_path))
    assert "Excel 97-2003" in info.value.problem.message and "danneggiato" in info.value.problem.message


def test_an_xls_value_in_the_sheets_last_cell_is_refused_naming_the_sheet_and_its_extent(tmp_path):
    with pytest.raises(WorkbookError) as info:
        check_container(corpus.build_xls_value_in_the_last_cell(tmp_path))
    problem = info.value.problem
    assert problem.sheet == "Attività" and "65.536 righe per 256 colonne" in problem.message


def test_an_ods_whose_content_is_not_well_formed_xml_is_refused_as_damaged(tmp_path):
    with pytest.raises(WorkbookError) as info:
        check_container(corpus.build_ods_malformed_content(tmp_path))
    assert "danneggiato" in info.value.problem.message and "«content.xml»" in info.value.problem.message


# --------------------------------------------------------------------------- package names


def test_backslashes_in_member_names_need_no_copy_calamine_reads_them(tmp_path):
    container = check_container(corpus.build_backslash_names(tmp_path))
    assert (container.kind, container.package) == ("xlsx", None)
    assert container.hidden_rows == {}


@pytest.mark.parametrize(("workbook", "package_rels", "copied"), [
    ("workbook.xml", True, False),  # at the package's root: calamine follows _rels/.rels
    ("foglio/principale.xml", True, True),  # another name: calamine looks for <folder>/workbook.xml
    ("foglio/workbook.xml", False, True),  # found through [Content_Types].xml only: calamine needs _rels/.rels
])
def test_a_normalised_copy_is_made_only_where_calamine_would_not_find_the_workbook(tmp_path, workbook, package_rels,
                                                                                     copied):
    container = check_container(corpus.build_parts_elsewhere(tmp_path, workbook, package_rels))
    assert container.kind == "xlsx"
    assert (container.package is not None) == copied
    if copied:
        with zipfile.ZipFile(io.BytesIO(container.package)) as copy:
            names = set(copy.namelist())
        folder = workbook.rpartition("/")[0]
        assert {"_rels/.rels", f"{folder}/workbook.xml", f"{folder}/_rels/workbook.xml.rels"} <= names


def test_a_word_document_is_not_taken_for_a_workbook_through_its_package_relationships(tmp_path):
    path = tmp_path / "lettera.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
                         'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                         "</Relationships>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(WorkbookError, match="Word"):
        check_container(path)


# --------------------------------------------------------------------------- the referent's language


def test_container_messages_follow_the_operators_language(tmp_path, monkeypatch):
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    with pytest.raises(WorkbookError) as protected:
        check_container(corpus.build_protected(tmp_path, "ods"))
    with pytest.raises(WorkbookError) as stray:
        check_container(corpus.build_stray_cell(tmp_path))
    assert "password" in protected.value.problem.message and "protetto" not in protected.value.problem.message
    assert "1,048,576" in stray.value.problem.message and "101,000" in stray.value.problem.message
