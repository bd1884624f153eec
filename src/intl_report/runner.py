"""The yearly run: every notebook, in order, through papermill, then the PDF.

    1. notebooks/10-clean-sector.ipynb   once per sector (side by side, --jobs)
    2. notebooks/20-cross-sector.ipynb   once
    3. report/30-report.ipynb            once, then rendered to PDF

The executed notebooks are kept under ``data/processed/<year>/notebooks/`` as
the run's audit trail. A bad workbook is not a failure (it is reported and the
run goes on); a notebook that fails is, and stops the run.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic, paths, pipeline
from .registry import load_registry

EXIT_COMPLETE = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


class StepFailed(Exception):
    """A pipeline step could not run; the message names the step, sector and file."""


@dataclass
class RunOptions:
    year: int
    raw_dir: Path = paths.RAW_DIR
    processed_dir: Path = paths.PROCESSED_DIR
    output_dir: Path = paths.OUTPUT_DIR
    jobs: int = 2
    force: bool = False
    final: bool = False
    lang: str = "it"
    engine: str = "auto"
    sectors: tuple[str, ...] | None = None
    edition_date: dt.date | None = None


@dataclass
class RunResult:
    pdf: Path | None
    incomplete: list[str] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return EXIT_INCOMPLETE if self.incomplete else EXIT_COMPLETE


class Progress:
    """One line per event, on stderr: works on a terminal and in a log file alike."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.stream = stream or sys.stderr

    def log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{self.done:>2}/{self.total}] {elapsed:6.1f}s  {message}", file=self.stream, flush=True)

    def step_done(self, message: str) -> None:
        self.done += 1
        self.log(message)


def pdf_name(year: int, lang: str) -> str:
    suffix = "" if lang == "it" else f"-{lang}"
    return f"rapporto-internazionalizzazione-{year}{suffix}.pdf"


def execute_notebook(source: Path, target: Path, parameters: dict, step: str) -> None:
    """Run one notebook with papermill; the executed copy replaces ``target`` atomically."""
    import papermill

    with atomic.atomic_path(target) as temporary:
        try:
            papermill.execute_notebook(
                str(source),
                str(temporary),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                cwd=str(source.parent),
                language="python",
            )
        except papermill.PapermillExecutionError as exc:
            detail = f"{exc.ename}: {exc.evalue}"
            raise StepFailed(f"{step}: errore nell'esecuzione del notebook {source.name} – {detail}") from exc
        except Exception as exc:  # kernel died, notebook missing, ...
            raise StepFailed(f"{step}: impossibile eseguire il notebook {source.name} – {exc}") from exc
        # papermill wrote to the .part name; keep the executed notebook under its own name.
        target.parent.mkdir(parents=True, exist_ok=True)


def run_year(options: RunOptions, progress_stream=None) -> RunResult:
    """Run every step of the year and render the PDF. Raises StepFailed on a failing step."""
    registry = load_registry()
    sectors = options.sectors or registry.slugs
    layout = pipeline.YearLayout.of(options.year, options.raw_dir, options.processed_dir)
    if not layout.raw.exists():
        raise StepFailed(f"lettura: la cartella dei dati {layout.raw} non esiste")
    progress = Progress(len(sectors) + 3, progress_stream)
    result = RunResult(pdf=None)
    progress.log(f"anno {layout.year}: {len(sectors)} settori da {layout.raw}")

    def clean(sector: str) -> dict:
        started = time.monotonic()
        workbook = pipeline.find_workbook(layout, sector)
        step = f"pulizia, settore {sector}, file {workbook.name if workbook else '(nessun file)'}"
        execute_notebook(
            paths.CLEAN_NOTEBOOK,
            layout.notebooks_dir / f"10-clean-{sector}.ipynb",
            {"sector": sector, "year": layout.year, "raw_dir": str(options.raw_dir),
             "processed_dir": str(options.processed_dir)},
            step,
        )
        return {"step": "clean", "sector": sector, "seconds": round(time.monotonic() - started, 2)}

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {pool.submit(clean, sector): sector for sector in sectors}
        for future in as_completed(futures):
            sector = futures[future]
            try:
                step = future.result()
            except StepFailed:
                for other in futures:
                    other.cancel()
                raise
            result.steps.append(step)
            summary = pipeline.load_summaries(layout)[registry.slugs.index(sector)]
            progress.step_done(
                f"pulizia {sector}: {summary['rows_kept']} accolte, {summary['rows_rejected']} scartate"
                + ("" if summary["status"] == "ok" else f" ({summary['status']})")
            )

    started = time.monotonic()
    execute_notebook(
        paths.CROSS_NOTEBOOK,
        layout.notebooks_dir / "20-cross-sector.ipynb",
        {"year": layout.year, "processed_dir": str(options.processed_dir)},
        "analisi trasversale",
    )
    result.steps.append({"step": "cross", "seconds": round(time.monotonic() - started, 2)})
    progress.step_done("analisi trasversale e grafici")

    result.summaries = pipeline.load_summaries(layout)
    result.incomplete = pipeline.completeness(result.summaries)
    if options.final and result.incomplete:
        progress.log("rapporto definitivo rifiutato: dati incompleti")
        return result

    started = time.monotonic()
    executed_report = layout.notebooks_dir / f"30-report-{options.lang}.ipynb"
    execute_notebook(
        paths.REPORT_NOTEBOOK,
        executed_report,
        {"year": layout.year, "lang": options.lang, "processed_dir": str(options.processed_dir)},
        "rapporto",
    )
    progress.step_done("rapporto: notebook eseguito")

    from . import render, report_content

    context = report_content.load_context(layout.year, options.lang, options.processed_dir)
    metadata = report_content.metadata(context, options.edition_date)
    pdf = Path(options.output_dir) / str(layout.year) / pdf_name(layout.year, options.lang)
    try:
        render.render_pdf(executed_report, pdf, engine=options.engine, lang=options.lang, metadata=metadata)
    except render.RenderError as exc:
        raise StepFailed(f"impaginazione del PDF: {exc}") from exc
    result.steps.append({"step": "report", "seconds": round(time.monotonic() - started, 2)})
    progress.step_done(f"PDF scritto: {pdf}")
    result.pdf = pdf
    return result
