"""Rendering of the executed report notebook to PDF (Typst house style, two engines).

* ``embedded`` (default here): pandoc from the ``pypandoc-binary`` wheel + the ``typst`` wheel;
* ``quarto``: ``quarto render`` with the same house style through Typst template partials (report/_quarto.yml).

``render_pdf(..., engine="auto")`` uses Quarto when a ``quarto`` executable is on PATH, else the embedded engine.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .embedded import TypstSession, render_embedded
from .notebook_markdown import RenderError, md_escape, notebook_to_markdown
from .quarto import render_quarto

__all__ = ["RenderError", "TypstSession", "available_engines", "resolve_engine", "md_escape", "notebook_to_markdown", "render_pdf"]

ENGINES = ("embedded", "quarto")


def available_engines() -> list[str]:
    """Engines usable on this machine: always "embedded"; "quarto" when a quarto executable is on PATH."""
    return ["embedded"] + (["quarto"] if shutil.which("quarto") else [])


def resolve_engine(engine: str) -> str:
    """``auto`` -> the engine that will render here: Quarto when it is on PATH, else the embedded one."""
    if engine == "auto":
        return "quarto" if "quarto" in available_engines() else "embedded"
    return engine


def render_pdf(
    executed_notebook: Path,
    output_pdf: Path,
    *,
    engine: str = "auto",
    lang: str = "it",
    metadata: dict[str, Any],
    work_dir: Path | None = None,
    chunk_dir: Path | None = None,
    session: TypstSession | None = None,
) -> Path:
    """Render an executed report notebook to a tagged PDF/UA-1 (+ PDF/A-2a with the embedded engine).

    metadata keys: title (required), subtitle, year, edition_date (already formatted, e.g. "15 marzo 2025"),
    draft (bool: "BOZZA"/"DRAFT" watermark on every page), keywords (list[str]), subject, author
    (default "Città di Torino"), lang, plus optional short_title (page header), coordination (title page),
    timestamp (datetime/ISO date for the PDF creation date; else derived from edition_date).

    chunk_dir (embedded engine) keeps each chapter's Typst between renders, so that a re-render converts only the
    chapters whose content changed, and the Typst main file, which *session* (a TypstSession of *chunk_dir*,
    possibly pre-warmed on the previous edition) compiles incrementally; Quarto converts the whole notebook
    every time.

    The PDF is written atomically (temp file in the target directory + os.replace). Raises RenderError.
    """
    engine = resolve_engine(engine)
    if engine not in ENGINES:
        raise RenderError(f"unknown render engine {engine!r}: choose one of auto, {', '.join(ENGINES)}")
    if engine == "quarto" and "quarto" not in available_engines():
        raise RenderError("engine 'quarto' requested but no quarto executable on PATH: use engine='embedded'")
    if not Path(executed_notebook).is_file():
        raise RenderError(f"executed notebook not found: {executed_notebook}")
    if engine == "quarto":
        return render_quarto(Path(executed_notebook), Path(output_pdf), lang=lang, metadata=metadata,
                             work_dir=work_dir)
    return render_embedded(Path(executed_notebook), Path(output_pdf), lang=lang, metadata=metadata,
                           work_dir=work_dir, chunk_dir=chunk_dir, session=session)
