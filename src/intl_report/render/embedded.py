"""Embedded engine: executed notebook -> Markdown -> pandoc (typst writer) -> typst (Python wheel) -> PDF.

No external tools: pandoc comes from the ``pypandoc-binary`` wheel, the Typst compiler from the ``typst`` wheel,
the body font (DejaVu Sans, with "Last Resort High-Efficiency" as glyph fallback) from matplotlib's bundled fonts.
System fonts are ignored so that a laptop and a fresh CI machine produce the same bytes.

Pipeline
  1. notebook -> Markdown blocks, one per markdown cell or output (notebook_markdown.notebook_to_blocks): the
     summary, the cross-sector analysis, each sector's chapter, the appendix
  2. one pandoc pass, ``-f markdown-citations-tex_math_dollars-raw_tex-auto_identifiers -t typst --standalone``
     with the ``chunks.lua`` filter (``@`` and ``$`` stay literal, ```` ```{=typst} ```` blocks pass through).
     The filter converts each block to its own Typst file, kept in a chunk folder between renders under a key
     of its Markdown: a re-run after one sector changed converts that sector's chapter and the sections whose
     figures moved, not the whole report. It also writes images as raw Typst ``image(..., alt: "...")`` (pandoc
     3.9's typst writer drops alt text, which PDF/UA-1 requires), turns ``{{< pagebreak >}}`` (Quarto's
     shortcode) into ``#pagebreak()``, and injects the report metadata as literal MetaStrings (never parsed as
     Markdown). The standalone document is the house style (``house.typ``, inlined as a template partial)
     around one ``#include`` per block.
  3. ``typst.compile(pdf_standards=["ua-1", "a-2a"], pdf_tags=True, timestamp=<edition date>)``: tagged PDF,
     PDF/UA-1 + PDF/A-2a (the compiler accepts that pair; PDF/A-4 would need PDF 2.0, which PDF/UA-1 forbids),
     fixed timestamp so that two renders of the same input are byte-identical. Its root is "/": chapters and
     images are read where they are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..atomic import publishable_mode
from .notebook_markdown import RenderError, notebook_to_blocks

TEMPLATES_DIR = Path(__file__).parent / "templates"
PANDOC_TEMPLATE = TEMPLATES_DIR / "pandoc-typst.template"
HOUSE_TYP = TEMPLATES_DIR / "house.typ"
CHUNKS_FILTER = TEMPLATES_DIR / "chunks.lua"
HOUSE_FILTER = TEMPLATES_DIR / "house-filter.lua"  # loaded by chunks.lua
CHUNKS_CONFIG_ENV = "INTL_REPORT_CHUNKS_CONFIG"
# The fonts the house style names (DejaVu Sans, its Mono, Last Resort as glyph fallback): Typst is given only these,
# not the ~40 files of matplotlib's font folder, which it would otherwise open and index at every render.
HOUSE_FONTS = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf", "DejaVuSansMono-BoldOblique.ttf",
    "LastResortHE-Regular.ttf",
)

# citations off ('@Torino' is text), tex_math_dollars off ('$5' is text), raw_tex off ('\foo' is text);
# auto_identifiers off: each chunk is converted alone, and a heading's Typst must not depend on the headings of
# the other chunks converted in the same pass (explicit {#id} stay);
# raw_attribute (```{=typst}), pipe_tables, implicit_figures, yaml_metadata_block stay on (pandoc defaults).
PANDOC_READER = "markdown-citations-tex_math_dollars-raw_tex-auto_identifiers"
PDF_STANDARDS = ["ua-1", "a-2a"]
DEFAULT_AUTHOR = "Città di Torino"
PAGEBREAK_SHORTCODE = "{{< pagebreak >}}"

_MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "agosto": 8,
    "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12, "january": 1, "february": 2, "march": 3,
    "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}  # fmt: skip


# --------------------------------------------------------------------------------------------------- helpers


def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        found = shutil.which("pandoc")
        if found:
            return found
        raise RenderError(
            "pandoc not found: install the 'pypandoc-binary' wheel (pip install pypandoc-binary)"
        ) from exc


def font_dirs(build_dir: Path | None = None) -> list[str]:
    """Font directories for Typst: render/fonts if any, then the house fonts from matplotlib's bundled ones.

    With *build_dir*, the house fonts are linked into ``build_dir/fonts`` and only that folder is given, so that
    Typst does not index every font matplotlib ships (a fifth of a render); otherwise matplotlib's whole folder.
    """
    dirs: list[str] = []
    own = Path(__file__).parent / "fonts"
    if own.is_dir():
        dirs.append(str(own))
    # Where matplotlib's data are (get_data_path() without importing it: the command renders without numpy & co.)
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:  # pragma: no cover - matplotlib is a hard dependency
        return dirs
    mpl = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
    if not mpl.is_dir():
        return dirs
    if build_dir is not None and all((mpl / name).is_file() for name in HOUSE_FONTS):
        house = Path(build_dir) / "fonts"
        house.mkdir(parents=True, exist_ok=True)
        for name in HOUSE_FONTS:
            link = house / name
            if not link.exists():
                link.symlink_to(mpl / name)
        dirs.append(str(house))
    else:
        dirs.append(str(mpl))
    return dirs


def edition_timestamp(metadata: dict[str, Any]) -> dt.datetime:
    """Fixed creation timestamp (UTC noon) derived from the edition date, for reproducible PDFs.

    Sources, first hit wins: ``metadata["timestamp"]`` (datetime/date/epoch/ISO string), ``edition_date`` when it
    is ISO (2025-03-15), dd/mm/yyyy or "15 marzo 2025"/"15 March 2025", 31 December of ``year``,
    ``$SOURCE_DATE_EPOCH``, 2000-01-01.
    """
    noon = dt.time(12, 0, tzinfo=dt.UTC)
    value = metadata.get("timestamp")
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, noon)
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    for text in (value, metadata.get("edition_date")):
        if not isinstance(text, str):
            continue
        s = text.strip().lower()
        try:
            parsed = dt.datetime.fromisoformat(s)
            return parsed if parsed.tzinfo else dt.datetime.combine(parsed.date(), noon)
        except ValueError:
            pass
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
        if m:
            return dt.datetime.combine(dt.date(int(m[3]), int(m[2]), int(m[1])), noon)
        m = re.search(r"(\d{1,2})(?:º|°|st|nd|rd|th)?\s+([a-zà-ù]+)\s+(\d{4})", s)
        if m and m[2] in _MONTHS:
            return dt.datetime.combine(dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), noon)
    year = metadata.get("year")
    if year is not None and str(year).strip().isdigit():
        return dt.datetime.combine(dt.date(int(str(year).strip()), 12, 31), noon)
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
    return dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC)


def normalise_metadata(metadata: dict[str, Any], lang: str) -> dict[str, Any]:
    """Report metadata -> pandoc/template variables (kebab-case, plain Python values)."""
    lang = str(metadata.get("lang") or lang or "it").strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise RenderError(f"invalid language code {lang!r}: use an ISO 639 code such as 'it' or 'en'")
    if not str(metadata.get("title") or "").strip():
        raise RenderError("metadata['title'] is required: PDF/UA-1 needs a document title")
    meta: dict[str, Any] = {
        "title": str(metadata["title"]),
        "lang": lang,
        "author": str(metadata.get("author") or DEFAULT_AUTHOR),
        "draft": bool(metadata.get("draft", False)),
        "toc": bool(metadata.get("toc", True)),
        "toc-depth": str(int(metadata.get("toc_depth", 2))),
    }
    keys = ("subtitle", "short_title", "year", "edition_date", "subject", "coordination", "toc_title", "region",
            "notice_title", "notice_intro")
    for key in keys:
        value = metadata.get(key)
        if value is not None and str(value).strip():
            meta[key.replace("_", "-")] = str(value)
    for key in ("title", "subtitle", "short-title", "subject", "coordination", "toc-title"):
        if key in meta:  # typographic apostrophe, as pandoc's smart reader does for the body text
            meta[key] = meta[key].replace("'", "\u2019")
    notice = [str(item) for item in metadata.get("notice") or [] if str(item).strip()]
    if notice:  # a draft's list of what is missing, shown before the table of contents
        meta["notice"] = notice
    keywords = metadata.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    if keywords:
        meta["keywords"] = [str(k) for k in keywords]
    return meta


def _run(cmd: list[str], stdin: str, what: str, env: dict[str, str] | None = None) -> str:
    try:
        proc = subprocess.run(cmd, input=stdin.encode("utf-8"), capture_output=True, check=False,
                              env={**os.environ, **env} if env else None)
    except OSError as exc:
        raise RenderError(f"{what}: cannot run {cmd[0]}: {exc}") from exc
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").strip()
        lines = stderr.splitlines()
        ours = [line.split("intl-report: ", 1)[1] for line in lines if "intl-report: " in line]
        if ours:  # a problem found by the chunks filter: its own message (and hint) says what to fix
            raise RenderError("\n".join(ours + [line for line in lines if line.startswith("write them as")]))
        raise RenderError(
            f"{what} failed (exit {proc.returncode}).\ncommand: {' '.join(cmd)}\npandoc stderr:\n{stderr}"
        )
    return proc.stdout.decode("utf-8")


# ------------------------------------------------------------------------------------------ Markdown -> Typst


@functools.cache
def _pandoc_version(pandoc: str) -> str:
    """``pandoc --version``'s first line (it is part of every chunk's cache key)."""
    return _run([pandoc, "--version"], "", "pandoc --version").splitlines()[0]


CHUNK_NAME = re.compile(r"[0-9a-f]{32}\.typ")


def converter_fingerprint(pandoc_version: str) -> str:
    """What turns a chunk's Markdown into Typst: pandoc's version, its reader options, the Lua filter."""
    digest = hashlib.sha256()
    for part in (pandoc_version, PANDOC_READER, CHUNKS_FILTER.read_text(encoding="utf-8"),
                 HOUSE_FILTER.read_text(encoding="utf-8")):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def chunk_key(block: str, *, base_dir: Path, converter: str) -> str:
    """Cache key of one chunk's Typst: its Markdown, where relative images are resolved, the converter."""
    digest = hashlib.sha256()
    for part in (converter, str(base_dir), block):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def markdown_to_typst(
    blocks: list[str], metadata: dict[str, Any], build_dir: Path, *, base_dir: Path, chunk_dir: Path | None = None
) -> Path:
    """The report's Markdown blocks -> ``build_dir/report.typ``, which includes one Typst file per block.

    One pandoc pass with the ``chunks.lua`` filter. A block whose Typst is already in *chunk_dir* (same key:
    same Markdown, same converter) is not converted again; files of blocks no longer in the report are removed.
    Without *chunk_dir*, the chunks go to ``build_dir/chunks`` (nothing reused).
    """
    pandoc = pandoc_path()
    chunk_dir = Path(chunk_dir if chunk_dir is not None else build_dir / "chunks").resolve()
    chunk_dir.mkdir(parents=True, exist_ok=True)
    converter = converter_fingerprint(_pandoc_version(pandoc))
    keys = [chunk_key(block, base_dir=base_dir, converter=converter) for block in blocks]
    parts = []
    for key, block in zip(keys, blocks, strict=True):
        if (chunk_dir / f"{key}.typ").is_file():
            parts.append(f"<!-- intl-chunk {key} cached -->")
        else:  # the marker ends any list or block before it: each chunk is read as if alone
            parts.append(f"<!-- intl-chunk {key} -->\n\n{block}")
    config = build_dir / "chunks.json"
    config.write_text(
        json.dumps({"base_dir": str(base_dir), "chunk_dir": str(chunk_dir), "metadata": metadata}), encoding="utf-8"
    )
    cmd = [pandoc, "-f", PANDOC_READER, "-t", "typst", "--standalone", "--template", str(PANDOC_TEMPLATE),
           "--wrap=preserve", "--lua-filter", str(CHUNKS_FILTER)]  # fmt: skip
    typ = _run(cmd, "\n\n".join(parts) + "\n", "pandoc (Markdown -> Typst)", env={CHUNKS_CONFIG_ENV: str(config)})
    used = {f"{key}.typ" for key in keys}
    for stale in chunk_dir.glob("*.typ"):
        if CHUNK_NAME.fullmatch(stale.name) and stale.name not in used:
            stale.unlink(missing_ok=True)
    out = build_dir / "report.typ"
    out.write_text(typ, encoding="utf-8")
    return out


