"""A corpus of small messy and broken workbooks, built by the tests themselves.

Each ``build_*`` function writes one file into ``folder`` and returns its path.
Messy files are what sectors really send (titles above the header, headers in
other words and orders, merged and hidden cells, every date and amount
format); broken files are what must get a clear message instead of a
traceback (not a spreadsheet, truncated, encrypted, bombs, too many rows).
Nothing is downloaded: xlsx/xlsm come from openpyxl or are written as XML,
the .ods is zipped by hand and the one .xls is a shipped fixture
(``tests/fixtures/make_xls_fixture.py`` says how it was made). The files other
programs write start from workbooks LibreOffice saved itself, plain and with a
password (``tests/fixtures/make_libreoffice_fixtures.py``), edited where they
must show what gnumeric or Windows tools write.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

FIXTURES = Path(__file__).with_name("fixtures")
TITLE = "Città di Torino – Attività internazionali 2025"


def _workbook(path: Path, header: list, rows: list[list], *, title_rows: list[list] | None = None,
              sheet: str = "Attività") -> tuple[Path, openpyxl.Workbook]:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in title_rows or []:
        ws.append(row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    return path, workbook


def _save(path: Path, workbook: openpyxl.Workbook) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _valid_row(title: str = "Forum Eurocities", **values) -> list:
    row = {"title": title, "type": "rete tematica", "start": dt.datetime(2025, 2, 3), "countries": "Germania"}
    row.update(values)
    return [row["title"], row["type"], row["start"], row["countries"]]


BASIC_HEADER = ["Titolo", "Tipologia", "Data inizio", "Paesi partner"]


def build_valid(folder: Path, name: str = "sport.xlsx", rows: int = 2) -> Path:
    """A plain valid workbook: one title row, header, ``rows`` activities."""
    path, workbook = _workbook(folder / name, BASIC_HEADER, [_valid_row(f"Attività {i + 1}") for i in range(rows)],
                               title_rows=[[TITLE]])
    return _save(path, workbook)


# --------------------------------------------------------------------------- messy but readable

MESSY_HEADER = [
    "  Data di\ninizio ",  # line break and spaces
    "TITOLO",  # case
    "Tipo attività",  # synonym
    "Nazioni partner",  # synonym
    "Budget (euro)",  # synonym with the currency
    "End date",  # English
    "Citta partner",  # no accent
    "Note interne",  # not in the schema: a warning
    "STATO",
]


def build_messy_headers(folder: Path) -> Path:
    """Headers in another order, case, words and language; three title/logo rows, the title merged."""
    rows = [[dt.datetime(2025, 3, 1), "Gemellaggio con Lione", "gemellaggio", "Francia", "1.000", "31/12/2025",
             "Lione", "da rinnovare", "in corso"]]
    title_rows = [["[logo Città di Torino]"], [TITLE], ["Settore Sport – compilato il 15/01/2026"]]
    path, workbook = _workbook(folder / "intestazioni.xlsx", MESSY_HEADER, rows, title_rows=title_rows)
    ws = workbook.active
    ws.merge_cells("A2:I2")
    ws.merge_cells("A1:C1")
    return _save(path, workbook)


def build_merged_type(folder: Path, merged_type: str = "delegazione ricevuta", name: str = "unite.xlsx") -> Path:
    """A type written once and merged down over three activities (B4:B6), as people do."""
    rows = [_valid_row(f"Delegazione {n}", type=merged_type) for n in ("Lione", "Colonia", "Oporto")]
    rows.append(_valid_row("Premio Capitale europea", type="premio"))
    path, workbook = _workbook(folder / name, BASIC_HEADER, rows, title_rows=[[TITLE], []])
    ws = workbook.active
    for row in (5, 6):
        ws.cell(row=row, column=2).value = None  # what Excel keeps of a merge: the top-left cell only
    ws.merge_cells("B4:B6")
    ws.merge_cells("A1:D1")
    return _save(path, workbook)


def build_hidden_and_empty_rows(folder: Path) -> Path:
    """Row 4 hidden (still an activity), rows 5 and 7 empty, row 8 only spaces."""
    rows = [_valid_row("Visibile"), _valid_row("Nascosta"), [None] * 4, _valid_row("Dopo il vuoto"), [None] * 4,
            ["   ", None, "", None], _valid_row("In fondo")]
    path, workbook = _workbook(folder / "nascoste.xlsx", BASIC_HEADER, rows, title_rows=[[TITLE]])
    workbook.active.row_dimensions[4].hidden = True
    return _save(path, workbook)


def build_activity_sheet_not_first(folder: Path) -> Path:
    """Instructions and a list sheet come first; the activities are on the third sheet."""
    path, workbook = _workbook(folder / "terzo-foglio.xlsx", BASIC_HEADER, [_valid_row()], title_rows=[[TITLE]],
                               sheet="Dati 2025")
    notes = workbook.create_sheet("Istruzioni", 0)
    for text in ("Istruzioni", "Titolo: nome dell'attività", "Tipologia: dall'elenco", "Data inizio: gg/mm/aaaa"):
        notes.append([text])
    lists = workbook.create_sheet("Elenchi", 1)
    lists.append(["Tipologia", "Stato"])
    lists.append(["rete tematica", "in corso"])
    return _save(path, workbook)


def build_extra_column(folder: Path) -> Path:
    path, workbook = _workbook(folder / "colonna-in-piu.xlsx", [*BASIC_HEADER, "Protocollo"],
                               [[*_valid_row(), "PG 2025/123"]], title_rows=[[TITLE]])
    return _save(path, workbook)


def build_offset_table(folder: Path) -> Path:
    """The table starts at C4: two empty columns on the left, a title in A1; the second activity has a bad type."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Attività"
    ws["A1"] = TITLE
    for offset, row in enumerate([BASIC_HEADER, _valid_row("Prima"), _valid_row("Seconda", type="workshop")]):
        for column, value in enumerate(row, start=3):
            ws.cell(row=4 + offset, column=column, value=value)
    return _save(folder / "spostata.xlsx", workbook)


