"""The report's words, in Italian and English, and the document's metadata built from them.

Apart from :mod:`intl_report.report_content` (which needs pandas for the activities) so that the ``intl-report``
command can give the renderer its metadata without importing pandas: the notebooks do the heavy work in
processes of their own, and this process only waits for them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .formatting import format_date
from .layout import YearLayout, completeness, load_summaries
from .registry import Registry, load_registry

LABELS = {
    "it": {
        "title": "Rapporto sull'internazionalizzazione",
        "summary": "Il {year} in sintesi",
        "summary_intro": (
            "Questo rapporto rende conto di ciascuna attività internazionale svolta nel {year} dai settori che "
            "partecipano al {table} della {city}, attivo dal {established}."
        ),
        "figure": "Indicatore", "value": "Valore", "previous": "{year}", "change": "Variazione",
        "activities": "Attività", "sectors_involved": "Settori con attività", "partner_countries": "Paesi partner",
        "partner_cities": "Città ed enti partner", "networks": "Reti e programmi", "eu_contribution": "Contributo UE alla Città",
        "city_cofunding": "Cofinanziamento della Città", "total_budget": "Budget complessivo delle attività",
        "participants": "Partecipanti", "joint_activities": "Attività congiunte tra settori",
        "cross": "Analisi trasversale",
        "top_cities": "Città ed enti partner più frequenti",
        "cross_intro": (
            "Le attività svolte insieme da più settori sono contate una sola volta nei totali della Città "
            "e compaiono nel capitolo di ciascun settore."
        ),
        "sectors_part": "Le attività dei settori",
        "remit": "Competenze", "sector_figures": "{n} attività; contributo UE {eu}; budget complessivo {budget}.",
        "no_activities": "Il settore non ha segnalato attività valide per il {year}.",
        "type": "Tipologia", "status": "Stato", "dates": "Periodo", "partners": "Partner",
        "countries": "Paesi", "cities": "Città ed enti", "network": "Rete o programma", "role": "Ruolo della Città",
        "budget": "Budget", "eu": "Contributo UE", "cofunding": "Cofinanziamento Città", "results": "Risultati",
        "funding": "Fonte di finanziamento",
        "participants_short": "Partecipanti", "sdgs": "Obiettivi SDG", "joint": "Attività congiunta con",
        "link": "Link", "from": "dal", "ongoing": "in corso",
        "appendix": "Appendice",
        "methodology": "Nota metodologica",
        "methodology_text": (
            "Ogni settore compila una cartella di lavoro (una riga per attività) sul modello prodotto da "
            "`intl-report template`. La procedura legge ogni file, normalizza date, importi, paesi (codici ISO 3166-1) "
            "e voci codificate, e controlla ogni riga rispetto allo schema delle attività. Le righe con errori sono "
            "scartate con il motivo e restituite al settore; nessuna riga viene persa: per ogni settore le righe lette "
            "sono la somma di quelle accolte e di quelle scartate. Un'attività segnalata da più settori (stesso titolo "
            "e stesse date) è contata una volta nei totali. I continenti seguono la classificazione UN M49. "
            "Il nome del referente è un dato personale e non compare nel rapporto."
        ),
        "quality": "Qualità dei dati",
        "quality_intro": "Per ogni settore: righe lette, accolte e scartate, e stato del file ricevuto.",
        "sector": "Settore", "file": "File", "read": "Lette", "kept": "Accolte", "rejected": "Scartate",
        "country": "Paese", "continent": "Continente",
        "state": "Stato del file",
        "state_ok": "ricevuto", "state_missing": "non ricevuto", "state_unreadable": "illeggibile",
        "state_not_processed": "non elaborato",
        "quality_problems": "Problemi da correggere",
        "glossary": "Glossario",
        "glossary_types": "Tipologie di attività", "glossary_networks": "Reti e programmi citati",
        "draft_title": "Bozza: dati incompleti",
        "draft_text": (
            "Questa è una bozza. Il rapporto definitivo potrà essere pubblicato quando tutti i settori avranno "
            "inviato dati completi e corretti. Mancano o sono incompleti:"
        ),
        "total": "Totale",
        "compact_note": (
            "Le attività del {year} sono {n}: oltre {limit} un elenco dettagliato supererebbe le mille pagine. "
            "Per questo ogni capitolo dei settori le riassume per tipologia e riporta le più rilevanti per "
            "budget; l'elenco completo, una riga per attività con tutti i dati, è nel file «{file}» pubblicato "
            "insieme a questo rapporto."
        ),
        "by_type": "Attività per tipologia", "largest": "Le attività con il budget più alto",
        "activity": "Attività",
        "complete_list": (
            "L'elenco completo delle {n} attività del settore è nel file «{file}» pubblicato con questo rapporto "
            "(colonna «Settore»: {name})."
        ),
    },
    "en": {
        "title": "Report on internationalisation",
        "summary": "{year} at a glance",
        "summary_intro": (
            "This report accounts for each international activity carried out in {year} by the departments taking "
            "part in the {city}'s coordination table for international activities, established in {established}."
        ),
        "figure": "Indicator", "value": "Value", "previous": "{year}", "change": "Change",
        "activities": "Activities", "sectors_involved": "Departments with activities", "partner_countries": "Partner countries",
        "partner_cities": "Partner cities and bodies", "networks": "Networks and programmes",
        "eu_contribution": "EU contribution to the City", "city_cofunding": "City co-funding",
        "total_budget": "Total budget of the activities", "participants": "Participants",
        "joint_activities": "Joint activities between departments",
        "cross": "Cross-sector analysis",
        "top_cities": "Most frequent partner cities and bodies",
        "cross_intro": (
            "Activities carried out jointly by several departments are counted once in the City's totals and "
            "appear in each department's chapter."
        ),
        "sectors_part": "Departments' activities",
        "remit": "Remit", "sector_figures": "{n} activities; EU contribution {eu}; total budget {budget}.",
        "no_activities": "The department reported no valid activities for {year}.",
        "type": "Type", "status": "Status", "dates": "Period", "partners": "Partners",
        "countries": "Countries", "cities": "Cities and bodies", "network": "Network or programme",
        "role": "Role of the City", "budget": "Budget", "eu": "EU contribution", "cofunding": "City co-funding",
        "funding": "Funding source",
        "results": "Results", "participants_short": "Participants", "sdgs": "SDGs", "joint": "Joint activity with",
        "link": "Link", "from": "from", "ongoing": "ongoing",
        "appendix": "Appendix",
        "methodology": "Methodology",
        "methodology_text": (
            "Each department fills in a workbook (one row per activity) based on the template produced by "
            "`intl-report template`. The pipeline reads each file, normalises dates, amounts, countries (ISO 3166-1 "
            "codes) and coded values, and checks every row against the activity schema. Rows with errors are "
            "rejected with their reason and returned to the department; no row is lost: for each department, rows "
            "read equal rows kept plus rows rejected. An activity reported by several departments (same title and "
            "dates) is counted once in the totals. Continents follow the UN M49 standard. The contact person's name "
            "is personal data and does not appear in the report."
        ),
        "quality": "Data quality",
        "quality_intro": "For each department: rows read, kept and rejected, and the state of the file received.",
        "sector": "Department", "file": "File", "read": "Read", "kept": "Kept", "rejected": "Rejected",
        "country": "Country", "continent": "Continent",
        "state": "File", "state_ok": "received", "state_missing": "not received", "state_unreadable": "unreadable",
        "state_not_processed": "not processed",
        "quality_problems": "Problems to fix",
        "glossary": "Glossary",
        "glossary_types": "Types of activity", "glossary_networks": "Networks and programmes mentioned",
        "draft_title": "Draft: incomplete data",
        "draft_text": (
            "This is a draft. The final report can be published once every department has sent complete and "
            "correct data. Missing or incomplete:"
        ),
        "total": "Total",
        "compact_note": (
            "There are {n} activities in {year}: above {limit}, a detailed list would run to more than a thousand "
            "pages. Each department's chapter therefore summarises them by type and shows the largest by budget; "
            "the complete list, one row per activity with all its data, is in the file “{file}” published with "
            "this report."
        ),
        "by_type": "Activities by type", "largest": "Activities with the largest budget",
        "activity": "Activity",
        "complete_list": (
            "The complete list of the department's {n} activities is in the file “{file}” published with this "
            "report (column “Settore”: {name})."
        ),
    },
}


def check_lang(lang: str) -> str:
    if lang not in LABELS:
        raise ValueError(f"Lingua non prevista: {lang!r} (previste: {', '.join(LABELS)})")
    return lang


def document_metadata(year: int, lang: str, registry: Registry, incomplete: list[str],
                      edition_date: dt.date | None = None) -> dict:
    """Document metadata for the renderer (title page, PDF properties, draft flag).

    *incomplete* lists what keeps the year's data from being complete (``layout.completeness``): a draft.
    """
    words = LABELS[check_lang(lang)]
    edition = edition_date or dt.date.today()
    return {
        "title": f"{words['title']} {year}",
        "subtitle": registry.table if lang == "it" else "Coordination table for international activities",
        "year": year,
        "edition_date": format_date(edition, lang),
        "draft": bool(incomplete),
        "lang": lang,
        "author": registry.city,
        "subject": words["summary_intro"].format(year=year, table=registry.table, city=registry.city,
                                                 established=registry.established),
        "keywords": ["Torino", "relazioni internazionali", "internazionalizzazione", str(year)],
        # A draft opens with the list of what is missing (house style: before the table of contents).
        "notice_title": words["draft_title"] if incomplete else None,
        "notice_intro": words["draft_text"] if incomplete else None,
        "notice": list(incomplete),
    }


def render_metadata(year: int, lang: str = "it", processed_dir: str | Path | None = None,
                    edition_date: dt.date | None = None) -> dict:
    """:func:`document_metadata` for the renderer, from the year's summaries only (no activities, no charts)."""
    layout = YearLayout.of(year, None, processed_dir)
    lang = check_lang(lang)
    return document_metadata(layout.year, lang, load_registry(), completeness(load_summaries(layout), lang),
                             edition_date)
