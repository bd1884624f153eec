"""Zip packages: Office Open XML (.xlsx, .xlsm, .xlsb) and OpenDocument (.ods) spreadsheets.

:func:`check_zip` is :func:`intl_report.containers.check_container` for a zip file: the package is read as its
own indexes say (relationships and content types lead to the workbook and its sheets, part names compared as the
Open Packaging Conventions compare them), damaged members and zip or XML bombs are refused, an encrypted .ods is
refused as protected, and each sheet's extent is measured from its XML (:mod:`intl_report.sheet_extent` for
.xlsx, the table elements for .ods) before calamine reads it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import quoteattr

from .containers import (
    MAX_COMPRESSION_RATIO,
    MAX_SHEET_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    Container,
    WorkbookError,
    check_extent,
    how_to_resave,
    protected_error,
    sentence,
    use_template,
    workbook_error,
)
from .i18n import say
from .sheet_extent import RowScan

_SMALL_PART = 1 << 20  # package indexes read before the bomb checks (relationships, content types, manifest)
_CHUNK = 1 << 20
def _part_key(name: str) -> str:
    """A part's name as the Open Packaging Conventions compare them: forward slashes, no leading one, any case."""
    return name.replace("\\", "/").lstrip("/").lower()


# What reading a damaged member raises; the loop over every member in check_zip names the damaged part.
_UNREADABLE = (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)


def check_zip(path: Path) -> Container:
    try:
        archive = zipfile.ZipFile(path)
    except _UNREADABLE as exc:
        raise workbook_error(path, say("containers.incomplete", "il file è incompleto o danneggiato (per esempio un "
                                       "download o una copia interrotti): inviare di nuovo il file originale, oppure "
                                       "{how_to_resave}", how_to_resave=how_to_resave())) from exc
    with archive:
        infos = archive.infolist()
        names = {_part_key(info.filename): info.filename for info in infos if not info.is_dir()}
        workbook = _find_workbook(archive, names)
        if workbook is not None:
            kind = "xlsb" if workbook.endswith(".bin") else "xlsx"
        elif "content.xml" in names and b"opendocument.spreadsheet" in _member_head(archive, names.get("mimetype")):
            kind = "ods"
            if b"encryption-data" in _small_part(archive, names.get("meta-inf/manifest.xml")):
                raise protected_error(path)
        elif any(key.startswith("word/") for key in names) or b"opendocument.text" in _member_head(
                archive, names.get("mimetype")):
            raise workbook_error(path, say("containers.word_document", "il file è un documento di testo (Word o "
                                           "simile) con estensione «{suffix}», non un foglio di calcolo: "
                                           "{use_template}", suffix=path.suffix, use_template=use_template()))
        else:
            raise workbook_error(path, say("containers.no_workbook", "il file è un archivio compresso ma non contiene "
                                           "un foglio di calcolo: {use_template}", use_template=use_template()))
        total = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if total > MAX_UNCOMPRESSED_BYTES or (total / packed > MAX_COMPRESSION_RATIO and total > 10_000_000):
            raise _bomb(path, total)
        sheets = _worksheet_parts(archive, names, workbook) if kind == "xlsx" else {}
        container = Container(kind)
        expanded = 0
        for info in infos:
            if info.is_dir():
                continue
            sheet = sheets.get(info.filename)
            scan = RowScan() if sheet is not None else None
            is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
            try:
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > MAX_UNCOMPRESSED_BYTES:
                            raise _bomb(path, expanded)
                        if not is_xml:
                            continue
                        window = tail + chunk
                        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                            raise workbook_error(path, say(
                                "containers.xml_bomb", "il file contiene dichiarazioni XML che un foglio di calcolo "
                                "non usa (DTD o entità in «{part}», possibile «XML bomb»): non viene letto per "
                                "sicurezza. {how_to_resave}", part=info.filename,
                                how_to_resave=sentence(how_to_resave())))
                        if scan is not None:
                            tail = scan.feed(window)
                        else:
                            tail = window[-16:]
            except WorkbookError:
                raise
            except _UNREADABLE as exc:
                raise _damaged_part(path, info.filename) from exc
            if scan is not None:
                scan.close()
                check_extent(path, sheet, scan.last_row, scan.last_column)
                if scan.hidden:
                    container.hidden_rows[sheet] = scan.hidden
        if kind == "ods":  # only now: content.xml has passed the DTD and size checks
            try:
                extents = _ods_layout(archive, names["content.xml"], container)
            except _UNREADABLE as exc:
                raise _damaged_part(path, names["content.xml"]) from exc
            for sheet, (rows, columns) in extents.items():
                check_extent(path, sheet, rows, columns)
        if kind == "xlsx" and not _where_calamine_looks(archive, names, workbook):
            container.package = _normalised_copy(archive, names, workbook)
    return container


