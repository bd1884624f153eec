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
import shutil
import sys
from pathlib import Path

from . import __version__, paths
from .executors import DEFAULT_CELL_TIMEOUT, DEFAULT_EXECUTOR, EXECUTORS
from .exit_codes import EXIT_COMPLETE, EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_USAGE
from .i18n import say, say_plural

EPILOG_RUN = f"""\
folders (defaults are inside the repository):
  input      {paths.RAW_DIR}/<year>/<sector-slug>.xlsx   one workbook per sector
  processed  {paths.PROCESSED_DIR}/<year>/                clean tables, rejected rows, statistics,
                                                  charts, executed notebooks (audit trail)
  output     {paths.OUTPUT_DIR}/<year>/rapporto-internazionalizzazione-<year>[-en].pdf
             and .manifest.json beside it; rapporto-internazionalizzazione-<year>-attivita.csv
             (every activity of the year, open data; above 2,000 activities the PDF's sector
             chapters summarise and point to it); with Quarto, quarto/ beside them: the report as
             a Quarto project (quarto render / quarto preview <name>.qmd there)

exit status:
  0  complete report written
  1  a step failed (message names step, sector and file)
  2  command misused
  3  data incomplete: draft report (BOZZA) written; with --final, no report written
"""


def _year(text: str) -> int:
    from .layout import check_year  # the one check of a year, shared with the pipeline

    try:
        return check_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)[0].lower() + str(exc)[1:]) from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.jobs_invalid", "numero di processi non valido: {value!r}", value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(say("cli.jobs_too_few", "--jobs deve essere almeno 1"))
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(say("cli.seconds_invalid", "non è un numero di secondi: {value!r}", value=text))
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.date_invalid", "data non valida: {value!r} (formato AAAA-MM-GG)", value=text)) from None


def _argparse_in_italian() -> None:
    """argparse's own words (usage, errors) from the Italian catalogue ``locale/it/LC_MESSAGES/argparse.po``.

    argparse looks its words up through the module's ``_`` and ``ngettext`` when it builds a parser and when it
    reports: pointing them at the catalogue makes the command speak Italian whatever the machine's locale.
    """
    from . import i18n

    if i18n.operator_language() != "it":  # $INTL_REPORT_LANGUAGE: argparse's own English, or its catalogue
        return
    catalogue = i18n.translations("it", "argparse")
    argparse._ = catalogue.gettext
    argparse.ngettext = catalogue.ngettext


def _lang(text: str) -> str:
    from . import i18n

    if text not in i18n.languages():
        raise argparse.ArgumentTypeError(say(
            "cli.lang_unknown", "lingua non prevista: {value!r} (previste: {known}; una lingua nuova è un catalogo "
            "nuovo in {folder}, vedere `make catalogues`)", value=text, known=", ".join(i18n.languages()),
            folder=i18n.LOCALE_DIR))
    return text


def build_parser() -> argparse.ArgumentParser:
    _argparse_in_italian()
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
    run.add_argument("--force", action="store_true", help="re-run every step even when its inputs did not change, and rebuild every chart and chapter")
    run.add_argument("--final", action="store_true", help="refuse to write a report from incomplete data (exit 3)")
    run.add_argument("--lang", type=_lang, default="it", metavar="LANG",
                     help="language of the report: it, or a language with a catalogue (en) (default: %(default)s)")
    run.add_argument(
        "--engine", choices=("auto", "embedded", "quarto"), default="auto",
        help="PDF engine: quarto (>= 1.9) if on PATH, else the embedded pandoc + Typst engine; both give the same "
        "pages, and the manifest records which one ran (default: %(default)s)",
    )
    run.add_argument(
        "--executor", choices=tuple(EXECUTORS), default=DEFAULT_EXECUTOR,
        help="how papermill executes the notebooks: 'warm' runs each with the intl-report-warm engine in a process "
        "forked from workers that the run starts with pandas & co. imported, and stops when it ends; 'kernel' "
        "starts a Jupyter kernel per notebook, papermill's plain way (default: %(default)s)",
    )
    run.add_argument(
        "--cell-timeout", type=_seconds, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
        help="a notebook cell running longer is stopped and the run fails naming the step and the cell "
        "(papermill's execution_timeout; 0: no limit; default: %(default)g)",
    )
    run.add_argument("--sector", action="append", dest="sectors", metavar="SLUG", help="only these sectors (repeatable)")
    run.add_argument("--edition-date", type=_date, help="edition date printed on the title page (default: today)")

    template = commands.add_parser(
        "template",
        help="write a sector's data-entry workbook",
        description="Write the data-entry workbook for a sector and year: instructions in Italian, the activity "
        "sheet with the schema's headers, drop-down lists, date and euro formats.",
    )
    template.add_argument("--sector", metavar="SLUG", help="sector slug (see the registry); or --all")
    template.add_argument("--all", action="store_true", help="one workbook per sector, into the folder given by -o")
    template.add_argument("--year", type=_year, required=True, help="year the workbook is for")
    template.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx, or a folder with --all")

    validate = commands.add_parser(
        "validate",
        help="check workbooks before they are sent or run",
        description="Check sector workbooks with the pipeline's own rules. One line per problem, naming file, "
        "sheet, Excel row, column header, the value found and what is expected.",
        epilog="exit status: 0 no error (warnings allowed), 1 some file has an error, 2 command misused\n"
        "JSON (--format json): an array of objects with keys file, sheet, row, column, value, severity, message",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE", help="workbooks to check (.xlsx, .xlsm, .xls, .ods)")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: %(default)s)")
    validate.add_argument("--annotate", type=Path, metavar="DIR",
                          help="write a copy of each workbook to DIR with problem cells coloured and commented")
    validate.add_argument("--year", type=_year, help="year the data refer to (used for generated IDs)")
    return parser


