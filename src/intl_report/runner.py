"""The yearly run: every notebook, in order, through papermill, then the PDF.

    1. notebooks/10-clean-sector.ipynb   once per sector, side by side (--jobs)
    2. notebooks/20-cross-sector.ipynb   once
    3. report/30-report.ipynb            once, then rendered to PDF

A step re-runs only when its inputs changed (workbook, parameters, the
package's code; for the later steps, the earlier steps' outputs); ``force``
re-runs everything. Every output is written under a temporary name and moved
into place when complete, one run per year holds a lock, and a manifest next
to the PDF records inputs, parameters, versions and steps.

A bad workbook is not a failure (it is reported and the run goes on); a
notebook that fails is, and stops the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import threading
import time
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, atomic, paths, runstate, steps
from .executors import DEFAULT_CELL_TIMEOUT, DEFAULT_EXECUTOR, make_executor
from .exit_codes import EXIT_COMPLETE, EXIT_INCOMPLETE
from .collection import state_word, summary_state
from .i18n import say, say_plural
from .intake import OtherFile, take_in
from .layout import (
    YearLayout,
    companion_name,
    completeness,
    load_summaries,
    previous_year_numbers,
)
from .registry import load_registry
from .steps import Step


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
    executor: str = DEFAULT_EXECUTOR  # executors.EXECUTORS
    cell_timeout: float | None = DEFAULT_CELL_TIMEOUT  # seconds a notebook cell may run; None: no limit


@dataclass
class RunResult:
    pdf: Path | None
    incomplete: list[str] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    manifest: Path | None = None
    other_files: list[OtherFile] = field(default_factory=list)  # input files not read, with the reason
    companion: Path | None = None  # every activity as open data (CSV), published next to the PDF
    executor: str | None = None  # what ran the notebooks


class Progress:
    """One line per event on stderr (sectors done / total, step, elapsed): fine on a terminal and in a log."""

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


def _failure_message(step: str, source: Path, exc: BaseException) -> str:
    from nbclient.exceptions import CellTimeoutError

    if isinstance(exc, CellTimeoutError):
        timeout, cell = getattr(exc, "timeout", None), getattr(exc, "cell_index", None)
        seconds = format(timeout, "g") if timeout else "?"
        return say("run.cell_timeout", "{step}: la cella {cell} del notebook {notebook} ha superato il tempo massimo "
                   "({seconds} s, --cell-timeout) ed è stata interrotta", step=step, notebook=source.name,
                   cell="?" if cell is None else cell, seconds=seconds)
    ename = getattr(exc, "ename", None)
    if ename:
        return say("run.notebook_error", "{step}: errore nell'esecuzione del notebook {notebook} – {error}: {detail}",
                   step=step, notebook=source.name, error=ename, detail=getattr(exc, "evalue", ""))
    return say("run.notebook_failed", "{step}: impossibile eseguire il notebook {notebook} – {detail}", step=step,
               notebook=source.name, detail=exc)


def _run_jobs(jobs: list[Step], executor, state: runstate.StepState, force: bool, progress: Progress,
              done_message, record: list[dict]) -> None:
    """Run the steps whose inputs changed, side by side; stop at the first failure."""
    pending: dict[Future, tuple[Step, Path, float]] = {}
    for job in jobs:
        expected = [job.executed, *job.outputs, *steps.listed_files(job.outputs)]
        if not force and state.is_current(job.name, job.fingerprint, expected):
            record.append({"step": job.name, "status": "skipped", "seconds": 0.0})
            progress.step_done(say("run.skipped", "{step} (invariato, saltato)", step=done_message(job)))
            continue
        state.forget(job.name)
        job.executed.parent.mkdir(parents=True, exist_ok=True)
        temporary = job.executed.with_name(f".{job.executed.stem}.{os.getpid()}.part.ipynb")
        future = executor.submit(job.notebook, temporary, job.parameters)
        pending[future] = (job, temporary, time.monotonic())
    failure: StepFailed | None = None
    while pending:
        finished, _ = wait(list(pending), return_when="FIRST_COMPLETED")
        for future in finished:
            job, temporary, started = pending.pop(future)
            error = future.exception()
            if error is not None:
                temporary.unlink(missing_ok=True)
                failure = failure or StepFailed(_failure_message(job.label, job.notebook, error))
                for other in pending:
                    other.cancel()
                continue
            os.replace(temporary, job.executed)
            state.record(job.name, job.fingerprint)
            seconds = round(time.monotonic() - started, 2)
            record.append({"step": job.name, "status": "run", "seconds": seconds})
            progress.step_done(done_message(job))
    if failure is not None:
        raise failure


def _remove_leftovers(*folders: Path) -> None:
    """Temporary files of a run that was killed: never complete, never used."""
    for folder in folders:
        if folder.exists():
            for leftover in folder.rglob("*.part.*"):
                leftover.unlink(missing_ok=True)


def _clear_caches(layout: YearLayout, output_year: Path) -> None:
    """--force rebuilds everything: no chart and no chapter of the PDF is reused from an earlier run."""
    shutil.rmtree(layout.render_caches, ignore_errors=True)
    for key in (Path(output_year) / "quarto").glob(".*.render-key.json"):  # the Quarto project's last render
        key.unlink(missing_ok=True)
    if layout.charts_dir.exists():
        for cache in layout.charts_dir.rglob(".chart-cache.json"):
            cache.unlink(missing_ok=True)


# --- the run ---------------------------------------------------------------------------------------------------


def run_year(options: RunOptions, progress_stream=None) -> RunResult:
    """Run every step of the year and render the PDF.

    Raises
    ------
    StepFailed
        A step failed; the message names the step, the sector and the file.
    runstate.RunInProgress
        Another run for the same year is writing.
    """
    registry = load_registry()
    sectors = options.sectors or registry.slugs
    layout = YearLayout.of(options.year, options.raw_dir, options.processed_dir)
    if not layout.raw.exists():
        raise StepFailed(say("run.no_input_folder", "lettura: la cartella dei dati {folder} non esiste",
                             folder=layout.raw))
    output_year = Path(options.output_dir) / str(layout.year)
    pdf = output_year / pdf_name(layout.year, options.lang)
    edition = options.edition_date or dt.date.today()
    progress = Progress(len(sectors) + 3, progress_stream)
    result = RunResult(pdf=None)
    started = time.monotonic()
    renderer = runstate.render_engine(options.engine)  # which engine renders, and Quarto's version: asked once

    with runstate.YearLock(layout.processed):
        _remove_leftovers(layout.processed, output_year)
        if options.force:
            _clear_caches(layout, output_year)
        state = runstate.StepState(layout.processed)
        ahead = _RenderAhead(options, layout)
        progress.log(say("run.start", "anno {year}: {sectors} settori da {folder}, {jobs} in parallelo",
                         year=layout.year, sectors=len(sectors), folder=layout.raw, jobs=options.jobs))
        intake = take_in(layout, registry)
        result.other_files = intake.others
        for other in intake.others:
            progress.log(say("run.other_file", "ATTENZIONE: {file}: {reason}", file=other.path.name,
                             reason=other.reason))
        cleaning = [steps.clean_step(layout, sector, intake.file(sector), options.raw_dir, options.processed_dir,
                                     intake.warnings_of(sector)) for sector in sectors]

        def cleaned(job: Step) -> str:
            summary = json.loads(layout.summary(job.parameters["sector"]).read_text("utf-8"))
            state = summary_state(summary)
            if state in ("missing", "unreadable"):
                return say("run.cleaned_nothing", "pulizia {sector}: {state}", sector=job.parameters["sector"],
                           state=state_word(state))
            rows = ", ".join([
                say_plural("run.kept", "{count} accolta", "{count} accolte", summary["rows_kept"]),
                say_plural("run.rejected", "{count} scartata", "{count} scartate", summary["rows_rejected"])])
            return say("run.cleaned", "pulizia {sector}: {state} – {rows}", sector=job.parameters["sector"],
                       state=state_word(state), rows=rows)

        with make_executor(options.executor, max(1, options.jobs), options.cell_timeout) as executor:
            result.executor = executor.name
            _run_jobs(cleaning, executor, state, options.force, progress, cleaned, result.steps)

            earlier = [YearLayout.of(y, None, options.processed_dir).activities
                       for y in previous_year_numbers(layout.year, options.processed_dir)]
            cross = steps.cross_step(layout, cleaning, earlier, options.processed_dir)
            _run_jobs([cross], executor, state, options.force, progress, lambda job: say("run.cross_done", "analisi trasversale e grafici"),
                      result.steps)

            result.summaries = load_summaries(layout)
            result.incomplete = completeness(result.summaries)
            if options.final and result.incomplete:
                progress.log(say("run.final_refused_log", "rapporto definitivo rifiutato: dati incompleti"))
                result.manifest = _write_manifest(options, layout, pdf, edition, result, [*cleaning, cross],
                                                  started, renderer)
                return result

            report = steps.report_step(layout, options.lang, cross, options.processed_dir)
            _run_jobs([report], executor, state, options.force, progress, lambda job: say("run.report_done", "rapporto: notebook eseguito"),
                      result.steps)

        render_job = f"render-{options.lang}"
        render_print = runstate.fingerprint(
            {"engine": renderer[0], "quarto": renderer[1], "edition": edition.isoformat(), "lang": options.lang},
            [report.executed, *paths.QUARTO_SETTINGS],
        )
        if not options.force and state.is_current(render_job, render_print, [pdf]):
            result.steps.append({"step": render_job, "status": "skipped", "seconds": 0.0})
            progress.step_done(say("run.pdf_unchanged", "PDF invariato: {file}", file=pdf))
        else:
            render_started = time.monotonic()
            _render(options, layout, report.executed, pdf, edition, ahead.session())
            state.record(render_job, render_print)
            result.steps.append({"step": render_job, "status": "run",
                                 "seconds": round(time.monotonic() - render_started, 2)})
            progress.step_done(say("run.pdf_written", "PDF scritto: {file}", file=pdf))
        result.pdf = pdf
        result.companion = _publish_companion(layout, output_year)
        if result.companion:
            progress.log(say("run.companion", "elenco delle attività (CSV): {file}", file=result.companion))
        result.manifest = _write_manifest(options, layout, pdf, edition, result, [*cleaning, cross, report],
                                          started, renderer)
    return result


class _RenderAhead:
    """What the render needs, prepared on the spare core while the notebooks run in their own processes.

    The imports (the metadata need pandas: half a second this command would otherwise pay at the end) and, with
    the embedded engine, Typst's layout of the previous edition (see ``render.TypstSession``). At the lowest
    priority, so that the notebooks come first. Nothing here can fail the run: the render does it again, and
    reports.
    """

    def __init__(self, options: RunOptions, layout: YearLayout):
        self._session = None
        self._thread = threading.Thread(target=self._prepare, args=(options, layout), name="render-ahead",
                                        daemon=True)
        self._thread.start()

    def _prepare(self, options: RunOptions, layout: YearLayout) -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        with contextlib.suppress(Exception):
            from . import render

            if render.resolve_engine(options.engine) == "embedded" and not options.force:
                self._session = render.TypstSession(layout.render_cache(options.lang)).prewarm()
            from . import report_texts  # noqa: F401

    def session(self):
        """The pre-warmed Typst session (None without one), once the preparation is over."""
        self._thread.join()
        return self._session


def _render(options: RunOptions, layout: YearLayout, executed: Path, pdf: Path, edition: dt.date,
            typst_session=None) -> None:
    from . import render, report_texts

    metadata = report_texts.render_metadata(layout.year, options.lang, options.processed_dir, edition)
    try:
        render.render_pdf(executed, pdf, engine=options.engine, lang=options.lang, metadata=metadata,
                          chunk_dir=layout.render_cache(options.lang), session=typst_session)
    except render.RenderError as exc:
        raise StepFailed(say("run.render_failed", "impaginazione del PDF: {detail}", detail=exc)) from exc


def _publish_companion(layout: YearLayout, output_year: Path) -> Path | None:
    """Copy the year's activities CSV next to the PDF (atomically; only when it changed)."""
    source = layout.activities_csv
    if not source.exists():
        return None
    target = output_year / companion_name(layout.year)
    if not target.exists() or runstate.sha256_file(target) != runstate.sha256_file(source):
        with atomic.atomic_path(target) as temporary:
            shutil.copyfile(source, temporary)
    return target


