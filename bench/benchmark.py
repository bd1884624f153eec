"""Benchmark of the yearly run. Prints figures; it is not a test.

    .venv/bin/python bench/benchmark.py [--skip-large] [--rows 2000] [--sectors 170]

Measures, on a copy of the bundled 2025 data (and 2024 for the trend):
  1. baseline: each notebook run with papermill's own command line, one after another, no caching
  2. cold full run (intl-report run --force, default --jobs)
  3. cold full run with --jobs 1
  4. warm re-run after one sector's file changed, and where its time goes (the run's own step timings)
  5. rendering the report alone, from its executed notebook
  6. each rendering engine (embedded; Quarto when on PATH or installable from the offline kit): a cold render, a
     re-render after one sector changed, and a re-render with nothing changed (Quarto is then not called)
and, for a generated data set ten times larger in sectors and a hundred times in rows per sector:
  7. the full run's time and peak memory (the whole process tree, sampled from /proc), and the same with a
     quarter of the rows, to show how time grows with rows
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = 2025


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "intl-report"), *args], capture_output=True, text=True, env=env)


def find_quarto() -> str | None:
    """The bin folder of a Quarto: the one on PATH, else the one scripts/install-quarto installs from the kit."""
    found = shutil.which("quarto")
    if found:
        return str(Path(found).parent)
    proc = subprocess.run([str(ROOT / "scripts" / "install-quarto")], capture_output=True, text=True)
    return proc.stdout.strip().splitlines()[-1] if proc.returncode == 0 else None


class EngineRenders:
    """Each engine renders the executed report notebook: cold, after one sector changed, with nothing changed."""

    def __init__(self, work: Path, processed: Path):
        self.work, self.processed = work, processed
        self.quarto = find_quarto()
        self.engines = ["embedded"] + (["quarto"] if self.quarto else [])
        self.figures: dict[tuple[str, str], float] = {}

    def _render(self, engine: str) -> None:
        from intl_report import render, report_content

        context = report_content.load_context(YEAR, "it", self.processed)
        executed = self.processed / str(YEAR) / "notebooks" / "30-report-it.ipynb"
        folder = self.work / f"engine-{engine}"
        render.render_pdf(executed, folder / "rapporto.pdf", engine=engine, metadata=report_content.metadata(context),
                          chunk_dir=folder / "chunks" if engine == "embedded" else None)

    def measure(self, moment: str) -> None:
        saved = os.environ["PATH"]
        if self.quarto:
            os.environ["PATH"] = self.quarto + os.pathsep + saved
        try:
            for engine in self.engines:
                started = time.perf_counter()
                self._render(engine)
                self.figures[engine, moment] = time.perf_counter() - started
        finally:
            os.environ["PATH"] = saved

    def report(self) -> None:
        quarto = "not on PATH and no offline kit: not measured" if not self.quarto else subprocess.run(
            [str(Path(self.quarto) / "quarto"), "--version"], capture_output=True, text=True).stdout.strip()
        print(f"\nRendering engines (bundled year, executed report notebook -> PDF; Quarto: {quarto}):")
        print(f"  {'':<34} {'cold':>8} {'one sector changed':>19} {'nothing changed':>16}")
        for engine in self.engines:
            cells = [f"{self.figures[engine, moment]:7.1f} s" for moment in ("cold", "changed", "unchanged")]
            print(f"  {engine:<34} {cells[0]:>8} {cells[1]:>19} {cells[2]:>16}")


class PeakMemory:
    """Peak of the summed resident memory of a process and its descendants, sampled from /proc."""

    def __init__(self, interval: float = 0.1, limit: int | None = None):
        self.interval = interval
        self.limit = limit  # bytes: beyond it the run is killed, so the benchmark cannot exhaust the machine
        self.peak = 0
        self.exceeded = False
        self._stop = threading.Event()

    @staticmethod
    def _tree_rss(root: int) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(entry), int(fields[1])
            children.setdefault(ppid, []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        total, stack = 0, [root]
        while stack:
            pid = stack.pop()
            total += rss.get(pid, 0)
            stack.extend(children.get(pid, []))
        return total

    def watch(self, process: subprocess.Popen) -> None:
        def sample():
            while not self._stop.is_set() and process.poll() is None:
                self.peak = max(self.peak, self._tree_rss(process.pid))
                if self.limit and self.peak > self.limit:
                    self.exceeded = True
                    os.killpg(process.pid, 9)
                    return
                time.sleep(self.interval)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def timed(label: str, func) -> float:
    started = time.perf_counter()
    func()
    seconds = time.perf_counter() - started
    print(f"  {label:<58} {seconds:7.1f} s", flush=True)
    return seconds


def run_args(raw: Path, processed: Path, out: Path, *extra: str) -> list[str]:
    return ["run", "--year", str(YEAR), "--raw-dir", str(raw), "--processed-dir", str(processed),
            "--output-dir", str(out), "--edition-date", "2026-02-15", "--engine", "embedded", *extra]


def check(result: subprocess.CompletedProcess) -> None:
    if result.returncode not in (0, 3):
        sys.exit(f"run failed ({result.returncode}):\n{result.stderr[-3000:]}")


def baseline(raw: Path, work: Path) -> None:
    """The plain way: papermill's command line per notebook, sequentially, then the render."""
    from intl_report import paths, render, report_content
    from intl_report.registry import load_registry

    processed = work / "processed"
    executed = work / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    papermill = str(BIN / "papermill")
    for sector in load_registry().slugs:
        subprocess.run([papermill, "--no-progress-bar", "--log-level", "ERROR", str(paths.CLEAN_NOTEBOOK), str(executed / f"10-{sector}.ipynb"),
                        "-p", "sector", sector, "-p", "year", str(YEAR), "-p", "raw_dir", str(raw),
                        "-p", "processed_dir", str(processed)], check=True, capture_output=True)
    subprocess.run([papermill, "--no-progress-bar", "--log-level", "ERROR", str(paths.CROSS_NOTEBOOK), str(executed / "20.ipynb"), "-p", "year", str(YEAR),
                    "-p", "processed_dir", str(processed)], check=True, capture_output=True)
    subprocess.run([papermill, "--no-progress-bar", "--log-level", "ERROR", str(paths.REPORT_NOTEBOOK), str(executed / "30.ipynb"), "-p", "year", str(YEAR),
                    "-p", "processed_dir", str(processed)], check=True, capture_output=True)
    context = report_content.load_context(YEAR, "it", processed)
    render.render_pdf(executed / "30.ipynb", work / "baseline.pdf", engine="embedded",
                      metadata=report_content.metadata(context))


