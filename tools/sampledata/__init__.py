"""Deterministic generator of realistic, deliberately messy sample data.

A repository tool, not part of the installed ``intl_report`` package (which only reads its output).
``PYTHONPATH=tools python -m sampledata --year 2025`` (``make sample`` runs it for 2024 and 2025) writes one
workbook per sector of the registry to ``data/raw/2025/<slug>.xlsx``. The activities are synthetic
but plausible for the Città di Torino: real networks and programmes (Eurocities,
ICLEI, URBACT, Interreg ALCOTRA, Horizon Europe, AICS…), real twin and partner
cities, invented project acronyms, results and contact persons. Its vocabulary (sector profiles,
title templates, cities, networks, names…) is in the data files of ``data/``, read at generation time.

Only :class:`random.Random` instances seeded with strings are used, so the same
seed gives the same activities and byte-identical ``.xlsx`` files (workbook
properties and zip timestamps are fixed). The order of the draws is part of the data:
reordering draws, or entries of a list in ``data/``, changes the workbooks.

Structure of a year (see :func:`generate_activities`):

* about 400 activities in 2025, 5 to 60 per sector, about 10% fewer per year back;
* multi-year activities starting in year *Y* carry the ID ``<PREFIX>-<Y>-<nnn>``
  and appear, with the same ID, title and dates, in the workbooks of *Y* and *Y+1*
  (about half of a year's multi-year activities are carried over from the year before);
* six joint activities per year are reported by two sectors (same title and dates,
  each listing the other in ``other_sectors``, each with its own sector's ID);
* a handful of titles with odd characters, to test the layout: one with
  ``# $ * _ @ < [ &``, one with accents and umlauts (``Città–Köln…``), one with emoji
  flags, one with Arabic (right-to-left) text in the title and partner cities, and
  one of about 200 characters.

The messy layer (:func:`write_sector_workbook` with ``messy=True``) renders the
clean values the way sectors really fill in a sheet, varying deterministically
per sector: a title row (and sometimes a note row and an empty row) above the
header; sheet names ``Attività <year>``, ``Foglio1`` or ``Attività internazionali``;
two adjacent columns swapped and an extra ``Note`` column in a few sheets; dates as
Excel dates, as text ``03/02/2025`` or as ``3 febbraio 2025``; amounts as numbers or
as text ``€ 12.500,00``; countries in Italian (``Germania; Francia``, with variants
such as ``USA``, ``Olanda``, ``Gran Bretagna``), in English (``Germany, France``) or as
ISO codes (``DE; FR``); codes as their Italian label with odd case, stray spaces or a
synonym; other sectors by official name or slug; network names with variant
spellings; stray spaces in text; an empty row in the middle of a few sheets; an
``Istruzioni`` sheet after the data in a few workbooks.

Deliberate errors that a validator must reject, 8 per year (:data:`ERROR_KINDS`,
spread by :func:`write_year` over the sectors, never in ``relazioni-internazionali``
or ``cooperazione-pace``), each on a different row:

* ``missing_title`` – the title cell is empty;
* ``missing_start`` – the start date cell is empty;
* ``invalid_date`` – the start date is the impossible text ``31/02/<year>``;
* ``end_before_start`` – the end date is a few days before the start date;
* ``unknown_type`` – the type is ``workshop``;
* ``unknown_country`` – a country is written ``Germnia``;
* ``amount_text`` – the total budget is ``da definire``;
* ``duplicate_row`` – an exact copy of another row of the same sheet (the only
  duplicated activity of the year).

Nothing about these errors is recorded: they are reproducible from the seed.
"""

from .cli import main
from .deliberate_errors import ERROR_KINDS, IMPORTANT_SECTORS, error_plan
from .generation import DEFAULT_SEED, generate_activities
from .workbook import write_sector_workbook, write_year
from .year_plan import REFERENCE_YEAR

__all__ = [
    "DEFAULT_SEED",
    "ERROR_KINDS",
    "IMPORTANT_SECTORS",
    "REFERENCE_YEAR",
    "error_plan",
    "generate_activities",
    "main",
    "write_sector_workbook",
    "write_year",
]
