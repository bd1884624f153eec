"""The secretariat's answer to every sector in one step (``intl-report feedback``).

One folder per sector under the chosen folder, each holding what goes into the e-mail to its referent:

    <slug>/messaggio.txt                a short Italian message ready to paste: what to fix, or that the file was
                                        accepted; the deadline and the contact
    <slug>/<slug>-da-correggere.xlsx    for a file with problems: the annotated copy (sheet «Problemi» first)
    <slug>/<slug>.xlsx                  for a missing or unreadable file: the template to fill in, with last
                                        year's activities still under way when that year was processed

and, beside the folders, ``stato.txt`` and ``stato.json``: the round as ``intl-report status`` shows it. The
sectors' original files are only read. A file this command wrote before and no longer writes (a copy to fix,
after the sector sent a good file) is removed, so the folder always says what is true now.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from . import atomic, paths
from .collection import RoundStatus, SectorState, status_text
from .formatting import format_int
from .i18n import say, say_plural
from .registry import load_registry

MESSAGE_FILE = "messaggio.txt"
PROBLEMS_IN_MESSAGE = 8  # the first problems are quoted in the message; the copy lists them all


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def write_feedback(status: RoundStatus, folder: Path | str, *, deadline: dt.date | None = None,
                   contact: str | None = None, processed_dir: Path | str | None = None) -> list[Path]:
    """Write every sector's folder and the round's summary; returns the files written."""
    from .annotated import AnnotationError, annotated_name, write_annotated
    from .carry_over import carried_over_rows
    from .template import write_template

    folder = Path(folder)
    contact = contact or str(load_registry().secretariat)
    processed_dir = Path(processed_dir or paths.PROCESSED_DIR)
    previous = status.year - 1 if (processed_dir / str(status.year - 1) / "activities.parquet").exists() else None
    written: list[Path] = []
    for sector in status.sectors:
        target = folder / sector.sector
        target.mkdir(parents=True, exist_ok=True)
        attachments: list[Path] = []
        if sector.state in ("errors", "warnings") and sector.sector in status.reports:
            report = status.reports[sector.sector]
            report.problems = sector.problems  # with how the file was found (a browser's copy, a second file)
            try:
                attachments.append(write_annotated(report, target / annotated_name(sector.sector)))
            except AnnotationError as exc:  # the message then lists the problems without the copy
                print(exc, file=sys.stderr)
        carried = 0
        if sector.state in ("missing", "unreadable"):
            attachments.append(write_template(sector.sector, status.year, target / f"{sector.sector}.xlsx",
                                              previous_year=previous, processed_dir=processed_dir, deadline=deadline))
            if previous is not None:
                carried = len(carried_over_rows(sector.sector, previous, processed_dir))
        message = atomic.write_text(target / MESSAGE_FILE, message_text(sector, status.year, attachments, deadline,
                                                                        contact, carried))
        _remove_stale(target, sector.sector, keep={message, *attachments})
        written += [message, *attachments]
    written.append(atomic.write_text(folder / "stato.txt", status_text(status) + "\n"))
    written.append(atomic.write_text(folder / "stato.json",
                                     json.dumps(status.as_dict(), ensure_ascii=False, indent=2) + "\n"))
    return written


def _remove_stale(target: Path, slug: str, keep: set[Path]) -> None:
    from .annotated import annotated_name

    copy = target / annotated_name(slug)
    for path in (target / MESSAGE_FILE, copy, copy.with_suffix(".xlsm"), target / f"{slug}.xlsx"):
        if path not in keep:
            path.unlink(missing_ok=True)


def message_text(sector: SectorState, year: int, attachments: list[Path], deadline: dt.date | None,
                 contact: str, carried: int = 0) -> str:
    """The e-mail to the sector's referent, in Italian: what was found, what to do, by when, whom to ask."""
    name = sector.name
    subject = {
        "valid": say("feedback.subject_valid", "Attività internazionali {year} – {name}: file accolto"),
        "warnings": say("feedback.subject_warnings", "Attività internazionali {year} – {name}: file accolto, con "
                        "avvisi da controllare"),
        "errors": say("feedback.subject_errors", "Attività internazionali {year} – {name}: file da correggere"),
        "unreadable": say("feedback.subject_unreadable", "Attività internazionali {year} – {name}: file non leggibile"),
        "missing": say("feedback.subject_missing", "Attività internazionali {year} – {name}: promemoria"),
    }[sector.state].format(year=year, name=name)
    received = _date(sector.received) if sector.received else ""
    file = sector.file.name if sector.file else ""
    body: list[str] = []
    if sector.state == "valid":
        body.append(say("feedback.valid", "il file «{file}» ricevuto il {received} è stato controllato ed è accolto: "
                        "{rows}. Non serve fare altro.", file=file, received=received, rows=_rows(sector)))
    elif sector.state == "warnings":
        body.append(say("feedback.warnings", "il file «{file}» ricevuto il {received} è accolto ({rows}), ma ha "
                        "alcuni avvisi: valori letti in un modo che conviene controllare. Se qualcosa non è giusto, "
                        "corregga il file originale e lo invii di nuovo.", file=file, received=received,
                        rows=_rows(sector)))
    elif sector.state == "errors":
        rejected = sector.rows_rejected
        body.append(say_plural("feedback.errors", "il file «{file}» ricevuto il {received} ha errori: {count} riga "
                               "su {read} non può entrare nel rapporto così com'è.",
                               "il file «{file}» ricevuto il {received} ha errori: {count} righe su {read} non "
                               "possono entrare nel rapporto così come sono.", rejected, file=file,
                               received=received, read=format_int(sector.rows_read)))
    elif sector.state == "unreadable":
        reason = sector.problems[-1].message if sector.problems else ""
        body.append(say("feedback.unreadable", "il file «{file}» ricevuto il {received} non può essere letto: "
                        "{reason}.", file=file, received=received, reason=reason.rstrip(".")))
    else:
        body.append(say("feedback.missing", "non abbiamo ancora ricevuto il file delle attività internazionali "
                        "{year} del settore.", year=year))
    if sector.state in ("errors", "warnings") and attachments:
        body.append(say("feedback.copy", "In allegato la copia «{copy}»: il primo foglio, «Problemi», elenca ogni "
                        "problema con la riga, la colonna, il valore trovato e che cosa fare; nel foglio delle "
                        "attività le celle sono colorate (rosso: errore, giallo: avviso), con la spiegazione nel "
                        "commento.", copy=attachments[0].name))
    if sector.state in ("errors", "warnings"):
        body.append(_first_problems(sector))
    if sector.state == "errors":
        body.append(say("feedback.fix_original", "Corregga il file originale (non la copia) e lo invii di nuovo."))
    elif sector.state in ("missing", "unreadable") and attachments:
        body.append(say("feedback.template", "In allegato il modello da compilare, «{template}»: una riga per "
                        "attività; le istruzioni sono nel primo foglio.", template=attachments[0].name))
        if carried:
            body.append(say_plural("feedback.carried", "Vi trova già inserita {count} attività dell'anno scorso "
                                   "ancora in corso: basta aggiornarla.", "Vi trova già inserite {count} attività "
                                   "dell'anno scorso ancora in corso: basta aggiornarle.", carried))
    if sector.state in ("errors", "unreadable", "missing") and deadline is not None:
        body.append(say("feedback.deadline", "Il termine per l'invio è il {deadline}.", deadline=_date(deadline)))
    body.append(say("feedback.contact", "Per qualsiasi dubbio: {contact}.", contact=contact))
    greeting = say("feedback.greeting", "Gentile referente,")
    closing = say("feedback.closing", "Grazie,\nla segreteria del tavolo di coordinamento delle attività "
                  "internazionali")
    subject_line = say("feedback.subject", "Oggetto: {subject}", subject=subject)
    return "\n\n".join([subject_line, greeting, *body, closing]) + "\n"


def _rows(sector: SectorState) -> str:
    return say_plural("feedback.rows", "{count} attività", "{count} attività", sector.rows_kept)


def _first_problems(sector: SectorState) -> str:
    errors_first = sorted(sector.problems, key=lambda p: (p.severity != "error", p.row or 0))
    lines = [say("feedback.first_problems", "I primi problemi:")]
    for problem in errors_first[:PROBLEMS_IN_MESSAGE]:
        lines.append("- " + _where(problem) + problem.message)
    more = len(sector.problems) - PROBLEMS_IN_MESSAGE
    if more > 0:
        lines.append(say_plural("feedback.more", "- e {count} altro, nella copia allegata",
                                "- e altri {count}, nella copia allegata", more))
    return "\n".join(lines)


def _where(problem) -> str:
    if problem.row is not None and problem.column:
        return say("feedback.where_cell", "riga {row}, colonna «{column}»: ", row=problem.row, column=problem.column)
    if problem.row is not None:
        return say("feedback.where_row", "riga {row}: ", row=problem.row)
    return ""
