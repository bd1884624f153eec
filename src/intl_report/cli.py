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


def _run_epilog() -> str:
    return say("cli.run_epilog", """\
cartelle (per difetto nel repository):
  dati       {raw}/<anno>/<settore>.xlsx   un file per settore
  elaborati  {processed}/<anno>/             tabelle pulite, righe scartate, statistiche,
                                          grafici, notebook eseguiti (traccia di controllo)
  rapporto   {output}/<anno>/rapporto-internazionalizzazione-<anno>[-en].pdf
             con .manifest.json accanto; rapporto-internazionalizzazione-<anno>-attivita.csv
             (ogni attività dell'anno, dati aperti; oltre 2.000 attività i capitoli dei settori
             nel PDF riassumono e rimandano al CSV); con Quarto, accanto anche quarto/: il rapporto
             come progetto Quarto (quarto render / quarto preview <nome>.qmd lì dentro)

stato di uscita:
  0  rapporto completo scritto
  1  un passo non è riuscito (il messaggio nomina passo, settore e file)
  2  comando usato male
  3  dati incompleti: scritta una BOZZA; con --final, nessun rapporto scritto
""", raw=paths.RAW_DIR, processed=paths.PROCESSED_DIR, output=paths.OUTPUT_DIR)


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
    from .report_texts import check_lang

    try:
        return check_lang(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _folder_options(command: argparse.ArgumentParser, *, processed: bool = False) -> None:
    command.add_argument("--raw-dir", type=Path, default=paths.RAW_DIR, metavar="CARTELLA",
                         help=say("cli.help_raw_dir", "cartella dei dati, con dentro <anno>/ (per difetto: "
                                  "%(default)s)"))
    if processed:
        command.add_argument("--processed-dir", type=Path, default=paths.PROCESSED_DIR, metavar="CARTELLA",
                             help=say("cli.help_processed_dir", "cartella dei dati elaborati (per difetto: "
                                      "%(default)s)"))


def build_parser() -> argparse.ArgumentParser:
    _argparse_in_italian()
    parser = argparse.ArgumentParser(
        prog="intl-report",
        description=say("cli.description", "Rapporto annuale sull'internazionalizzazione della Città di Torino: "
                        "dai fogli di calcolo dei settori al PDF."),
    )
    parser.add_argument("--version", action="version", version=f"intl-report {__version__}",
                        help=say("cli.help_version", "mostra la versione ed esce"))
    commands = parser.add_subparsers(dest="command", metavar="COMANDO", title=say("cli.commands", "comandi"))
    commands.required = True

    run = commands.add_parser(
        "run",
        help=say("cli.help_run", "esegue i passi dell'anno e scrive il rapporto PDF"),
        description=_wrapped(say("cli.description_run", "Esegue ogni passo dell'anno (pulizia di ogni settore, statistiche "
                        "e grafici trasversali, rapporto) con i notebook papermill e stampa il percorso del PDF "
                        "scritto.")),
        epilog=_run_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--year", type=_year, required=True, metavar="ANNO",
                     help=say("cli.help_year_report", "anno del rapporto, es. 2025"))
    _folder_options(run, processed=True)
    run.add_argument("--output-dir", type=Path, default=paths.OUTPUT_DIR, metavar="CARTELLA",
                     help=say("cli.help_output_dir", "dove va il PDF (per difetto: %(default)s)"))
    run.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                     help=say("cli.help_jobs", "notebook dei settori eseguiti in parallelo (per difetto: i core, "
                              "%(default)s)"))
    run.add_argument("--force", action="store_true",
                     help=say("cli.help_force", "riesegue ogni passo anche se i suoi dati non sono cambiati e "
                              "ricostruisce ogni grafico e capitolo"))
    run.add_argument("--final", action="store_true",
                     help=say("cli.help_final", "non scrive il rapporto da dati incompleti (uscita 3)"))
    run.add_argument("--lang", type=_lang, default="it", metavar="LINGUA",
                     help=say("cli.help_lang", "lingua del rapporto: it, o una lingua con un catalogo (en) (per "
                              "difetto: %(default)s)"))
    run.add_argument("--engine", choices=("auto", "embedded", "quarto"), default="auto",
                     help=say("cli.help_engine", "motore del PDF: quarto (>= 1.9) se è nel PATH, altrimenti il "
                              "motore incorporato pandoc + Typst; danno le stesse pagine e il manifest registra "
                              "quale ha lavorato (per difetto: %(default)s)"))
    run.add_argument("--executor", choices=tuple(EXECUTORS), default=DEFAULT_EXECUTOR,
                     help=say("cli.help_executor", "come papermill esegue i notebook: 'warm' esegue ognuno con il "
                              "motore intl-report-warm in un processo derivato da processi che l'esecuzione avvia "
                              "con pandas & co. già importati e ferma alla fine; 'kernel' avvia un kernel Jupyter "
                              "per notebook, come papermill di solito (per difetto: %(default)s)"))
    run.add_argument("--cell-timeout", type=_seconds, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDI",
                     help=say("cli.help_cell_timeout", "una cella di notebook che dura di più viene fermata e "
                              "l'esecuzione fallisce nominando il passo e la cella (execution_timeout di papermill; "
                              "0: nessun limite; per difetto: %(default)g)"))
    run.add_argument("--sector", action="append", dest="sectors", metavar="SETTORE",
                     help=say("cli.help_sectors", "solo questi settori (ripetibile)"))
    run.add_argument("--edition-date", type=_date, metavar="AAAA-MM-GG",
                     help=say("cli.help_edition_date", "data dell'edizione sul frontespizio (per difetto: oggi)"))

    status = commands.add_parser(
        "status",
        help=say("cli.help_status", "mostra a che punto è la raccolta dei file dei settori"),
        description=_wrapped(say("cli.description_status", "Una riga per ogni settore del registro: stato (valido, con "
                        "avvisi, con errori, illeggibile, mancante), file trovato, quando è arrivato, righe lette, "
                        "accolte e scartate, errori e avvisi; poi ogni altro file della cartella con il motivo per "
                        "cui non viene letto. Controlla i file con le stesse regole dell'esecuzione annuale.")),
        epilog=say("cli.status_epilog", """\
stato di uscita: 0 ogni settore è valido (avvisi ammessi), 3 qualche settore è mancante,
illeggibile o ha errori, 2 comando usato male
JSON (--format json): {"year", "sectors": [{"sector", "name", "state"
(valid|warnings|errors|unreadable|missing), "file", "received", "rows_read", "rows_kept",
"rows_rejected", "errors", "warnings"}], "other_files": [{"file", "reason", "sector"}]}"""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status.add_argument("--year", type=_year, required=True, metavar="ANNO",
                        help=say("cli.help_year_round", "anno della raccolta, es. 2026"))
    _folder_options(status)
    status.add_argument("--format", choices=("text", "json"), default="text",
                        help=say("cli.help_format", "formato della risposta (per difetto: %(default)s)"))

    feedback = commands.add_parser(
        "feedback",
        help=say("cli.help_feedback", "prepara la risposta a ogni settore: messaggio, copia da correggere, modello"),
        description=_wrapped(say("cli.description_feedback", "Scrive in CARTELLA una cartella per settore: messaggio.txt, "
                        "un messaggio breve da incollare in una e-mail (che cosa correggere, o che il file è "
                        "accolto; il termine e il contatto); per un file con problemi la copia annotata "
                        "<settore>-da-correggere.xlsx, con il foglio «Problemi» per primo; per un settore "
                        "mancante o un file illeggibile il modello da compilare. Accanto, stato.txt e stato.json "
                        "come li dà «status». I file dei settori vengono solo letti.")),
        epilog=say("cli.feedback_epilog", "stato di uscita: 0 risposte scritte, 2 comando usato male"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    feedback.add_argument("--year", type=_year, required=True, metavar="ANNO",
                          help=say("cli.help_year_round", "anno della raccolta, es. 2026"))
    feedback.add_argument("-o", "--output", type=Path, required=True, metavar="CARTELLA",
                          help=say("cli.help_feedback_output", "dove scrivere le cartelle dei settori (non la "
                                   "cartella dei dati)"))
    feedback.add_argument("--deadline", type=_date, metavar="AAAA-MM-GG",
                          help=say("cli.help_deadline", "termine per l'invio, scritto nei messaggi e nei modelli"))
    feedback.add_argument("--contact", metavar="TESTO",
                          help=say("cli.help_contact", "a chi rivolgersi, nei messaggi (per difetto: la segreteria "
                                   "del registro, {contact})", contact=_secretariat()))
    _folder_options(feedback, processed=True)

    template = commands.add_parser(
        "template",
        help=say("cli.help_template", "scrive il modello da compilare di un settore"),
        description=say("cli.description_template", "Scrive il modello per un settore e un anno: istruzioni, il "
                        "foglio delle attività con le intestazioni dello schema, elenchi a tendina, controlli su "
                        "date, numeri ed elenchi, aiuti sulle celle; con --from, le attività dell'anno indicato "
                        "ancora in corso alla sua fine, già inserite con i loro codici."),
    )
    template.add_argument("--sector", metavar="SETTORE",
                          help=say("cli.help_template_sector", "settore (vedere il registro); oppure --all"))
    template.add_argument("--all", action="store_true",
                          help=say("cli.help_template_all", "un modello per ogni settore, nella cartella -o"))
    template.add_argument("--year", type=_year, required=True, metavar="ANNO",
                          help=say("cli.help_template_year", "anno per cui è il modello"))
    template.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                          help=say("cli.help_template_output", "FILE.xlsx, oppure una cartella con --all"))
    template.add_argument("--from", dest="previous_year", type=_year, metavar="ANNO",
                          help=say("cli.help_template_from", "riporta le attività di quell'anno ancora in corso "
                                   "(stato «in corso» o «approvata», o fine dal 1° gennaio dell'anno del modello "
                                   "in poi), con i loro codici: l'anno deve essere stato elaborato"))
    template.add_argument("--deadline", type=_date, metavar="AAAA-MM-GG",
                          help=say("cli.help_template_deadline", "termine per l'invio, scritto nelle istruzioni"))
    template.add_argument("--processed-dir", type=Path, default=paths.PROCESSED_DIR, metavar="CARTELLA",
                          help=say("cli.help_processed_dir", "cartella dei dati elaborati (per difetto: "
                                   "%(default)s)"))

    validate = commands.add_parser(
        "validate",
        help=say("cli.help_validate", "controlla i file prima dell'invio o dell'esecuzione"),
        description=_wrapped(say("cli.description_validate", "Controlla i file dei settori con le regole dell'esecuzione "
                        "annuale. Una riga per problema, con file, foglio, riga di Excel, colonna, valore trovato "
                        "e che cosa ci si aspetta.")),
        epilog=say("cli.validate_epilog", "stato di uscita: 0 nessun errore (avvisi ammessi), 1 qualche file ha un "
                   "errore, 2 comando usato male\nJSON (--format json): un elenco di oggetti con le chiavi file, "
                   "sheet, row, column, value, severity, message"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE",
                          help=say("cli.help_validate_files", "file da controllare (.xlsx, .xlsm, .xls, .ods)"))
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help=say("cli.help_format", "formato della risposta (per difetto: %(default)s)"))
    validate.add_argument("--annotate", type=Path, metavar="CARTELLA",
                          help=say("cli.help_annotate", "scrive in CARTELLA una copia di ogni file, "
                                   "<nome>-da-correggere.xlsx, con il foglio «Problemi» e le celle colorate e "
                                   "commentate"))
    validate.add_argument("--year", type=_year, metavar="ANNO",
                          help=say("cli.help_validate_year", "anno a cui si riferiscono i dati (per i codici "
                                   "generati)"))
    return parser


def _wrapped(text: str) -> str:
    """A description wrapped by hand, for the commands whose epilog argparse must print as written."""
    import textwrap

    return textwrap.fill(text, width=min(100, shutil.get_terminal_size().columns - 2))


def _secretariat() -> str:
    from .registry import load_registry

    return str(load_registry().secretariat)


def _template(args: argparse.Namespace) -> int:
    from .registry import load_registry
    from .template import write_all_templates, write_template

    if args.all == bool(args.sector):
        print(say("cli.template_which", "errore: indicare --sector SLUG oppure --all"), file=sys.stderr)
        return EXIT_USAGE
    if args.previous_year is not None and args.previous_year >= args.year:
        print(say("cli.template_from_later", "errore: --from {previous} deve essere un anno precedente a --year "
                  "{year}", previous=args.previous_year, year=args.year), file=sys.stderr)
        return EXIT_USAGE
    carry = {"previous_year": args.previous_year, "processed_dir": args.processed_dir, "deadline": args.deadline}
    try:
        if args.all:
            for path in write_all_templates(args.year, args.output, **carry):
                print(path)
            return EXIT_COMPLETE
        if args.sector not in load_registry().slugs:
            print(_unknown_sector(args.sector, load_registry().slugs), file=sys.stderr)
            return EXIT_USAGE
        print(write_template(args.sector, args.year, args.output, **carry))
    except ValueError as exc:  # --from a year that was never processed: says what to run first
        print(say("cli.error", "errore: {message}", message=exc), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_COMPLETE


def _status(args: argparse.Namespace) -> int:
    import json

    from .collection import round_status, status_text
    from .layout import YearLayout

    layout = YearLayout.of(args.year, args.raw_dir)
    if not layout.raw.is_dir():
        print(say("status.no_folder", "attenzione: la cartella {folder} non esiste: nessun file ricevuto",
                  folder=layout.raw), file=sys.stderr)
    status = round_status(layout)
    if args.format == "json":
        print(json.dumps(status.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(status_text(status))
    return EXIT_COMPLETE if status.complete else EXIT_INCOMPLETE


def _feedback(args: argparse.Namespace) -> int:
    from .collection import round_status, status_text
    from .feedback import write_feedback
    from .layout import YearLayout

    layout = YearLayout.of(args.year, args.raw_dir, args.processed_dir)
    output = args.output.resolve()
    if output == layout.raw.resolve() or layout.raw.resolve() in output.parents:
        print(say("feedback.inside_raw", "errore: -o {folder} è dentro la cartella dei file dei settori {raw}, che "
                  "non viene mai modificata: indicare un'altra cartella", folder=args.output, raw=layout.raw),
              file=sys.stderr)
        return EXIT_USAGE
    status = round_status(layout)
    write_feedback(status, output, deadline=args.deadline, contact=args.contact, processed_dir=args.processed_dir)
    print(status_text(status))
    print()
    print(say("feedback.written", "Risposte per i settori in {folder}: in ogni cartella messaggio.txt e i file da "
              "allegare", folder=output))
    return EXIT_COMPLETE


def _unknown_sector(slug: str, known: list[str]) -> str:
    return say("cli.sector_unknown", "errore: settore sconosciuto {slug!r}; settori noti: {known}", slug=slug,
               known=", ".join(known))


def _validate(args: argparse.Namespace) -> int:
    import json

    from .validate import annotate, annotation_names, validate_file

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
        names = annotation_names([report.path for report in reports])
        for report in reports:
            written = annotate(report, args.annotate, names[Path(report.path).resolve()])
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
    for other in result.other_files:
        print(say("run.not_read", "File non letto: {file} – {reason}", file=other.path.name, reason=other.reason),
              file=sys.stderr)
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
    handlers = {"run": _run, "status": _status, "feedback": _feedback, "template": _template,
                "validate": _validate}
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