def build_duplicate_column(folder: Path) -> Path:
    """Two columns both meaning the partner countries."""
    header = [*BASIC_HEADER, "Paese"]
    path, workbook = _workbook(folder / "colonna-doppia.xlsx", header, [[*_valid_row(), "Spagna"]],
                               title_rows=[[TITLE]])
    return _save(path, workbook)


def build_stray_cell(folder: Path) -> Path:
    """A valid table and one forgotten character in the sheet's last row (1,048,576)."""
    path, workbook = _workbook(folder / "cella-in-fondo.xlsx", BASIC_HEADER, [_valid_row()], title_rows=[[TITLE]])
    workbook.active.cell(row=1_048_576, column=1, value=".")
    return _save(path, workbook)


# Every format the issue lists, one row each, with what the clean table must hold.
MESSY_VALUES_HEADER = ["Titolo", "Tipologia", "Data inizio", "Data fine", "Paesi partner", "Budget totale (€)",
                       "Città ed enti partner"]
MESSY_VALUES = [
    # (title, start, end, countries, budget, cities) -> expected (start, end, countries, budget, cities)
    (("Data Excel", dt.datetime(2025, 2, 3), dt.datetime(2025, 11, 30), "USA; Regno Unito", "€ 12.500,00",
      "Lione; Colonia"),
     (dt.date(2025, 2, 3), dt.date(2025, 11, 30), ["US", "GB"], 12500.0, ["Lione", "Colonia"])),
    (("gg/mm/aaaa", "03/02/2025", "30/11/2025", "Gran Bretagna, Olanda", 12500, "Lione, Colonia"),
     (dt.date(2025, 2, 3), dt.date(2025, 11, 30), ["GB", "NL"], 12500.0, ["Lione", "Colonia"])),
    (("gg-mm-aa", "03-02-25", "30-11-25", "Palestina / Kosovo", "12.500", "Lione / Colonia"),
     (dt.date(2025, 2, 3), dt.date(2025, 11, 30), ["PS", "XK"], 12500.0, ["Lione", "Colonia"])),
    (("in lettere", "3 febbraio 2025", "30 novembre 2025", "Santa Sede e Germania", "12,5 mila", "Lione\nColonia"),
     (dt.date(2025, 2, 3), dt.date(2025, 11, 30), ["VA", "DE"], 12500.0, ["Lione", "Colonia"])),
    (("mese e anno", "feb 2025", "nov 2025", "France\nSpain", "1,2 mln", "Lione; Colonia"),
     (dt.date(2025, 2, 1), dt.date(2025, 11, 1), ["FR", "ES"], 1_200_000.0, ["Lione", "Colonia"])),
    (("ISO", "2025-02-03", "2025-11-30", "DE; FR; it", "12500", "Lione; Colonia"),
     (dt.date(2025, 2, 3), dt.date(2025, 11, 30), ["DE", "FR", "IT"], 12500.0, ["Lione", "Colonia"])),
]