def _damaged_part(path: Path, part: str) -> WorkbookError:
    return workbook_error(path, say(
        "containers.damaged_part", "il file è danneggiato (la parte «{part}» non si legge o non supera il controllo "
        "di integrità): inviare di nuovo il file originale, oppure {how_to_resave} (Excel propone di ripristinarlo)",
        part=part, how_to_resave=how_to_resave()))


def _member_head(archive: zipfile.ZipFile, name: str | None) -> bytes:
    if name is None:
        return b""
    try:
        with archive.open(name) as member:
            return member.read(200)
    except _UNREADABLE:
        return b""


def _small_part(archive: zipfile.ZipFile, name: str | None) -> bytes:
    """A package index read before the bomb checks: only if it is small, and empty when it cannot be read."""
    if name is None:
        return b""
    try:
        if archive.getinfo(name).file_size > _SMALL_PART:
            return b""
        return archive.read(name)
    except _UNREADABLE:
        return b""


def _parse(data: bytes):
    """The root element of a package's XML part, or None (defusedxml: no DTD, no entities)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if not data:
        return None
    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resolve(folder: str, target: str) -> str:
    """The part a relationship's target names, from the folder of the part whose relationship it is."""
    target = target.replace("\\", "/")
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return _part_key(posixpath.normpath(joined))


def _relationships(archive: zipfile.ZipFile, names: dict[str, str], part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships (``""`` is the package itself)."""
    folder, base = posixpath.split(part)
    root = _parse(_small_part(archive, names.get(posixpath.join(folder, "_rels", base + ".rels"))))
    found = []
    for rel in root if root is not None else ():
        if rel.get("TargetMode") != "External" and rel.get("Target"):
            found.append((rel.get("Id", ""), rel.get("Type", ""), _resolve(folder, rel.get("Target", ""))))
    return found


_WORKBOOK_TYPE = re.compile(r"(spreadsheetml\.(sheet|template)|ms-excel\.(sheet|template|addin)(\.binary)?"
                            r"\.macroenabled)\.main")


def _find_workbook(archive: zipfile.ZipFile, names: dict[str, str]) -> str | None:
    """The workbook part (its key in ``names``): the package's main document, as its indexes name it."""
    candidates = [target for _, kind, target in _relationships(archive, names, "") if kind.endswith("/officeDocument")]
    types = _parse(_small_part(archive, names.get("[content_types].xml")))
    defaults, overrides = {}, {}
    for element in types if types is not None else ():
        if _local(element.tag) == "Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "").lower()
        elif _local(element.tag) == "Override":
            overrides[_part_key(element.get("PartName", ""))] = element.get("ContentType", "").lower()
    candidates += [part for part, content in overrides.items() if _WORKBOOK_TYPE.search(content)]
    for part in (*candidates, "xl/workbook.xml", "xl/workbook.bin"):
        if part not in names:
            continue
        content = overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1], "")
        if _WORKBOOK_TYPE.search(content) or posixpath.basename(part) in ("workbook.xml", "workbook.bin"):
            return part
    return None


def _worksheet_parts(archive: zipfile.ZipFile, names: dict[str, str], workbook: str) -> dict[str, str]:
    """Worksheet member name (``xl/worksheets/sheet1.xml``) -> sheet name, from the workbook's own XML."""
    try:
        root = _parse(archive.read(names[workbook]))
    except _UNREADABLE:
        return {}  # the loop over every member names the damaged part
    targets = {rid: target for rid, _, target in _relationships(archive, names, workbook)}
    parts = {}
    for element in root.iter() if root is not None else ():
        if _local(element.tag) == "sheet":
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
            if targets.get(rid) in names:
                parts[names[targets[rid]]] = element.get("name", "")
    return parts


def _where_calamine_looks(archive: zipfile.ZipFile, names: dict[str, str], workbook: str) -> bool:
    """calamine finds the workbook through ``_rels/.rels`` and expects it as ``<folder>/workbook.xml``."""
    named = [target for _, kind, target in _relationships(archive, names, "") if kind.endswith("/officeDocument")]
    return workbook in named and posixpath.basename(workbook) == "workbook.xml"