def touch_one_sector(raw_year: Path) -> None:
    """Change one cell of one sector's workbook, as a referent's correction would."""
    import openpyxl

    path = raw_year / "sport.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "Torino" in cell.value and cell.row > 4:
                cell.value = cell.value + " (rev.)"
                workbook.save(path)
                return
    sheet.cell(row=sheet.max_row, column=3, value="Descrizione corretta")
    workbook.save(path)


def critical_path(manifest: Path, wall: float) -> None:
    """What the re-run spent its time on: the steps that ran (from its manifest), and the rest."""
    import json

    steps = [step for step in json.loads(manifest.read_text())["steps"] if step["status"] == "run"]
    print("    where it goes (steps that ran; sectors run side by side, the later steps one after another):")
    for step in steps:
        print(f"      {step['step']:<56} {step['seconds']:7.2f} s")
    sequential = sum(step["seconds"] for step in steps if not step["step"].startswith("clean-"))
    cleaning = max((step["seconds"] for step in steps if step["step"].startswith("clean-")), default=0.0)
    print(f"      {'the rest: starting the command and its workers, checks':<56} "
          f"{max(0.0, wall - sequential - cleaning):7.2f} s")


def bundled(work: Path) -> None:
    raw = work / "raw"
    for year in (YEAR - 1, YEAR):
        shutil.copytree(ROOT / "data" / "raw" / str(year), raw / str(year))
    # The previous year is processed once beforehand, as it is in real use.
    check(cli("run", "--year", str(YEAR - 1), "--raw-dir", str(raw), "--processed-dir", str(work / "p"),
              "--output-dir", str(work / "o"), "--edition-date", "2025-02-15", "--engine", "embedded"))
    for name in ("p-base", "p-cold", "p-j1"):
        shutil.copytree(work / "p" / str(YEAR - 1), work / name / str(YEAR - 1))

    print(f"\nBundled data ({sum(1 for _ in (raw / str(YEAR)).glob('*.xlsx'))} workbooks):")
    base = timed("baseline: papermill CLI per notebook, sequential, no cache", lambda: baseline(raw, work / "base"))
    shutil.copytree(work / "p" / str(YEAR - 1), work / "base" / "processed" / str(YEAR - 1), dirs_exist_ok=True)
    cold = timed("cold full run: intl-report run --force", lambda: check(cli(*run_args(raw, work / "p-cold", work / "o",
                                                                                          "--force"))))
    engines = EngineRenders(work, work / "p-cold")
    engines.measure("cold")
    timed("cold full run: intl-report run --force --jobs 1",
          lambda: check(cli(*run_args(raw, work / "p-j1", work / "o1", "--force", "--jobs", "1"))))
    touch_one_sector(raw / str(YEAR))
    warm = timed("warm re-run after one sector's file changed", lambda: check(cli(*run_args(raw, work / "p-cold",
                                                                                           work / "o"))))
    critical_path(work / "o" / str(YEAR) / f"rapporto-internazionalizzazione-{YEAR}.manifest.json", warm)
    engines.measure("changed")
    engines.measure("unchanged")

    from intl_report import render, report_content

    context = report_content.load_context(YEAR, "it", work / "p-cold")
    executed = work / "p-cold" / str(YEAR) / "notebooks" / "30-report-it.ipynb"
    rendering = timed("report rendering alone (executed notebook -> PDF)", lambda: render.render_pdf(
        executed, work / "render-only.pdf", engine="embedded", metadata=report_content.metadata(context)))
    print(f"  speed-up of the cold run over the baseline: {base / cold:.1f}x; warm re-run = {warm / cold:.0%} of cold;"
          f" rendering {rendering:.1f} s")
    engines.report()
    collection_round(work)