def build_messy_values(folder: Path) -> Path:
    rows = [[title, "evento", *values] for (title, *values), _ in MESSY_VALUES]
    path, workbook = _workbook(folder / "formati.xlsx", MESSY_VALUES_HEADER, rows, title_rows=[[TITLE]])
    return _save(path, workbook)


def build_unknown_country(folder: Path) -> Path:
    path, workbook = _workbook(folder / "paese.xlsx", BASIC_HEADER, [_valid_row(countries="Germnia; Francia")],
                               title_rows=[[TITLE]])
    return _save(path, workbook)


def build_duplicate(folder: Path) -> Path:
    rows = [_valid_row("Forum Eurocities"), _valid_row("Altro"), _valid_row("  forum EUROCITIES ")]
    path, workbook = _workbook(folder / "doppioni.xlsx", BASIC_HEADER, rows, title_rows=[[TITLE]])
    return _save(path, workbook)


def build_template_without_rows(folder: Path) -> Path:
    from intl_report.template import write_template

    return write_template("sport", 2025, folder / "sport.xlsx")


# --------------------------------------------------------------------------- other formats

_VBA_RELATIONSHIP = (
    '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
    'Target="vbaProject.bin"/>'
)


def build_xlsm(folder: Path) -> Path:
    """A macro-enabled workbook: macro content type and a vbaProject part (never run)."""
    source = build_valid(folder / "xlsm-source", name="source.xlsx")
    target = folder / "macro.xlsm"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" '
                                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", _VBA_RELATIONSHIP.encode() + b"</Relationships>")
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"Sub Auto_Open()")
    shutil.rmtree(folder / "xlsm-source")
    return target


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value, rows_spanned: int = 1) -> str:
    span = f' table:number-rows-spanned="{rows_spanned}"' if rows_spanned > 1 else ""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.date):
        iso = value.isoformat()
        return (f'<table:table-cell office:value-type="date" office:date-value="{iso}"{span}>'
                f"<text:p>{iso}</text:p></table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{span}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{span}><text:p>{escape(str(value))}</text:p></table:table-cell>'


def build_ods(folder: Path) -> Path:
    """An OpenDocument spreadsheet zipped by hand: title row, header, a type spanning two rows, a hidden row."""
    rows = [
        [TITLE],
        [],
        ["Titolo", "Tipologia", "Data inizio", "Paesi partner", "Budget totale (€)"],
        ["Fiera del libro a Francoforte", ("promozione", 2), dt.date(2025, 10, 15), "Germania", 8000],
        ["Salone a Parigi", "<covered>", "03/04/2025", "Francia", "€ 1.500,00"],
        ["Workshop riservato", "formazione", "05/05/2025", "Spagna", None],
    ]
    hidden = {6}  # the third activity's row is hidden (collapsed)
    xml_rows = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for value in row:
            if value == "<covered>":
                cells.append("<table:covered-table-cell/>")
            elif isinstance(value, tuple):
                cells.append(_ods_cell(value[0], rows_spanned=value[1]))
            else:
                cells.append(_ods_cell(value))
        visibility = ' table:visibility="collapse"' if number in hidden else ""
        xml_rows.append(f"<table:table-row{visibility}>" + "".join(cells or ["<table:table-cell/>"]) + "</table:table-row>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Attività">'
        + "".join(xml_rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    path = folder / "libreoffice.ods"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def build_xls(folder: Path) -> Path:
    """The shipped Excel 97-2003 workbook (activities on the second sheet, a merged type)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(FIXTURES / "attivita-excel97.xls", folder / "excel97.xls"))


# --------------------------------------------------------------------------- what other programs write

LIBREOFFICE_TITLES = ["Forum Eurocities", "Gemellaggio con Lione", "Fiera del libro a Francoforte"]
_LIBREOFFICE_SHEET = "xl/worksheets/sheet1.xml"
_LAST_ROW = 1_048_576


def _copy_fixture(folder: Path, fixture: str, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(FIXTURES / fixture, folder / name))


def _repack(source: Path, target: Path, edit: Callable[[str, bytes], tuple[str, bytes] | None]) -> Path:
    """A copy of the zip package ``source`` in which ``edit(name, data)`` gives each member's new name and bytes
    (None leaves the member out)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            edited = edit(info.filename, src.read(info.filename))
            if edited is not None:
                dst.writestr(*edited)
    return target


def build_libreoffice_xlsx(folder: Path) -> Path:
    """The activity table as LibreOffice saves it, style-only cells below the table included."""
    return _copy_fixture(folder, "libreoffice-attivita.xlsx", "libreoffice.xlsx")


def build_libreoffice_ods(folder: Path) -> Path:
    """The activity table as LibreOffice saves it as .ods: its empty rows are repeated down to row 1,048,576."""
    return _copy_fixture(folder, "libreoffice-attivita.ods", "libreoffice-righe-vuote.ods")


def _replaced(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced, which must be there (a regenerated fixture must not make an edit a no-op)."""
    if old not in data:
        raise ValueError(f"not in the fixture: {old[:60]!r}")
    return data.replace(old, new)


def _sheet_rows(extra: bytes, name: str, folder: Path) -> Path:
    """LibreOffice's workbook with ``extra`` row elements after its last one, the used range declared to the end."""
    def edit(member: str, data: bytes) -> tuple[str, bytes]:
        if member == _LIBREOFFICE_SHEET:
            data = _replaced(data, b"</sheetData>", extra + b"</sheetData>")
            data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:E1048576"/>', data)
        return member, data

    return _repack(FIXTURES / "libreoffice-attivita.xlsx", folder / name, edit)


def build_style_only_cells_to_the_last_row(folder: Path) -> Path:
    """A valid workbook with a formatted but empty last row (``<c r="A1048576" s="1"/>``), as sectors' files saved
    by gnumeric or LibreOffice have."""
    row = (b'<row r="1048576" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" '
           b'collapsed="false"><c r="A1048576" s="1"/><c r="E1048576" s="1"/></row>')
    return _sheet_rows(row, "stili-fino-in-fondo.xlsx", folder)


def build_empty_rows_to_the_last_row(folder: Path) -> Path:
    """A valid workbook whose empty rows are all written out, ``<row r="61" ...></row>`` down to row 1,048,576."""
    rows = b"".join(b'<row r="%d" ht="12.8" customHeight="1"></row>' % number for number in range(61, _LAST_ROW + 1))
    return _sheet_rows(rows, "righe-vuote-fino-in-fondo.xlsx", folder)


def build_hidden_empty_rows(folder: Path) -> Path:
    """Rows 61-70 hidden, holding only style-only cells: formatting, not activities, so no warning."""
    rows = b"".join(b'<row r="%d" hidden="true"><c r="C%d" s="2"/></row>' % (n, n) for n in range(61, 71))
    return _sheet_rows(rows, "nascoste-vuote.xlsx", folder)


def build_value_far_right(folder: Path, rows: int = 400) -> Path:
    """One number in the sheet's last column (XFD) of row ``rows``: a grid of ``rows`` x 16,384 cells."""
    row = b'<row r="%d"><c r="XFD%d" t="n"><v>1</v></c></row>' % (rows, rows)
    return _sheet_rows(row, "cella-a-destra.xlsx", folder)


def build_backslash_names(folder: Path) -> Path:
    """LibreOffice's workbook with its members named as some Windows tools write them: ``xl\\workbook.xml``."""
    return _repack(FIXTURES / "libreoffice-attivita.xlsx", folder / "barre-rovesce.xlsx",
                   lambda member, data: (member.replace("/", "\\"), data))


def build_parts_elsewhere(folder: Path, workbook: str = "foglio/principale.xml", package_rels: bool = True) -> Path:
    """A package whose workbook part is ``workbook`` (not ``xl/workbook.xml``), found only through its indexes:
    ``_rels/.rels`` names it (unless ``package_rels`` is false), ``[Content_Types].xml`` gives its type, its
    relationships sit beside it."""
    new_folder, new_name = posixpath.split(workbook)

    def moved(part: str) -> str:
        if part == "xl/workbook.xml":
            return workbook
        if part == "xl/_rels/workbook.xml.rels":
            return posixpath.join(new_folder, "_rels", new_name + ".rels")
        return posixpath.join(new_folder, part.removeprefix("xl/")) if part.startswith("xl/") else part

    def edit(member: str, data: bytes) -> tuple[str, bytes] | None:
        if member == "_rels/.rels" and not package_rels:
            return None
        if member in ("[Content_Types].xml", "_rels/.rels"):
            data = re.sub(rb'(PartName="/|Target=")(xl/[^"]*)"',
                          lambda match: match[1] + moved(match[2].decode()).encode() + b'"', data)
        return moved(member), data

    return _repack(FIXTURES / "libreoffice-attivita.xlsx", folder / "parti-altrove.xlsx", edit)


def _ods_content(name: str, folder: Path, edit: Callable[[bytes], bytes]) -> Path:
    def edit_member(member: str, data: bytes) -> tuple[str, bytes]:
        return member, (edit(data) if member == "content.xml" else data)

    return _repack(FIXTURES / "libreoffice-attivita.ods", folder / name, edit_member)


_ODS_EMPTY_TAIL = (b'<table:table-row table:style-name="ro1" table:number-rows-repeated="1048515">'
                   b'<table:table-cell table:number-columns-repeated="5"/></table:table-row>')


def build_ods_repeated_hidden_rows(folder: Path) -> Path:
    """The last activity written once for two identical rows (6 and 7), both collapsed, as LibreOffice writes them."""
    def edit(content: bytes) -> bytes:
        last = content.rindex(b'<table:table-row table:style-name="ro1"><table:table-cell office:value-type="string"')
        return (content[:last] + b'<table:table-row table:style-name="ro1" table:number-rows-repeated="2" '
                b'table:visibility="collapse">' + content[last + len(b'<table:table-row table:style-name="ro1">'):])

    return _ods_content("righe-ripetute.ods", folder, edit)


def build_ods_value_repeated_to_the_last_row(folder: Path) -> Path:
    """An .ods whose value ``x`` is repeated down a column to row 1,048,575: tiny XML, a million rows for calamine."""
    rows = (b'<table:table-row table:style-name="ro1" table:number-rows-repeated="1048515"><table:table-cell '
            b'office:value-type="string" calcext:value-type="string"><text:p>x</text:p></table:table-cell>'
            b'<table:table-cell table:number-columns-repeated="4"/></table:table-row>')
    return _ods_content("valore-ripetuto.ods", folder, lambda content: _replaced(content, _ODS_EMPTY_TAIL, rows))


def build_ods_value_repeated_across(folder: Path) -> Path:
    """An .ods with one number repeated across all 16,384 columns of 1,000 rows: 16 million cells."""
    rows = (b'<table:table-row table:style-name="ro1" table:number-rows-repeated="1000"><table:table-cell '
            b'office:value-type="float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p>'
            b'</table:table-cell></table:table-row><table:table-row table:style-name="ro1" '
            b'table:number-rows-repeated="1047515"><table:table-cell table:number-columns-repeated="5"/>'
            b'</table:table-row>')
    return _ods_content("valore-in-larghezza.ods", folder,
                        lambda content: _replaced(content, _ODS_EMPTY_TAIL, rows))


# Records of the shipped .xls's "Attività" sheet: its used range (DIMENSIONS: rows 0-5, columns 0-5) and its
# budget 12500 in E4 (an RK record: row 3, column 4).
_XLS_DIMENSIONS = bytes.fromhex("00020e00" "00000000" "05000000" "0000" "0500")
_XLS_BUDGET_CELL = bytes.fromhex("7e020a00" "0300" "0400")


def build_xls_impossible_used_range(folder: Path) -> Path:
    """The .xls with its sheet's used range damaged (first row after the last): calamine, sizing its grid from it,
    would abort the whole process."""
    damaged = _XLS_DIMENSIONS.replace(bytes.fromhex("00000000" "05000000"), bytes.fromhex("06000000" "05000000"))
    path = folder / "excel97-rovinato.xls"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_replaced((FIXTURES / "attivita-excel97.xls").read_bytes(), _XLS_DIMENSIONS, damaged))
    return path


def build_xls_value_in_the_last_cell(folder: Path) -> Path:
    """The .xls with its budget moved to the sheet's last cell (IV65536): a grid of 65,536 x 256 cells."""
    path = folder / "excel97-in-fondo.xls"
    folder.mkdir(parents=True, exist_ok=True)
    moved = bytes.fromhex("7e020a00" "ffff" "ff00")
    path.write_bytes(_replaced((FIXTURES / "attivita-excel97.xls").read_bytes(), _XLS_BUDGET_CELL, moved))
    return path


def build_ods_malformed_content(folder: Path) -> Path:
    """The LibreOffice .ods with a closing tag damaged in ``content.xml``: calamine loops on it without end."""
    return _ods_content("contenuto-rovinato.ods", folder,
                        lambda content: _replaced(content, b"</table:table>", b"</tableZi :table>"))


def build_protected(folder: Path, suffix: str = "xlsx") -> Path:
    """The activity table saved by LibreOffice with a password (``xlsx``, ``xls`` or ``ods``)."""
    return _copy_fixture(folder, f"protetto-libreoffice.{suffix}", f"protetto.{suffix}")


# --------------------------------------------------------------------------- broken files

def build_pdf_renamed(folder: Path) -> Path:
    path = folder / "relazione.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def build_text_renamed(folder: Path) -> Path:
    path = folder / "appunti.xlsx"
    path.write_text("Titolo;Tipologia;Data inizio\nForum;rete;03/02/2025\n", encoding="utf-8")
    return path


def build_csv(folder: Path) -> Path:
    path = folder / "esportato.csv"
    path.write_text("Titolo;Tipologia;Data inizio\nForum;rete;03/02/2025\n", encoding="utf-8")
    return path


def build_docx(folder: Path) -> Path:
    path = folder / "relazione.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def build_word_renamed(folder: Path) -> Path:
    """A Word document (a zip, but no workbook inside) renamed .xlsx."""
    path = folder / "documento.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def build_truncated(folder: Path) -> Path:
    """A valid workbook cut in half, as an interrupted e-mail download leaves it."""
    source = build_valid(folder / "whole", rows=30)
    data = source.read_bytes()
    path = folder / "troncato.xlsx"
    path.write_bytes(data[: len(data) // 2])
    shutil.rmtree(folder / "whole")
    return path


def build_corrupt_zip(folder: Path) -> Path:
    """A workbook whose zip directory is intact but whose worksheet bytes were damaged."""
    source = build_valid(folder / "whole", rows=30)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + min(info.compress_size, 200) - 10):
        data[offset] ^= 0x5A
    path = folder / "danneggiato.xlsx"
    path.write_bytes(bytes(data))
    shutil.rmtree(folder / "whole")
    return path


def build_encrypted(folder: Path) -> Path:
    """What Excel writes when a password is set: an OLE2 container with EncryptionInfo, named .xlsx."""
    header = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    directory = bytearray(512)
    for index, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[index * 128 : index * 128 + len(encoded)] = encoded
    path = folder / "protetto.xlsx"
    path.write_bytes(bytes(header) + bytes(directory) + b"\0" * 2048)
    return path


def build_empty_workbook(folder: Path) -> Path:
    path = folder / "vuoto.xlsx"
    workbook = openpyxl.Workbook()
    workbook.create_sheet("Foglio2")
    return _save(path, workbook)


def build_no_header(folder: Path) -> Path:
    path, workbook = _workbook(folder / "senza-intestazione.xlsx", ["Forum", "rete", "03/02/2025"],
                               [["Delegazione", "delegazione", "04/03/2025"]])
    return _save(path, workbook)


def build_missing_required(folder: Path) -> Path:
    """The start date column was deleted."""
    header = ["Titolo", "Tipologia", "Stato", "Paesi partner"]
    path, workbook = _workbook(folder / "manca-data.xlsx", header, [["Forum", "rete", "in corso", "Germania"]],
                               title_rows=[[TITLE]])
    return _save(path, workbook)


def build_zip_bomb(folder: Path, megabytes: int = 300) -> Path:
    """An .xlsx whose worksheet expands to ``megabytes`` MB of spaces (about 1 MB on disk)."""
    source = build_valid(folder / "whole")
    path = folder / "bomba.xlsx"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(info.filename, "w", force_zip64=True) as handle:
                    handle.write(src.read(info.filename).replace(b"<sheetData>", b"<sheetData>" + b" " * 64))
                    for _ in range(megabytes):
                        handle.write(chunk)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    shutil.rmtree(folder / "whole")
    return path


_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    "<!DOCTYPE lolz [\n"
    ' <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def build_xml_bomb(folder: Path, part: str = "xl/sharedStrings.xml") -> Path:
    """A "billion laughs" entity expansion declared in the shared strings or in the worksheet itself."""
    source = build_valid(folder / "whole")
    shared = part.endswith("sharedStrings.xml")
    path = folder / ("risate.xlsx" if shared else "risate-foglio.xlsx")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename).decode("utf-8")
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(r"^<\\?xml[^>]*\\?>", "", data)
                if shared:  # the first title refers to the (exploding) shared string 0
                    data = data.replace('<c r="A3" t="inlineStr"><is><t>Attività 1</t></is></c>',
                                        '<c r="A3" t="s"><v>0</v></c>')
                else:
                    data = _LAUGHS + data.replace("<t>Attività 1</t>", "<t>&lol9;</t>")
            elif info.filename == "[Content_Types].xml" and shared:
                data = data.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels" and shared:
                data = data.replace("</Relationships>", '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats'
                                    '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    "</Relationships>")
            dst.writestr(info.filename, data.encode("utf-8"))
        if shared:
            sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            dst.writestr(part, (_LAUGHS + sst + "<si><t>&lol9;</t></si></sst>").encode("utf-8"))
    shutil.rmtree(folder / "whole")
    return path


# --------------------------------------------------------------------------- large files

_BIG_HEADER = ["Titolo", "Tipologia", "Data inizio", "Paesi partner", "Budget totale (€)"]
_BIG_TYPES = ("rete tematica", "evento internazionale", "delegazione ricevuta", "premio")
_BIG_COUNTRIES = ("Germania; Francia", "USA", "Spagna", "Regno Unito; Olanda")


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def build_many_rows(folder: Path, data_rows: int = 100_000, name: str = "centomila.xlsx") -> Path:
    """A title row, the header and ``data_rows`` distinct activities, written as sheet XML directly (fast)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    letters = "ABCDE"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Attività" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            buffer = io.StringIO()
            buffer.write('<?xml version="1.0" encoding="UTF-8"?><worksheet '
                         'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            buffer.write(f'<row r="1">{_inline("A1", TITLE)}</row><row r="2">')
            buffer.write("".join(_inline(f"{letters[i]}2", h) for i, h in enumerate(_BIG_HEADER)) + "</row>")
            for n in range(data_rows):
                r = n + 3
                day = dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)
                buffer.write(
                    f'<row r="{r}">{_inline(f"A{r}", f"Attività numero {n + 1}")}'
                    f'{_inline(f"B{r}", _BIG_TYPES[n % 4])}{_inline(f"C{r}", day.strftime("%d/%m/%Y"))}'
                    f'{_inline(f"D{r}", _BIG_COUNTRIES[n % 4])}<c r="E{r}"><v>{1000 + n}</v></c></row>'
                )
                if n % 5000 == 0:
                    handle.write(buffer.getvalue().encode("utf-8"))
                    buffer = io.StringIO()
            buffer.write("</sheetData></worksheet>")
            handle.write(buffer.getvalue().encode("utf-8"))
    return path
