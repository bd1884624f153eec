"""Executed notebook -> one Markdown document (pandoc Markdown).

Rules (the report notebook is the single source of the report's content):

* markdown cells are copied verbatim (cell attachments are written to the media dir);
* code is never shown: code cells contribute only their rich outputs;
* outputs: the pandoc Markdown (``text/x-pandoc-markdown``, see :mod:`intl_report.jupyter_view`), else
  ``text/markdown``, verbatim; ``image/svg+xml`` / ``image/png`` / ``image/jpeg`` written to the
  media dir and referenced as a Markdown image; ``text/plain``, ``text/html``, streams and errors are dropped;
* cells tagged ``remove-cell`` (or ``remove_cell``), ``parameters`` or ``injected-parameters`` are dropped entirely;
  cells tagged ``remove-output`` (or ``remove_output``) contribute nothing either.

Alt text of image *outputs* comes from the Quarto cell options ``#| fig-alt:`` (and ``#| fig-cap:`` for a
visible caption) or from ``cell.metadata["fig-alt"]``/``["alt"]``; without any, a generic alt text is used
and a warning is emitted (PDF/UA needs alt text on every image).
"""

from __future__ import annotations

import base64
import hashlib
import re
import warnings
from pathlib import Path
from typing import Any

import nbformat

from ..jupyter_view import PANDOC_MARKDOWN

__all__ = ["RenderError", "md_escape", "notebook_to_blocks", "notebook_to_markdown", "DROP_CELL_TAGS", "DROP_OUTPUT_TAGS"]

DROP_CELL_TAGS = frozenset({"remove-cell", "remove_cell", "parameters", "injected-parameters"})
DROP_OUTPUT_TAGS = frozenset({"remove-output", "remove_output"})

_IMAGE_MIME = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg"}
_GENERIC_ALT = {"it": "Grafico", "en": "Chart"}

# every ASCII punctuation character is backslash-escapable in pandoc Markdown (all_symbols_escapable); quotes are
# left alone so that pandoc's "smart" extension still typesets apostrophes as ’ (dell’Unione) and quotes as “ ”
_MD_SPECIALS = re.compile(r"""([!#$%&()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_NEWLINES = re.compile(r"\s*(?:\r\n|\r|\n)\s*")


class RenderError(RuntimeError):
    """Rendering the report failed; the message says what to fix (and carries pandoc/typst diagnostics)."""


def md_escape(text: object) -> str:
    """Escape *text* so that it shows exactly as typed when embedded in (pandoc) Markdown.

    Every ASCII punctuation character is backslash-escaped (``#``, ``$``, ``*``, ``_``, ``@``, ``<``, ``[``, ``|``
    ...), so nothing turns into emphasis, headings, citations, math, raw HTML, links or table separators, and dashes
    are not "smartened". Straight quotes are not escaped: they become typographic quotes/apostrophes (’ “ ”).
    Line breaks become spaces (the helper is meant for inline text and table cells).
    Non-ASCII text (accents, Arabic, Hebrew, emoji) is left as is.
    """
    s = "" if text is None else str(text)
    s = _NEWLINES.sub(" ", s)
    return _MD_SPECIALS.sub(r"\\\1", s)


def _attr_escape(text: str) -> str:
    return _NEWLINES.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _cell_options(source: str) -> dict[str, str]:
    """Quarto-style ``#| key: value`` options at the top of a code cell."""
    opts: dict[str, str] = {}
    for line in source.splitlines():
        m = re.match(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$", line)
        if not m:
            if line.strip():
                break
            continue
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        opts[m.group(1)] = value
    return opts


def _write_media(media_dir: Path, data: bytes, suffix: str) -> Path:
    media_dir.mkdir(parents=True, exist_ok=True)
    path = media_dir / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    if not path.exists():
        path.write_bytes(data)
    return path.resolve()


def _image_bytes(mime: str, payload: Any) -> bytes:
    if isinstance(payload, list):
        payload = "".join(payload)
    if mime == "image/svg+xml":
        return str(payload).encode("utf-8")
    return base64.b64decode(payload)


def _markdown_cell(cell: Any, media_dir: Path) -> str:
    text = _source(cell)
    for name, bundle in (cell.get("attachments") or {}).items():
        for mime, suffix in _IMAGE_MIME.items():
            if mime in bundle:
                path = _write_media(media_dir, _image_bytes(mime, bundle[mime]), suffix)
                text = text.replace(f"attachment:{name}", path.as_posix())
                break
    return text


def _code_cell(cell: Any, index: int, media_dir: Path, lang: str) -> list[str]:
    parts: list[str] = []
    opts = _cell_options(_source(cell))
    meta = cell.get("metadata", {}) or {}
    alt = opts.get("fig-alt") or meta.get("fig-alt") or meta.get("alt")
    cap = opts.get("fig-cap") or meta.get("fig-cap")
    for output in cell.get("outputs", []):
        if output.get("output_type") not in ("display_data", "execute_result"):
            continue  # streams (print) and errors never reach the report
        data = output.get("data", {}) or {}
        markdown_type = PANDOC_MARKDOWN if PANDOC_MARKDOWN in data else "text/markdown"
        if markdown_type in data:
            md = data[markdown_type]
            parts.append("".join(md) if isinstance(md, list) else str(md))
            continue
        mime = next((m for m in _IMAGE_MIME if m in data), None)
        if mime is None:
            continue  # text/plain, text/html, widgets ... are dropped
        path = _write_media(media_dir, _image_bytes(mime, data[mime]), _IMAGE_MIME[mime])
        if not alt and not cap:
            warnings.warn(
                f"image output of code cell {index} has no alt text: add '#| fig-alt: ...' to the cell "
                "(a generic alt text is used)",
                stacklevel=3,
            )
        alt_text = alt or cap or _GENERIC_ALT.get(lang, _GENERIC_ALT["en"])
        if cap:
            parts.append(f'![{md_escape(cap)}](<{path.as_posix()}>){{fig-alt="{_attr_escape(alt_text)}"}}')
        else:
            parts.append(f"![{md_escape(alt_text)}](<{path.as_posix()}>)")
    return parts


def notebook_to_markdown(notebook: Path | nbformat.NotebookNode, media_dir: Path, *, lang: str = "it") -> str:
    """Convert an executed notebook to a single Markdown string; image outputs are written to *media_dir*."""
    return "\n\n".join(notebook_to_blocks(notebook, media_dir, lang=lang)) + "\n"


def notebook_to_blocks(notebook: Path | nbformat.NotebookNode, media_dir: Path, *, lang: str = "it") -> list[str]:
    """The executed notebook's Markdown, one string per markdown cell or output (a chapter, a section...)."""
    if isinstance(notebook, (str, Path)):
        try:
            nb = nbformat.read(str(notebook), as_version=4)
        except (OSError, ValueError) as exc:  # missing file, invalid JSON / notebook
            raise RenderError(f"cannot read executed notebook {notebook}: {exc}") from exc
    else:
        nb = notebook
    media_dir = Path(media_dir)
    blocks: list[str] = []
    for index, cell in enumerate(nb.get("cells", [])):
        tags = set((cell.get("metadata", {}) or {}).get("tags", []) or [])
        if tags & DROP_CELL_TAGS:
            continue
        kind = cell.get("cell_type")
        if kind == "markdown":
            blocks.append(_markdown_cell(cell, media_dir))
        elif kind == "code" and not tags & DROP_OUTPUT_TAGS:
            blocks.extend(_code_cell(cell, index, media_dir, lang))
        # raw cells are dropped
    return [b.strip("\n") for b in blocks if b.strip()]