def collection_round(work: Path) -> None:
    """The secretariat's commands on the bundled round half-way (16 sectors, 10 files)."""
    raw = work / "raw-round"
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR + 1), raw / str(YEAR + 1))
    files = sum(1 for _ in (raw / str(YEAR + 1)).iterdir())
    print(f"\nCollection round ({YEAR + 1}, bundled half-way: {files} files for 16 sectors):")
    for label, args in (("intl-report status", ("status",)),
                        ("intl-report feedback (templates carry 2025 over)",
                         ("feedback", "-o", str(work / "answers"), "--processed-dir", str(work / "p-cold")))):
        timed(label, lambda args=args: cli(*args, "--year", str(YEAR + 1), "--raw-dir", str(raw)))


def large(work: Path, sectors: int, rows: int, *, label: str = "large data set") -> tuple[float, int] | None:
    """One full run on a generated year; returns (seconds, activities) or None when stopped."""
    from bench.large_dataset import write_large_year

    raw = work / f"large-raw-{rows}"
    started = time.perf_counter()
    registry = write_large_year(raw / str(YEAR), sectors=sectors, rows=rows)
    print(f"\nGenerated data set: {sectors} sectors x {rows} rows (generated in {time.perf_counter() - started:.0f} s)")
    env = {**os.environ, "INTL_REPORT_REGISTRY": str(registry)}
    memory = PeakMemory(limit=8 * 2**30)
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN / "intl-report"), *run_args(raw, work / f"large-p-{rows}",
                                                                     work / f"large-o-{rows}", "--force")],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    memory.watch(process)
    out, err = process.communicate(timeout=1800)
    memory.stop()
    seconds = time.perf_counter() - started
    print("  progress of the run (step, elapsed):")
    for line in err.splitlines():
        if "analisi" in line or "rapporto" in line or "PDF" in line or f"pulizia settore-{sectors:03d}" in line:
            print(f"    {line.strip()}")
    if memory.exceeded:
        print(f"  full run, {label}: STOPPED after {seconds:.0f} s, memory above {memory.limit / 2**30:.0f} GiB")
        return None
    if process.returncode not in (0, 3):
        sys.exit(f"large run failed ({process.returncode}):\n{err[-3000:]}")
    print(f"  {'full run, ' + label:<58} {seconds:7.1f} s")
    print(f"  {'peak memory of the run (process tree)':<58} {memory.peak / 2**30:7.2f} GiB")
    return seconds, sectors * rows


def scaling(work: Path, sectors: int, rows: int) -> None:
    """The large data set, and the same sectors with a quarter of the rows: time per activity at both sizes."""
    small = large(work, sectors, max(1, rows // 4), label="a quarter of the rows")
    full = large(work, sectors, rows)
    if small and full:
        per_small, per_full = small[0] / small[1] * 1000, full[0] / full[1] * 1000
        print(f"  time per 1,000 activities: {per_small:.2f} s at {small[1]:,} activities, {per_full:.2f} s at "
              f"{full[1]:,} ({per_full / per_small:.2f}x; at most 1 means no worse than linear)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help="only the bundled data")
    parser.add_argument("--sectors", type=int, default=170)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory(prefix="intl-bench-") as folder:
        work = Path(folder)
        bundled(work)
        if not args.skip_large:
            scaling(work, args.sectors, args.rows)


if __name__ == "__main__":
    main()
