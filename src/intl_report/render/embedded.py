"""Embedded engine: executed notebook -> Markdown -> pandoc (typst writer) -> typst (Python wheel) -> PDF.

No external tools: pandoc comes from the ``pypandoc-binary`` wheel, the Typst compiler from the ``typst`` wheel,
the body font (DejaVu Sans, with "Last Resort High-Efficiency" as glyph fallback) from matplotlib's bundled fonts.
System fonts are ignored so that a laptop and a fresh CI machine produce the same bytes.

Pipeline
  1. notebook -> Markdown (notebook_markdown.notebook_to_markdown)
  2. pandoc ``-f markdown-citations-tex_math_dollars-raw_tex -t json`` (``@`` and ``$`` stay literal,
     ``raw_attribute`` stays on so that ```` ```{=typst} ```` blocks pass through)
  3. the JSON AST is post-processed in Python: every image is copied into ``<build>/media`` (the Typst root is the
     build dir: Typst cannot read files outside its root) and replaced by raw Typst ``image(..., alt: "...")`` --
     pandoc 3.9's typst writer drops alt text, which PDF/UA-1 requires; ``{{< pagebreak >}}`` (Quarto's shortcode)
     becomes ``#pagebreak()``; the report metadata is injected as literal MetaStrings (never parsed as Markdown)
  4. pandoc ``-f json -t typst --standalone --template pandoc-typst.template`` (house.typ inlined as a partial)
  5. ``typst.compile(pdf_standards=["ua-1", "a-2a"], pdf_tags=True, timestamp=<edition date>)``: tagged PDF,
     PDF/UA-1 + PDF/A-2a (the compiler accepts that pair; PDF/A-4 would need PDF 2.0, which PDF/UA-1 forbids),
     fixed timestamp so that two renders of the same input are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .notebook_markdown import RenderError, notebook_to_markdown

TEMPLATES_DIR = Path(__file__).parent / "templates"
PANDOC_TEMPLATE = TEMPLATES_DIR / "pandoc-typst.template"
HOUSE_TYP = TEMPLATES_DIR / "house.typ"

# citations off ('@Torino' is text), tex_math_dollars off ('$5' is text), raw_tex off ('\foo' is text);
# raw_attribute (```{=typst}), pipe_tables, implicit_figures, yaml_metadata_block stay on (pandoc defaults).
PANDOC_READER = "markdown-citations-tex_math_dollars-raw_tex"
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


def font_dirs() -> list[str]:
    """Font directories passed to typst: matplotlib's bundled DejaVu + Last Resort fonts (+ render/fonts if any)."""
    dirs: list[str] = []
    own = Path(__file__).parent / "fonts"
    if own.is_dir():
        dirs.append(str(own))
    try:
        import matplotlib

        mpl = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        if mpl.is_dir():
            dirs.append(str(mpl))
    except ImportError:  # pragma: no cover - matplotlib is a hard dependency
        pass
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


def _run(cmd: list[str], stdin: str, what: str) -> str:
    try:
        proc = subprocess.run(cmd, input=stdin.encode("utf-8"), capture_output=True, check=False)
    except OSError as exc:
        raise RenderError(f"{what}: cannot run {cmd[0]}: {exc}") from exc
    if proc.returncode != 0:
        raise RenderError(
            f"{what} failed (exit {proc.returncode}).\ncommand: {' '.join(cmd)}\n"
            f"pandoc stderr:\n{proc.stderr.decode('utf-8', 'replace').strip()}"
        )
    return proc.stdout.decode("utf-8")


# ------------------------------------------------------------------------------------------ AST processing


def _meta_value(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, list | tuple):
        return {"t": "MetaList", "c": [_meta_value(v) for v in value]}
    return {"t": "MetaString", "c": str(value)}


def _stringify(node: Any) -> str:
    """Plain text of a pandoc JSON inline list / element (like pandoc.utils.stringify)."""
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    t, c = node.get("t"), node.get("c")
    if t == "Str":
        return c
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t in ("Code", "Math", "RawInline"):
        return c[1] if t != "RawInline" else ""
    if t == "Quoted":
        q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
        return q[0] + _stringify(c[1]) + q[1]
    if t in ("Link", "Image", "Span", "Cite"):
        return _stringify(c[1] if t != "Cite" else c[1])
    if t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline"):
        return _stringify(c)
    if t in ("Para", "Plain", "Header"):
        return _stringify(c if t != "Header" else c[2])
    return ""