def _typst_failure(typ_file: Path, exc: Exception) -> RenderError:
    details = [str(exc)]
    for attr in ("diagnostic", "hints", "trace"):
        value = getattr(exc, attr, None)
        if value:
            details.append(f"{attr}: {value}")
    hint = ""
    if "alt text" in str(exc):
        hint = '\nhint: every image (also inside raw ```{=typst} blocks) needs alt text: image(..., alt: "...")'
    return RenderError(f"typst compilation of {typ_file} failed:\n" + "\n".join(details) + hint)


def _typst():
    try:
        import typst
    except ImportError as exc:  # pragma: no cover
        raise RenderError("the 'typst' wheel is not installed (pip install typst)") from exc
    return typst


class TypstSession:
    """One Typst compiler for a report, whose main file keeps its place (``<folder>/report.typ``) between renders.

    Typst memoises its work per process: a compiler that has just laid out the previous edition lays out the new
    one again only where it changed. :meth:`prewarm` compiles the previous edition in a background thread (Typst
    releases the GIL) while the run's notebooks execute; :meth:`compile` then writes the new main file in its
    place and compiles it: about half the time of a fresh compile, and the same bytes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.main = self.folder / "report.typ"
        self._compiler = None
        self._thread: threading.Thread | None = None

    def compiler(self):
        if self._compiler is None:
            self._compiler = _typst().Compiler(str(self.main), root="/", font_paths=font_dirs(self.folder),
                                               ignore_system_fonts=True)
        return self._compiler

    def prewarm(self) -> TypstSession:
        """Compile the previous edition in the background, if there is one (its result is thrown away)."""
        if self.main.is_file() and self._thread is None:
            compiler = self.compiler()

            def warm() -> None:
                # At the lowest priority, it only takes what the notebooks leave idle: they come first. (Typst's
                # worker threads, started by this first compile, inherit it; the final compile runs alone.)
                with contextlib.suppress(OSError, AttributeError):
                    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
                try:
                    compiler.compile(pdf_standards=PDF_STANDARDS, pdf_tags=True)
                except Exception:  # noqa: BLE001 - a stale or broken previous edition only costs the speed-up
                    pass

            self._thread = threading.Thread(target=warm, name="typst-prewarm", daemon=True)
            self._thread.start()
        return self

    def compile(self, typ: str, output_pdf: Path, *, timestamp: dt.datetime) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        partial = self.main.with_name(f".report.{os.getpid()}.part.typ")
        partial.write_text(typ, encoding="utf-8")
        os.replace(partial, self.main)
        try:
            self.compiler().compile(output=str(output_pdf), pdf_standards=PDF_STANDARDS, pdf_tags=True,
                                    timestamp=timestamp)
        except Exception as exc:  # typst.TypstError and friends
            raise _typst_failure(self.main, exc) from exc


def render_embedded(
    executed_notebook: Path,
    output_pdf: Path,
    *,
    lang: str = "it",
    metadata: dict[str, Any],
    work_dir: Path | None = None,
    chunk_dir: Path | None = None,
    session: TypstSession | None = None,
) -> Path:
    """Render with pandoc + typst wheels; writes atomically to *output_pdf* and returns it.

    *chunk_dir* keeps each chapter's Typst and the main file between renders (see :func:`markdown_to_typst`
    and :class:`TypstSession`; *session*, if given, must be the one of *chunk_dir*); *work_dir* keeps the
    intermediate files (report.md, report.typ) for inspection.
    """
    executed_notebook = Path(executed_notebook).resolve()
    output_pdf = Path(output_pdf).resolve()
    meta = normalise_metadata(metadata, lang)
    timestamp = edition_timestamp(metadata)
    output_pdf.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="intl-report-") as tmp:
        build = Path(work_dir).resolve() if work_dir is not None else Path(tmp)
        build.mkdir(parents=True, exist_ok=True)
        blocks = notebook_to_blocks(executed_notebook, build / "outputs", lang=meta["lang"])
        if work_dir is not None:
            (build / "report.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        typ = markdown_to_typst(blocks, meta, build, base_dir=executed_notebook.parent, chunk_dir=chunk_dir)
        if session is None:
            session = TypstSession(chunk_dir if chunk_dir is not None else build / "chunks")
        fd, tmp_pdf = tempfile.mkstemp(prefix=f".{output_pdf.stem}.", suffix=".pdf.part", dir=output_pdf.parent)
        os.close(fd)
        try:
            session.compile(typ.read_text(encoding="utf-8"), Path(tmp_pdf), timestamp=timestamp)
            os.chmod(tmp_pdf, publishable_mode())
            os.replace(tmp_pdf, output_pdf)
        finally:
            if os.path.exists(tmp_pdf):
                os.unlink(tmp_pdf)
    return output_pdf