def _template(args: argparse.Namespace) -> int:
    from .registry import load_registry
    from .template import write_all_templates, write_template

    if args.all == bool(args.sector):
        print(say("cli.template_which", "errore: indicare --sector SLUG oppure --all"), file=sys.stderr)
        return EXIT_USAGE
    if args.all:
        for path in write_all_templates(args.year, args.output):
            print(path)
        return EXIT_COMPLETE
    if args.sector not in load_registry().slugs:
        print(_unknown_sector(args.sector, load_registry().slugs), file=sys.stderr)
        return EXIT_USAGE
    print(write_template(args.sector, args.year, args.output))
    return EXIT_COMPLETE


def _unknown_sector(slug: str, known: list[str]) -> str:
    return say("cli.sector_unknown", "errore: settore sconosciuto {slug!r}; settori noti: {known}", slug=slug,
               known=", ".join(known))


def _validate(args: argparse.Namespace) -> int:
    import json

    from .validate import annotate, validate_file

    reports = [validate_file(path, args.year) for path in args.files]
    if args.format == "json":
        problems = [p.as_dict() for report in reports for p in report.problems]
        print(json.dumps(problems, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for problem in report.problems:
                print(problem.sentence())
            if report.sheet is not None:
                verdict = (say("validate.verdict_fix", "da correggere") if report.errors
                           else say("validate.verdict_valid", "valido"))
                counts = ", ".join([
                    say_plural("validate.rows_read", "{count} riga letta", "{count} righe lette", report.rows_read),
                    say_plural("validate.rows_kept", "{count} accolta", "{count} accolte", report.rows_kept),
                    say_plural("validate.errors", "{count} errore", "{count} errori", report.errors),
                    say_plural("validate.warnings", "{count} avviso", "{count} avvisi", report.warnings),
                ])
                print(f"{report.path.name}: {verdict} – {counts}")
            else:
                print(say("validate.unreadable", "{file}: da correggere – il file non può essere letto",
                          file=report.path.name))
    if args.annotate:
        for report in reports:
            written = annotate(report, args.annotate)
            if written and args.format == "text":
                print(say("validate.annotated", "copia annotata: {file}", file=written))
    return EXIT_FAILURE if any(report.errors for report in reports) else EXIT_COMPLETE


def _run(args: argparse.Namespace) -> int:
    # First, before this process's own imports: the run's workers import pandas & co. meanwhile.
    if args.executor == "warm":  # executors.WarmExecutor's pool finds them started
        from .warmstart import start_server

        start_server()
    from .registry import load_registry
    from .runner import RunOptions, StepFailed, run_year
    from .runstate import RunInProgress

    if args.engine == "quarto" and shutil.which("quarto") is None:  # (render.available_engines, without its imports)
        print(say("cli.no_quarto", "errore: --engine quarto richiesto ma il comando «quarto» non è nel PATH"),
              file=sys.stderr)
        return EXIT_USAGE
    registry = load_registry()
    for slug in args.sectors or ():
        if slug not in registry.slugs:
            print(_unknown_sector(slug, registry.slugs), file=sys.stderr)
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
        executor=args.executor,
        cell_timeout=args.cell_timeout or None,
    )
    try:
        result = run_year(options)
    except (StepFailed, RunInProgress) as exc:
        print(say("cli.error", "errore: {message}", message=exc), file=sys.stderr)
        return EXIT_FAILURE
    for name in result.unrecognised:
        print(say("run.unrecognised_file", "File non riconosciuto, non letto: {file} (rinominarlo <settore>.xlsx)",
                  file=name), file=sys.stderr)
    if result.incomplete:
        print(say("run.incomplete", "Dati incompleti:"), file=sys.stderr)
        for item in result.incomplete:
            print(f"  - {item}", file=sys.stderr)
    if result.pdf is None:
        print(say("run.final_refused", "Rapporto definitivo non prodotto (--final): i dati sono incompleti."),
              file=sys.stderr)
        return EXIT_INCOMPLETE
    if result.incomplete:
        print(say("run.draft", "Il rapporto è una BOZZA."), file=sys.stderr)
    print(result.pdf)
    return EXIT_INCOMPLETE if result.incomplete else EXIT_COMPLETE


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on misuse, 0 on --help
        return int(exc.code or 0)
    handlers = {"run": _run, "template": _template, "validate": _validate}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print(say("cli.interrupted", "interrotto"), file=sys.stderr)
        return EXIT_FAILURE


def console_main() -> None:
    """The ``intl-report`` command: :func:`main`, then exit without tearing the interpreter down.

    With pandas and pyarrow loaded, Python's orderly shutdown takes a third of a second, a tenth of a re-run. By
    then every file is closed and the lock released (context managers); only the standard streams need flushing.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console_main()
