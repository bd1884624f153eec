"""The ``intl-report`` command: a thin wrapper over the library.

Exit statuses (a contract for schedulers and scripts):
  0  complete: the report was written from complete data
  1  failure: a step failed (the message names the step, sector and file)
  2  misuse of the command (bad option or value)
  3  incomplete data: a draft (BOZZA) was written, or with --final nothing was written
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import __version__, paths
from .runner import EXIT_COMPLETE, EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_USAGE

EPILOG_RUN = f"""\
folders (defaults are inside the repository):
  input      {paths.RAW_DIR}/<year>/<sector-slug>.xlsx   one workbook per sector
  processed  {paths.PROCESSED_DIR}/<year>/                clean tables, rejected rows, statistics,
                                                  charts, executed notebooks (audit trail)
  output     {paths.OUTPUT_DIR}/<year>/rapporto-internazionalizzazione-<year>[-en].pdf

exit status:
  0  complete report written
  1  a step failed (message names step, sector and file)
  2  command misused
  3  data incomplete: draft report (BOZZA) written; with --final, no report written
"""


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"anno non valido: {text!r}") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"anno non valido: {value} (atteso tra 2000 e 2100)")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"numero di processi non valido: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--jobs deve essere almeno 1")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"data non valida: {text!r} (formato AAAA-MM-GG)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intl-report",
        description="Rapporto annuale sull'internazionalizzazione della Città di Torino: "
        "dai fogli di calcolo dei settori al PDF.",
    )
    parser.add_argument("--version", action="version", version=f"intl-report {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    run = commands.add_parser(
        "run",
        help="run the yearly pipeline and write the PDF report",
        description="Run every step of the year (clean each sector, cross-sector statistics and charts, report) "
        "through the papermill notebooks, and print the path of the PDF written.",
        epilog=EPILOG_RUN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--year", type=_year, required=True, help="year of the report, e.g. 2025")
    run.add_argument("--raw-dir", type=Path, default=paths.RAW_DIR, help="input folder holding <year>/ (default: %(default)s)")
    run.add_argument(
        "--processed-dir", type=Path, default=paths.PROCESSED_DIR, help="processed data folder (default: %(default)s)"
    )
    run.add_argument("--output-dir", type=Path, default=paths.OUTPUT_DIR, help="where the PDF goes (default: %(default)s)")
    run.add_argument(
        "--jobs", type=_jobs, default=os.cpu_count() or 1, help="sector notebooks run side by side (default: cores, %(default)s)"
    )
    run.add_argument("--force", action="store_true", help="re-run every step even when its inputs did not change")
    run.add_argument("--final", action="store_true", help="refuse to write a report from incomplete data (exit 3)")
    run.add_argument("--lang", choices=("it", "en"), default="it", help="language of the report (default: %(default)s)")
    run.add_argument(
        "--engine", choices=("auto", "embedded", "quarto"), default="auto",
        help="PDF engine: quarto if on PATH, else the embedded pandoc + Typst engine (default: %(default)s)",
    )
    run.add_argument("--sector", action="append", dest="sectors", metavar="SLUG", help="only these sectors (repeatable)")
    run.add_argument("--edition-date", type=_date, help="edition date printed on the title page (default: today)")
    return parser


def _run(args: argparse.Namespace) -> int:
    from .registry import load_registry
    from .render import available_engines
    from .runner import RunOptions, StepFailed, run_year

    if args.engine == "quarto" and "quarto" not in available_engines():
        print("errore: --engine quarto richiesto ma il comando «quarto» non è nel PATH", file=sys.stderr)
        return EXIT_USAGE
    registry = load_registry()
    for slug in args.sectors or ():
        if slug not in registry.slugs:
            print(f"errore: settore sconosciuto {slug!r}; settori noti: {', '.join(registry.slugs)}", file=sys.stderr)
            return EXIT_USAGE
    options = RunOptions(
        year=args.year,
        raw_dir=args.raw_dir.resolve(),
        processed_dir=args.processed_dir.resolve(),
        output_dir=args.output_dir.resolve(),
        jobs=args.jobs,
        force=args.force,
        final=args.final,
        lang=args.lang,
        engine=args.engine,
        sectors=tuple(args.sectors) if args.sectors else None,
        edition_date=args.edition_date,
    )
    try:
        result = run_year(options)
    except StepFailed as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    if result.incomplete:
        print("Dati incompleti:", file=sys.stderr)
        for item in result.incomplete:
            print(f"  - {item}", file=sys.stderr)
    if result.pdf is None:
        print("Rapporto definitivo non prodotto (--final): i dati sono incompleti.", file=sys.stderr)
        return EXIT_INCOMPLETE
    if result.incomplete:
        print("Il rapporto è una BOZZA.", file=sys.stderr)
    print(result.pdf)
    return EXIT_INCOMPLETE if result.incomplete else EXIT_COMPLETE


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on misuse, 0 on --help
        return int(exc.code or 0)
    handlers = {"run": _run}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("interrotto", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