def manifest_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem + ".manifest.json")


def _write_manifest(options: RunOptions, layout: YearLayout, pdf: Path, edition: dt.date,
                    result: RunResult, declared: list[Step], started: float,
                    renderer: tuple[str, str | None]) -> Path:
    """What the run read, with which parameters and versions, what it did and how long it took.

    *declared*: the run's steps (``steps``); each recorded step gets its notebook and outputs from there.
    *renderer*: the engine that renders and Quarto's version (``runstate.render_engine``, asked once per run).
    """
    engine, quarto = renderer
    cleaning = [step for step in declared if step.name.startswith("clean-")]
    inputs = [runstate.file_record(path) for step in cleaning for path in step.inputs]
    by_name = {step.name: step for step in declared}
    recorded = []
    for entry in result.steps:
        step = by_name.get(entry["step"])
        if step is not None:
            entry = {**entry, "notebook": step.notebook.name,
                     "outputs": [str(path) for path in [step.executed, *step.outputs]]}
        recorded.append(entry)
    manifest = {
        "intl_report_version": __version__,
        "year": layout.year,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parameters": {
            "year": layout.year, "lang": options.lang, "jobs": options.jobs, "force": options.force,
            "final": options.final, "engine": options.engine, "edition_date": edition.isoformat(),
            "raw_dir": str(options.raw_dir), "processed_dir": str(options.processed_dir),
            "output_dir": str(options.output_dir), "sectors": list(options.sectors or load_registry().slugs),
            "executor": options.executor, "cell_timeout": options.cell_timeout,
        },
        "inputs": inputs,
        "missing_inputs": [step.parameters["sector"] for step in cleaning if not step.inputs],
        "unrecognised_inputs": [other.path.name for other in result.other_files],
        "other_inputs": [other.as_dict() for other in result.other_files],
        "versions": runstate.versions(engine, quarto),
        "engine_used": engine,  # what rendered the PDF: "embedded" or "quarto"
        "quarto_version": quarto,
        "executor_used": result.executor,
        "steps": recorded,
        "total_seconds": round(time.monotonic() - started, 2),
        "complete": not result.incomplete,
        "incomplete": result.incomplete,
        "rows": {s["sector"]: {k: s[k] for k in ("status", "rows_read", "rows_kept", "rows_rejected")}
                 for s in result.summaries},
        "pdf": runstate.file_record(pdf) if result.pdf and pdf.exists() else None,
        "companion": runstate.file_record(result.companion) if result.companion else None,
        "exit_status": EXIT_INCOMPLETE if result.incomplete else EXIT_COMPLETE,
    }
    target = manifest_path(pdf)
    atomic.write_json(target, manifest)
    return target