def _typst_str(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_length(value: str | None) -> str | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(%|cm|mm|in|pt|em|px)?\s*", value)
    if not m:
        return None
    number, unit = m[1], m[2] or "px"
    if unit == "px":
        return f"{float(number) * 0.75:g}pt"
    return f"{number}{unit}"


class _ImageStager:
    """Copies every referenced image into the build dir and renders the raw Typst image call."""

    def __init__(self, build_dir: Path, base_dir: Path) -> None:
        self.build_dir = build_dir
        self.base_dir = base_dir
        self.media = build_dir / "media"
        self.missing_alt: list[str] = []

    def stage(self, src: str) -> str:
        parsed = urlparse(src)
        if parsed.scheme in ("http", "https", "ftp"):
            raise RenderError(f"remote image {src!r}: download it and reference a local file (no network at build)")
        path = Path(unquote(parsed.path) if parsed.scheme == "file" else src)
        if not path.is_absolute():
            path = self.base_dir / path
        if not path.is_file():
            raise RenderError(f"image not found: {path} (referenced as {src!r} in the report notebook)")
        data = path.read_bytes()
        self.media.mkdir(parents=True, exist_ok=True)
        target = self.media / f"{hashlib.sha256(data).hexdigest()[:16]}{path.suffix.lower()}"
        if not target.exists():
            target.write_bytes(data)
        return target.relative_to(self.build_dir).as_posix()

    def typst_image(self, image: dict[str, Any], *, full_width: bool) -> str:
        (ident, _classes, kvs), description, (src, _title) = image["c"]
        attrs = dict(kvs)
        alt = attrs.get("fig-alt") or attrs.get("alt") or _stringify(description)
        args = [_typst_str(self.stage(src))]
        if alt.strip():
            args.append(f"alt: {_typst_str(alt)}")
        else:
            self.missing_alt.append(src)
        width = _typst_length(attrs.get("width")) or ("100%" if full_width else None)
        height = _typst_length(attrs.get("height"))
        if width:
            args.append(f"width: {width}")
        if height:
            args.append(f"height: {height}")
        return f"image({', '.join(args)})"


def _widen_table(table: dict[str, Any]) -> dict[str, Any]:
    """Tables without (or with equal: ``|---|---|``) column widths span the text width, weighted by longest cell."""
    attr, caption, colspecs, head, bodies, foot = table["c"]
    widths = {spec[1].get("c") for spec in colspecs}  # ColWidthDefault has no "c"
    if len(colspecs) < 2 or len(widths) > 1:  # deliberate, unequal widths (grid tables, tabulate) are kept
        return table
    rows = list(head[1]) + [r for body in bodies for r in body[2] + body[3]] + list(foot[1])
    longest = [0] * len(colspecs)
    for _rattr, cells in rows:
        col = 0
        for _cattr, _align, _rowspan, colspan, blocks in cells:
            if colspan == 1 and col < len(longest):
                longest[col] = max(longest[col], len(_stringify(blocks)))
            col += colspan
    weights = [min(max(n, 6), 45) for n in longest]
    total = sum(weights)
    specs = [[spec[0], {"t": "ColWidth", "c": round(w / total, 4)}] for spec, w in zip(colspecs, weights, strict=True)]
    return {"t": "Table", "c": [attr, caption, specs, head, bodies, foot]}


def _transform(node: Any, stager: _ImageStager, *, in_figure: bool = False) -> Any:
    """Rewrite the pandoc JSON AST: images -> raw Typst with alt text, pagebreak shortcode -> #pagebreak()."""
    if isinstance(node, list):
        return [_transform(n, stager, in_figure=in_figure) for n in node]
    if not isinstance(node, dict) or "t" not in node:
        return node
    t = node["t"]
    if t == "Image":
        call = stager.typst_image(node, full_width=in_figure)
        return {"t": "RawInline", "c": ["typst", f"#{call}" if in_figure else f"#box({call})"]}
    if t in ("Para", "Plain") and not in_figure:
        inlines = node["c"]
        if _stringify(inlines).strip() == PAGEBREAK_SHORTCODE:
            return {"t": "RawBlock", "c": ["typst", "#pagebreak()"]}
        meaningful = [i for i in inlines if i.get("t") not in ("Space", "SoftBreak", "LineBreak")]
        if len(meaningful) == 1 and meaningful[0].get("t") == "Image":  # a lone image: centred, full width
            return {
                "t": "RawBlock",
                "c": ["typst", f"#align(center, {stager.typst_image(meaningful[0], full_width=True)})"],
            }
    if t == "Table":
        node = _widen_table(node)
    if t == "Figure":
        attr, caption, content = node["c"]
        return {"t": "Figure", "c": [attr, _transform(caption, stager), _transform(content, stager, in_figure=True)]}
    if "c" in node:
        return {"t": t, "c": _transform(node["c"], stager, in_figure=in_figure)}
    return node


def markdown_to_typst(markdown: str, metadata: dict[str, Any], build_dir: Path, *, base_dir: Path) -> Path:
    """Markdown -> ``build_dir/report.typ`` (+ ``build_dir/media``); returns the .typ path."""
    pandoc = pandoc_path()
    ast = json.loads(_run([pandoc, "-f", PANDOC_READER, "-t", "json"], markdown, "pandoc (markdown reader)"))
    stager = _ImageStager(build_dir, base_dir)
    ast["blocks"] = _transform(ast["blocks"], stager)
    if stager.missing_alt:
        raise RenderError(
            "images without alt text (PDF/UA-1 requires one for every image): "
            + ", ".join(stager.missing_alt)
            + '\nwrite them as ![alt text](/path/chart.svg) or ![caption](/path/chart.svg){fig-alt="alt text"}'
        )
    for key, value in metadata.items():
        ast["meta"][key] = _meta_value(value)
    typ = _run(
        [pandoc, "-f", "json", "-t", "typst", "--standalone", "--template", str(PANDOC_TEMPLATE), "--wrap=preserve"],
        json.dumps(ast),
        "pandoc (typst writer)",
    )
    out = build_dir / "report.typ"
    out.write_text(typ, encoding="utf-8")
    return out


def compile_typst(typ_file: Path, output_pdf: Path, *, timestamp: dt.datetime, root: Path) -> None:
    try:
        import typst
    except ImportError as exc:  # pragma: no cover
        raise RenderError("the 'typst' wheel is not installed (pip install typst)") from exc
    try:
        typst.compile(
            str(typ_file),
            output=str(output_pdf),
            root=str(root),
            font_paths=font_dirs(),
            ignore_system_fonts=True,
            pdf_standards=PDF_STANDARDS,
            pdf_tags=True,
            timestamp=timestamp,
        )
    except Exception as exc:  # typst.TypstError and friends
        details = [str(exc)]
        for attr in ("diagnostic", "hints", "trace"):
            value = getattr(exc, attr, None)
            if value:
                details.append(f"{attr}: {value}")
        hint = ""
        if "alt text" in str(exc):
            hint = '\nhint: every image (also inside raw ```{=typst} blocks) needs alt text: image(..., alt: "...")'
        raise RenderError(f"typst compilation of {typ_file} failed:\n" + "\n".join(details) + hint) from exc


def render_embedded(
    executed_notebook: Path,
    output_pdf: Path,
    *,
    lang: str = "it",
    metadata: dict[str, Any],
    work_dir: Path | None = None,
) -> Path:
    """Render with pandoc + typst wheels; writes atomically to *output_pdf* and returns it."""
    executed_notebook = Path(executed_notebook).resolve()
    output_pdf = Path(output_pdf).resolve()
    meta = normalise_metadata(metadata, lang)
    timestamp = edition_timestamp(metadata)
    output_pdf.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="intl-report-") as tmp:
        build = Path(work_dir).resolve() if work_dir is not None else Path(tmp)
        build.mkdir(parents=True, exist_ok=True)
        markdown = notebook_to_markdown(executed_notebook, build / "outputs", lang=meta["lang"])
        (build / "report.md").write_text(markdown, encoding="utf-8")
        typ = markdown_to_typst(markdown, meta, build, base_dir=executed_notebook.parent)
        fd, tmp_pdf = tempfile.mkstemp(prefix=f".{output_pdf.stem}.", suffix=".pdf.part", dir=output_pdf.parent)
        os.close(fd)
        try:
            compile_typst(typ, Path(tmp_pdf), timestamp=timestamp, root=build)
            os.replace(tmp_pdf, output_pdf)
        finally:
            if os.path.exists(tmp_pdf):
                os.unlink(tmp_pdf)
    return output_pdf
