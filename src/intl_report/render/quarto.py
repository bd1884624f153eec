"""Quarto engine: ``quarto render <executed.ipynb> --to typst`` with the same Typst house style.

Used when a ``quarto`` executable is on PATH. The house style reaches Quarto as Typst *template partials*
(report/_quarto.yml -> typst-template.typ, typst-show.typ and src/intl_report/render/templates/house.typ; Quarto
copies every listed partial next to its main template, so typst-template.typ inlines house.typ with the pandoc
partial syntax -- no Typst ``#import`` across directories, which Typst's project-root sandbox would refuse).

The render happens in a staging project (work dir) so that nothing is written into the repository:
  * _quarto.yml is copied from report/ with its template-partials made absolute;
  * the executed notebook is copied with every absolute image path in its Markdown rewritten to a copy under
    ``media/`` (Typst can only read files below its root, which Quarto sets to the project dir), and
    ``![alt](x.svg)`` images without attributes get ``{fig-alt="alt"}`` (Quarto >= 1.9 no longer uses captions as
    alt text, and PDF/UA-1 requires alt text);
  * metadata is passed with ``-M key:value`` (Quarto parses the value as YAML: values are JSON-encoded, strings
    md_escape()d because Quarto reads metadata strings as Markdown);
  * SOURCE_DATE_EPOCH is set from the edition date (reproducible PDF creation date).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import nbformat
import yaml

from ..paths import REPORT_DIR
from .embedded import edition_timestamp, font_dirs, normalise_metadata
from .notebook_markdown import RenderError, md_escape

QUARTO_CONFIG = REPORT_DIR / "_quarto.yml"
STAGED_NOTEBOOK = "report.ipynb"
STAGED_PDF = "report.pdf"

# ![alt](/abs/path.svg) or ![alt](</abs/path with spaces.svg>) optionally followed by {attributes}
_IMAGE_REF = re.compile(
    r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?:<(?P<bracketed>/[^>]*)>|(?P<bare>/[^)\s]*))\)(?P<attr>\{)?"
)


def quarto_executable() -> str | None:
    return shutil.which("quarto")


def _yaml_value(value: Any) -> str:
    """Value for ``-M key:value``: JSON is YAML, so strings stay strings ('#' is not a comment, '2025' not an int)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return json.dumps([md_escape(v) for v in value], ensure_ascii=False)
    return json.dumps(md_escape(value), ensure_ascii=False)


def build_quarto_command(
    meta: dict[str, Any], *, quarto: str = "quarto", notebook: str = STAGED_NOTEBOOK, output: str = STAGED_PDF
) -> list[str]:
    """The ``quarto render`` command line (run with cwd = the staging project dir)."""
    cmd = [quarto, "render", notebook, "--to", "typst", "--no-execute", "--output", output]
    for key, value in meta.items():
        if key in ("toc", "toc-depth", "lang"):  # typed options, not Markdown text
            cmd += ["-M", f"{key}:{json.dumps(value) if not isinstance(value, bool) else str(value).lower()}"]
        else:
            cmd += ["-M", f"{key}:{_yaml_value(value)}"]
    fonts = font_dirs()
    if fonts:
        cmd += ["-M", f"font-paths:{json.dumps(fonts)}"]
    return cmd


def _stage_markdown(text: str, media: Path) -> str:
    def repl(m: re.Match[str]) -> str:
        src = Path(m["bracketed"] or m["bare"])
        if not src.is_file():
            raise RenderError(f"image not found: {src} (referenced in the report notebook)")
        data = src.read_bytes()
        media.mkdir(parents=True, exist_ok=True)
        target = media / f"{hashlib.sha256(data).hexdigest()[:16]}{src.suffix.lower()}"
        target.write_bytes(data)
        ref = f"![{m['alt']}](<media/{target.name}>)"
        if m["attr"]:
            return ref + "{"
        alt = re.sub(r"\\(.)", r"\1", m["alt"]).replace("\\", "\\\\").replace('"', '\\"')
        return ref + (f'{{fig-alt="{alt}"}}' if alt.strip() else "")

    return _IMAGE_REF.sub(repl, text)


def stage_project(executed_notebook: Path, stage: Path) -> Path:
    """Write the staging Quarto project (config + notebook + media) into *stage*; returns the staged notebook."""
    if not QUARTO_CONFIG.is_file():
        raise RenderError(f"Quarto settings not found: {QUARTO_CONFIG}")
    config = yaml.safe_load(QUARTO_CONFIG.read_text(encoding="utf-8")) or {}
    typst_fmt = config.setdefault("format", {}).setdefault("typst", {})
    partials = typst_fmt.get("template-partials") or []
    typst_fmt["template-partials"] = [str((REPORT_DIR / p).resolve()) for p in partials]
    for p in typst_fmt["template-partials"]:
        if not Path(p).is_file():
            raise RenderError(f"Typst template partial not found: {p} (listed in {QUARTO_CONFIG})")
    stage.mkdir(parents=True, exist_ok=True)
    (stage / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    nb = nbformat.read(str(executed_notebook), as_version=4)
    media = stage / "media"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _stage_markdown(cell.source, media)
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            if "text/markdown" in data:
                md = data["text/markdown"]
                data["text/markdown"] = _stage_markdown("".join(md) if isinstance(md, list) else md, media)
    target = stage / STAGED_NOTEBOOK
    nbformat.write(nb, str(target))
    return target


def render_quarto(
    executed_notebook: Path,
    output_pdf: Path,
    *,
    lang: str = "it",
    metadata: dict[str, Any],
    work_dir: Path | None = None,
) -> Path:
    quarto = quarto_executable()
    if quarto is None:
        raise RenderError("quarto is not on PATH: install Quarto (>= 1.9 for PDF/UA) or use engine='embedded'")
    executed_notebook = Path(executed_notebook).resolve()
    output_pdf = Path(output_pdf).resolve()
    meta = normalise_metadata(metadata, lang)
    meta["toc-depth"] = int(meta["toc-depth"])
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(edition_timestamp(metadata).timestamp())))
    output_pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="intl-report-quarto-") as tmp:
        stage = Path(work_dir).resolve() if work_dir is not None else Path(tmp)
        stage_project(executed_notebook, stage)
        cmd = build_quarto_command(meta, quarto=quarto)
        proc = subprocess.run(cmd, cwd=stage, env=env, capture_output=True, text=True, check=False)
        produced = stage / STAGED_PDF
        if proc.returncode != 0 or not produced.is_file():
            raise RenderError(
                f"quarto render failed (exit {proc.returncode}) in {stage}\ncommand: {' '.join(cmd)}\n"
                f"stderr:\n{proc.stderr.strip()}\nstdout:\n{proc.stdout.strip()[-4000:]}"
            )
        fd, tmp_pdf = tempfile.mkstemp(prefix=f".{output_pdf.stem}.", suffix=".pdf.part", dir=output_pdf.parent)
        os.close(fd)
        try:
            shutil.copyfile(produced, tmp_pdf)
            os.replace(tmp_pdf, output_pdf)
        finally:
            if os.path.exists(tmp_pdf):
                os.unlink(tmp_pdf)
    return output_pdf