def _normalised_copy(archive: zipfile.ZipFile, names: dict[str, str], workbook: str) -> bytes | None:
    """The package with its workbook part where calamine looks; None when that name is another part's."""
    stored = names[workbook].replace("\\", "/").lstrip("/")
    folder = posixpath.dirname(stored)
    renamed_workbook = posixpath.join(folder, "workbook.xml")
    if _part_key(renamed_workbook) != workbook and _part_key(renamed_workbook) in names:
        return None
    old_rels = _part_key(posixpath.join(folder, "_rels", posixpath.basename(stored) + ".rels"))
    renamed = {workbook: renamed_workbook, old_rels: posixpath.join(folder, "_rels", "workbook.xml.rels")}
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        f"Target={quoteattr(renamed_workbook)}/></Relationships>"
    )
    replaced = {_part_key(name) for name in renamed.values()} - set(renamed)  # stale parts under the new names
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for key, name in names.items():
            if key == "_rels/.rels" or key in replaced:
                continue
            data = archive.read(name)
            if key == "[content_types].xml":
                data = re.sub(rb'PartName="/?' + re.escape(stored.encode()) + rb'"',
                              b'PartName="/' + renamed_workbook.encode() + b'"', data, flags=re.IGNORECASE)
            copy.writestr(renamed.get(key, name.replace("\\", "/").lstrip("/")), data)
        copy.writestr("_rels/.rels", package_rels)
    return buffer.getvalue()


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_layout(archive: zipfile.ZipFile, content_name: str, container: Container) -> dict[str, tuple[int, int]]:
    """Each sheet's extent (last row and column holding a value), and its row spans and collapsed rows, which
    calamine does not report. Rows and cells repeated (``table:number-rows-repeated``) count as many.

    Raises ValueError when ``content.xml`` is not well-formed XML or a count in it is not a number: calamine can
    loop without end on such a part, so the file is damaged for the reader too.
    """
    from defusedxml.ElementTree import ParseError, iterparse

    extents: dict[str, tuple[int, int]] = {}
    name, row, column, row_end_column = None, 0, 0, 0
    try:
        with archive.open(content_name) as content:
            for event, element in iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _ODS_TABLE + "table":
                        name, row = element.get(_ODS_TABLE + "name"), 0
                    elif tag == _ODS_TABLE + "table-row":
                        column, row_end_column = 0, 0
                    continue
                if tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                    repeated = _ods_count(element, "number-columns-repeated")
                    if tag == _ODS_TABLE + "table-cell":
                        rows = _ods_count(element, "number-rows-spanned")
                        columns = _ods_count(element, "number-columns-spanned")
                        if rows > 1 or columns > 1:
                            container.merged.setdefault(name, []).append(((row, column),
                                                                          (row + rows - 1, column + columns - 1)))
                        if (element.get(_ODS_OFFICE + "value-type") or element.get(_ODS_TABLE + "formula")
                                or any(child.tag in (_ODS_TEXT + "p", _ODS_TEXT + "h") for child in element)):
                            row_end_column = column + repeated
                    column += repeated
                elif tag == _ODS_TABLE + "table-row":
                    repeated = _ods_count(element, "number-rows-repeated")
                    if row_end_column:
                        last_row, last_column = extents.get(name, (0, 0))
                        extents[name] = (row + repeated, max(last_column, row_end_column))
                        if element.get(_ODS_TABLE + "visibility") in ("collapse", "filter"):
                            hidden = container.hidden_rows.setdefault(name, set())
                            hidden.update(range(row + 1, min(row + repeated, MAX_SHEET_ROWS) + 1))
                    row += repeated
                    element.clear()
    except ParseError as exc:
        raise ValueError(f"content.xml is not well-formed: {exc}") from exc
    return extents


def _ods_count(element, attribute: str) -> int:
    """A repetition or span count of an OpenDocument cell or row (1 when absent)."""
    count = int(element.get(_ODS_TABLE + attribute, "1"))
    if count < 1:
        raise ValueError(f"{attribute}={count}")
    return count


def _bomb(path: Path, size: int) -> WorkbookError:
    return workbook_error(path, say(
        "containers.zip_bomb", "il file, una volta decompresso, occuperebbe almeno {size} MB (il limite è {limit} "
        "MB; un file di attività ne occupa di solito meno di 1): possibile «zip bomb», non viene letto per "
        "sicurezza. Se il file è vostro, {how_to_resave} dopo aver tolto immagini e contenuti incollati",
        size=size // 2**20, limit=MAX_UNCOMPRESSED_BYTES // 2**20, how_to_resave=how_to_resave()))

